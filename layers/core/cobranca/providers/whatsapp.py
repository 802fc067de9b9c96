"""WhatsApp Cloud API (Meta Graph): template messages that open a conversation (F44).

POST {base}/{version}/{phone-number-id}/messages with "Authorization: Bearer <token>" and
{"messaging_product": "whatsapp", "recipient_type": "individual", "to": ..., "type": "template",
"template": {"name", "language": {"code"}, "components": [{"type": "body", "parameters": [{"type":
"text", "text"}]}]}} -> {"messages": [{"id": "wamid..."}]}. Errors come as {"error": {"code", ...}}:
131026 (undeliverable) and 100 (invalid parameter, e.g. not a WhatsApp number) are permanent;
5xx, 429/130429 (throughput) and time-outs are transient.
"""

from __future__ import annotations

import httpx

from cobranca.domain.messages import DeliveryFailed
from cobranca.providers.zenvia import classify

PERMANENT_CODES = {100, 131008, 131009, 131026, 131030, 132000, 132001}
BAD_RECIPIENT_CODES = {131026, 131030}  # undeliverable / not an allowed recipient: the number is the problem


class WhatsAppCloud:
    def __init__(self, base_url: str, token: str, version: str = "v21.0", timeout: float = 10.0) -> None:
        self.client = httpx.Client(base_url=base_url.rstrip("/"), timeout=timeout)
        self.token = token
        self.version = version

    def send_template(
        self, phone_number_id: str, to: str, name: str, language: str, parameters: list[str]
    ) -> str:
        template: dict[str, object] = {"name": name, "language": {"code": language}}
        if parameters:
            template["components"] = [
                {"type": "body", "parameters": [{"type": "text", "text": p} for p in parameters]}
            ]
        body = {
            "messaging_product": "whatsapp",
            "recipient_type": "individual",
            "to": to,
            "type": "template",
            "template": template,
        }
        try:
            response = self.client.post(
                f"/{self.version}/{phone_number_id}/messages",
                json=body,
                headers={"Authorization": f"Bearer {self.token}"},
            )
        except httpx.TransportError as exc:
            raise DeliveryFailed(f"WhatsApp indisponível: {type(exc).__name__}", permanent=False) from exc
        if response.status_code >= 300:
            failure = classify(response, "WhatsApp")
            code = _error_code(response)
            if code is not None:  # Graph's own code says more than the HTTP status
                failure.permanent = code in PERMANENT_CODES
                failure.bad_destination = code in BAD_RECIPIENT_CODES
            raise failure
        return str(response.json()["messages"][0]["id"])


def _error_code(response: httpx.Response) -> int | None:
    try:
        return int(response.json()["error"]["code"])
    except (ValueError, KeyError, TypeError):
        return None
