"""Entity <-> item conversion and opaque cursors (tenant-checked)."""

from __future__ import annotations

import base64
import json
from typing import Any

from cobranca.domain.errors import InvalidInput


def encode_cursor(last_key: dict[str, Any] | None) -> str | None:
    if not last_key:
        return None
    return base64.urlsafe_b64encode(json.dumps(last_key, separators=(",", ":")).encode()).decode()


def decode_cursor(cursor: str | None, tenant: str, names: frozenset[str]) -> dict[str, Any] | None:
    """A cursor is only accepted if it holds exactly the `names` of the queried index's key, as
    strings, and belongs to the caller's tenant (anything else would reach DynamoDB as a 400)."""
    if not cursor:
        return None
    try:
        key = json.loads(base64.urlsafe_b64decode(cursor.encode()))
        values = [v["S"] for v in key.values()]
    except (ValueError, TypeError, KeyError, AttributeError) as exc:
        raise InvalidInput("cursor", "cursor inválido") from exc
    prefix = f"T#{tenant}#"
    if set(key) != names or not all(isinstance(v, str) and v for v in values):
        raise InvalidInput("cursor", "cursor inválido")
    if not any(v.startswith(prefix) for v in values):
        raise InvalidInput("cursor", "cursor inválido")
    return dict(key)
