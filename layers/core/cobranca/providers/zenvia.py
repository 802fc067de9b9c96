"""Zenvia API v2, SMS channel: POST {base}/v2/channels/sms/messages.

Header X-API-TOKEN; body {"from": <sender id>, "to": "55DDNNNNNNNNN", "contents": [{"type": "text",
"text": ...}]}; 200 answers the message with its "id". A 4xx (VALIDATION_ERROR, invalid recipient) is
permanent; 5xx, 429 and time-outs are transient.
"""

from __future__ import annotations

from collections.abc import Callable
from functools import lru_cache

import httpx

from cobranca.domain.messages import DeliveryFailed


def classify(response: httpx.Response, what: str) -> DeliveryFailed:
    """Shared by the HTTP providers: which answers are worth retrying."""
    transient = response.status_code >= 500 or response.status_code in (408, 429)
    try:
        detail = response.json()
    except ValueError:
        detail = response.text[:200]
    return DeliveryFailed(f"{what} HTTP {response.status_code}: {str(detail)[:300]}", permanent=not transient)


class ZenviaSms:
    def __init__(self, base_url: str, token: str, timeout: float = 10.0) -> None:
        self.client = httpx.Client(base_url=base_url.rstrip("/"), timeout=timeout)
        self.token = token

    def send_sms(self, sender: str, to: str, text: str) -> str:
        body = {"from": sender, "to": to, "contents": [{"type": "text", "text": text}]}
        try:
            response = self.client.post(
                "/v2/channels/sms/messages", json=body, headers={"X-API-TOKEN": self.token}
            )
        except httpx.TransportError as exc:  # time-out, connection refused: try again later
            raise DeliveryFailed(f"Zenvia indisponível: {type(exc).__name__}", permanent=False) from exc
        if response.status_code >= 300:
            failure = classify(response, "Zenvia")
            # only a refused recipient condemns the number; other validation errors are our request's
            failure.bad_destination = failure.permanent and _recipient_refused(response)
            raise failure
        return str(response.json()["id"])


def _recipient_refused(response: httpx.Response) -> bool:
    try:
        details = response.json().get("details") or []
    except (ValueError, AttributeError):
        return False
    return any(str(d.get("path", "")) == "to" for d in details if isinstance(d, dict))


def lazy_sms(base_url: str, token: Callable[[], str]) -> Callable[[], ZenviaSms]:
    """The client made on first use: the token is read only when a message goes by SMS."""

    @lru_cache(maxsize=1)
    def sms() -> ZenviaSms:
        return ZenviaSms(base_url, token())

    return sms
