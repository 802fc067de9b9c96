"""Receiving the portador's webhooks (Asaas, F32): check the token, queue the body, answer 200 at once.

Asaas counts a delivery only when it gets HTTP 200 within 10 s and pauses the tenant's queue after 15
failures in a row, so this does the least it can: the token is compared in constant time with the
tenant's (a wrong or missing one is 401, never a 5xx), the body goes to PaymentEventQueue as it came and
the worker applies it once, by its event id. No table read or write happens here; a redelivery is
queued again and the worker's guard makes it change nothing."""

from __future__ import annotations

import hmac
import json
import re
import time
from dataclasses import dataclass

from cobranca import secret_names
from cobranca.gateways import JobQueue, SecretStore
from cobranca.jobs import PaymentEventJob

TENANT = re.compile(r"^[a-z0-9][a-z0-9-]{0,39}$")
TOKEN_SECONDS = 300.0  # a tenant's token is read again after this (or at once when one fails to match)
MAX_BODY = 256 * 1024


# The fields of Asaas's event the worker reads, and the JSON types Asaas documents for them (a field may
# be absent or null). Anything else in the body is kept as it came.
EVENT_FIELDS: dict[str, tuple[type, ...]] = {"event": (str,), "dateCreated": (str,), "payment": (dict,)}
PAYMENT_FIELDS: dict[str, tuple[type, ...]] = {
    "id": (str,),
    "externalReference": (str,),
    "billingType": (str,),
    "value": (int, float),
    "netValue": (int, float),
    "installmentNumber": (int,),
    "paymentDate": (str,),
    "clientPaymentDate": (str,),
    "confirmedDate": (str,),
    "creditDate": (str,),
    "estimatedCreditDate": (str,),
    "refunds": (list,),
}
NAMES = {dict: "um objeto", list: "uma lista", str: "um texto", int: "um número", float: "um número"}


def _type_error(where: dict[str, object], fields: dict[str, tuple[type, ...]], prefix: str) -> str | None:
    for name, types in fields.items():
        value = where.get(name)
        if value is not None and (not isinstance(value, types) or isinstance(value, bool)):
            return f"{prefix}{name}: deveria ser {NAMES[types[0]]}"
    return None


def shape_error(payload: object) -> str | None:
    """Why an event cannot be applied as it is (the field and the reason), or None: checked before it is
    queued, so the worker never meets a body it cannot read."""
    if not isinstance(payload, dict):
        return "corpo: o evento deve ser um objeto JSON"
    if not isinstance(payload.get("id"), str) or not payload["id"] or len(payload["id"]) > 200:
        return "id: o evento não tem id"
    wrong = _type_error(payload, EVENT_FIELDS, "")
    payment = payload.get("payment")
    if wrong is None and isinstance(payment, dict):
        if not isinstance(payment.get("id"), str):
            return "payment.id: a cobrança não tem id"
        wrong = _type_error(payment, PAYMENT_FIELDS, "payment.")
    return wrong


@dataclass(frozen=True, slots=True)
class Answer:
    status: int
    body: dict[str, object]


class WebhookReceiver:
    def __init__(self, secrets: SecretStore, queue: JobQueue, stage: str) -> None:
        self.secrets = secrets
        self.queue = queue
        self.stage = stage
        self._tokens: dict[str, tuple[str | None, float]] = {}

    def asaas(self, tenant: str, token: str | None, body: bytes) -> Answer:
        if not token or not TENANT.match(tenant) or not self._matches(tenant, token):
            return Answer(401, {"message": "token de webhook inválido"})
        if len(body) > MAX_BODY:
            return Answer(413, {"message": "corpo grande demais"})
        try:
            payload = json.loads(body)
        except (ValueError, RecursionError):  # a 1,000-deep array is a RecursionError, not a ValueError
            return Answer(400, {"message": "corpo: JSON inválido"})
        wrong = shape_error(payload)
        if wrong is not None:
            return Answer(400, {"message": wrong})
        self.queue.send(PaymentEventJob(tenant=tenant, event=payload))
        return Answer(200, {"received": True})

    def _matches(self, tenant: str, token: str) -> bool:
        expected, read_at = self._tokens.get(tenant, (None, 0.0))
        fresh = time.monotonic() - read_at < TOKEN_SECONDS
        if fresh and expected and hmac.compare_digest(token.encode(), expected.encode()):
            return True
        if fresh and time.monotonic() - read_at < 5.0:  # just read: no second look
            return False
        expected = self.secrets.get(secret_names.asaas_webhook_token(self.stage, tenant))
        self._tokens[tenant] = (expected, time.monotonic())
        return bool(expected) and hmac.compare_digest(token.encode(), (expected or "").encode())
