"""Loopback stand-ins for Zenvia (SMS, API v2) and the WhatsApp Cloud API, speaking their wire formats.

- POST /v2/channels/sms/messages, header X-API-TOKEN, {from, to, contents: [{type: "text", text}]}
  -> 200 {id, from, to, direction: "OUT", channel: "sms", contents, timestamp};
     400 {code: "VALIDATION_ERROR", message, details} for a bad body or an invalid recipient.
- POST /{version}/{phone-number-id}/messages, "Authorization: Bearer <token>", a template message
  -> 200 {messaging_product, contacts: [{input, wa_id}], messages: [{id: "wamid…"}]};
     errors as {error: {message, type, code, fbtrace_id}} (131026 for an undeliverable number).
Numbers ending in 0000 are 'invalid'. Fault injection (fault_rate): a 503 or a dropped connection,
decided before anything is recorded, so a faulted request never counts as delivered.
GET /outbox.json lists what was accepted; GET /outbox shows it as a page.
"""

from __future__ import annotations

import html
import json
import random
import re
import threading
import time
import uuid
from datetime import UTC, datetime
from typing import Any

from infra.local.loopback import LoopbackServer

JSON = "application/json"
ZENVIA_TOKEN = "local-zenvia-token"
WHATSAPP_TOKEN = "local-whatsapp-token"
_WHATSAPP = re.compile(r"^/v\d+\.\d+/(\w+)/messages$")
_PHONE = re.compile(r"^55\d{10,11}$")


class FakeMessaging(LoopbackServer):
    def __init__(self, fault_rate: float = 0.0, seed: int = 7, drop_seconds: float = 0.3) -> None:
        self.fault_rate = fault_rate
        self.random = random.Random(seed)
        self.drop_seconds = drop_seconds
        self.sent: list[dict[str, Any]] = []
        self.faults = 0
        self.lock = threading.Lock()
        super().__init__()

    def handle(
        self, method: str, path: str, headers: dict[str, str], body: bytes
    ) -> tuple[int, Any, str] | None:
        if method == "GET" and path == "/outbox.json":
            return 200, self.sent, JSON
        if method == "GET" and path == "/outbox":
            return 200, self.page(), "text/html; charset=utf-8"
        with self.lock:
            fault = self.random.random() < self.fault_rate
            drop = self.random.random() < 0.5
        if fault:
            self.faults += 1
            if drop:
                time.sleep(self.drop_seconds)
                return None
            return 503, {"message": "Service Unavailable"}, JSON
        try:
            payload = json.loads(body or b"{}")
        except ValueError:
            return 400, {"code": "VALIDATION_ERROR", "message": "invalid JSON"}, JSON
        if method == "POST" and path == "/v2/channels/sms/messages":
            return self.zenvia(headers, payload)
        match = _WHATSAPP.match(path)
        if method == "POST" and match:
            return self.whatsapp(match.group(1), headers, payload)
        return 404, {"message": "not found"}, JSON

    def zenvia(self, headers: dict[str, str], p: dict[str, Any]) -> tuple[int, Any, str]:
        if headers.get("X-API-TOKEN") != ZENVIA_TOKEN:
            return 401, {"code": "UNAUTHORIZED", "message": "Invalid token"}, JSON
        contents = p.get("contents") or []
        text_ok = len(contents) == 1 and contents[0].get("type") == "text" and contents[0].get("text")
        if not p.get("from") or not text_ok:
            details = [{"code": "REQUIRED", "path": "from|contents", "message": "from and one text content"}]
            return 400, {"code": "VALIDATION_ERROR", "message": "Validation error", "details": details}, JSON
        to = str(p.get("to", ""))
        if not _PHONE.match(to) or to.endswith("0000"):
            details = [{"code": "INVALID_RECIPIENT", "path": "to", "message": "invalid mobile number"}]
            return 400, {"code": "VALIDATION_ERROR", "message": "Invalid recipient", "details": details}, JSON
        message = {
            "id": str(uuid.uuid4()),
            "from": p["from"],
            "to": to,
            "direction": "OUT",
            "channel": "sms",
            "contents": contents,
            "timestamp": datetime.now(UTC).isoformat(),
        }
        self.sent.append({"channel": "sms", "to": to, "text": contents[0]["text"], "id": message["id"]})
        return 200, message, JSON

    def whatsapp(self, number_id: str, headers: dict[str, str], p: dict[str, Any]) -> tuple[int, Any, str]:
        if headers.get("Authorization") != f"Bearer {WHATSAPP_TOKEN}":
            return 401, _graph_error(190, "Invalid OAuth access token.", "OAuthException"), JSON
        template = p.get("template") or {}
        if (
            p.get("messaging_product") != "whatsapp"
            or p.get("type") != "template"
            or not template.get("name")
        ):
            return 400, _graph_error(100, "Invalid parameter", "OAuthException"), JSON
        to = str(p.get("to", ""))
        if not _PHONE.match(to) or to.endswith("0000"):
            return 400, _graph_error(131026, "Message undeliverable", "OAuthException"), JSON
        params = [
            param.get("text", "")
            for component in template.get("components", [])
            if component.get("type") == "body"
            for param in component.get("parameters", [])
        ]
        wamid = f"wamid.{uuid.uuid4().hex}"
        self.sent.append(
            {
                "channel": "whatsapp",
                "to": to,
                "from_number_id": number_id,
                "template": template["name"],
                "language": (template.get("language") or {}).get("code"),
                "parameters": params,
                "id": wamid,
            }
        )
        body = {
            "messaging_product": "whatsapp",
            "contacts": [{"input": to, "wa_id": to}],
            "messages": [{"id": wamid}],
        }
        return 200, body, JSON

    def page(self) -> str:
        rows = "".join(
            f"<tr><td>{html.escape(m['channel'])}</td><td>{html.escape(m['to'])}</td>"
            f"<td>{html.escape(m.get('text') or m.get('template', '') + ' ' + ' | '.join(m.get('parameters', [])))}"
            "</td></tr>"
            for m in reversed(self.sent)
        )
        return (
            "<!doctype html><meta charset=utf-8><title>outbox</title>"
            "<h1>SMS e WhatsApp enviados (local)</h1><table border=1 cellpadding=4>"
            f"<tr><th>canal</th><th>para</th><th>conteúdo</th></tr>{rows}</table>"
        )


def _graph_error(code: int, message: str, kind: str) -> dict[str, Any]:
    return {"error": {"message": message, "type": kind, "code": code, "fbtrace_id": uuid.uuid4().hex[:12]}}
