"""Checks a request's body before any parser sees it: bytes that are not JSON text never reach a 500.

Runs ahead of Powertools' validation (which would raise on a missing multipart boundary, on bytes that
are not UTF-8 and on JSON nested deep enough to exhaust the recursion limit). The import route is the
one route whose body is a file (text/csv); it is read as bytes by its own service.
"""

from __future__ import annotations

import base64
import binascii
import json
from collections.abc import Mapping
from typing import Any

MAX_JSON_DEPTH = 32
JSON_TYPES = ("", "application/json")
FILE_TYPES = ("text/csv", "application/csv", "text/plain", "application/octet-stream")
SHEET_TYPES = ("application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",)


def rejection(event: Mapping[str, Any]) -> tuple[int, str, str, str] | None:
    """(status, code, field, reason) when the body cannot be a valid request, else None."""
    body = event.get("body")
    if not body:
        return None
    headers = {str(k).lower(): str(v) for k, v in (event.get("headers") or {}).items()}
    content_type = headers.get("content-type", "").split(";")[0].strip().lower()
    if content_type in FILE_TYPES or content_type in SHEET_TYPES:
        return None
    if content_type not in JSON_TYPES and not content_type.endswith("+json"):
        return 415, "unsupported_media_type", "content-type", "envie o corpo como application/json"
    try:
        raw = base64.b64decode(body, validate=True) if event.get("isBase64Encoded") else body.encode()
        text = raw.decode("utf-8")
    except (UnicodeError, binascii.Error, ValueError):
        return 422, "invalid_input", "body", "o corpo deve ser JSON em UTF-8"
    if json_depth(text) > MAX_JSON_DEPTH:
        return 422, "invalid_input", "body", f"JSON aninhado demais (no máximo {MAX_JSON_DEPTH} níveis)"
    return None


def json_depth(text: str) -> int:
    """The deepest nesting of arrays and objects in a JSON text, counted without parsing it."""
    if text.count("[") + text.count("{") <= MAX_JSON_DEPTH:  # the usual body: no need to walk it
        return text.count("[") + text.count("{")
    depth = deepest = 0
    in_string = escaped = False
    for ch in text:
        if in_string:
            if escaped:
                escaped = False
            elif ch == "\\":
                escaped = True
            elif ch == '"':
                in_string = False
        elif ch == '"':
            in_string = True
        elif ch in "[{":
            depth += 1
            deepest = max(deepest, depth)
        elif ch in "]}":
            depth -= 1
    return deepest


def proxy_response(
    status: int, code: str, field: str, reason: str, headers: dict[str, str]
) -> dict[str, Any]:
    """The HTTP API (payload 2.0) answer, in the one error body every 4xx has."""
    body = {"code": code, "message": f"{field}: {reason}", "errors": [{"field": field, "reason": reason}]}
    return {
        "statusCode": status,
        "headers": {"Content-Type": "application/json", **headers},
        "body": json.dumps(body, ensure_ascii=False),
        "isBase64Encoded": False,
    }
