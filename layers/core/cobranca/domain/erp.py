"""Notices to the tenant's ERP (F04): what happened to its titles and agreements, signed, each delivered
until the ERP answers 2xx (for up to three days) and never twice as two different notices.

- The signature is Stripe's scheme: `Cobranca-Signature: t=<unix seconds>,v1=<hex HMAC-SHA256 of
  "<t>.<raw body>" with the tenant's secret>`; the receiver recomputes it and refuses old timestamps.
- Each notice's id is derived from what it is about (the event and the entity), so the same fact told
  twice (a redelivered payment, a retried job) is the same delivery, which the receiver dedupes too.
- Targets are public HTTPS addresses: no loopback, private, link-local or reserved address (SSRF), unless
  the environment allows them (the local stack's receiver is on loopback).
"""

from __future__ import annotations

import hashlib
import hmac
import ipaddress
from collections.abc import Iterable
from enum import StrEnum
from typing import Annotated, Any
from urllib.parse import urlsplit

from pydantic import Field, StringConstraints, field_validator

from cobranca.domain.agreements import Agreement, Installment
from cobranca.domain.errors import InvalidInput
from cobranca.domain.model import Command, Entity
from cobranca.domain.portfolio import Title

SIGNATURE_HEADER = "Cobranca-Signature"
DELIVERY_HEADER = "Cobranca-Delivery"
EVENT_HEADER = "Cobranca-Event"
RETRY_FOR_SECONDS = 3 * 24 * 3600
FIRST_RETRY_SECONDS = 60
MAX_RETRY_GAP_SECONDS = 6 * 3600


class ErpEvent(StrEnum):
    TITLE_PAID = "title.paid"
    INSTALLMENT_PAID = "installment.paid"
    AGREEMENT_CREATED = "agreement.created"
    AGREEMENT_BROKEN = "agreement.broken"
    AGREEMENT_PAID = "agreement.paid"


class ErpWebhookIn(Command):
    url: Annotated[str, StringConstraints(min_length=8, max_length=500)] = Field(
        description="where the notices are POSTed (https)"
    )
    secret: Annotated[str, StringConstraints(min_length=24, max_length=255, pattern=r"^\S+$")] = Field(
        description="the HMAC key of Cobranca-Signature; write-only"
    )
    events: Annotated[list[ErpEvent], Field(min_length=1)] = Field(default_factory=lambda: list(ErpEvent))

    @field_validator("url")
    @classmethod
    def _url(cls, value: str) -> str:
        parts = urlsplit(value)
        if parts.scheme not in ("https", "http") or not parts.hostname:
            raise ValueError("informe um endereço https://")
        if parts.username is not None or parts.password is not None:  # never stored, logged or shown
            raise ValueError("o endereço não pode levar usuário e senha: use o segredo da assinatura")
        return value


class ErpWebhook(Entity):
    """The ERP webhook as shown: never the secret, only its last four characters."""

    url: str
    events: list[ErpEvent]
    secret_last4: str
    updated_at: str


class DeliveryStatus(StrEnum):
    PENDING = "pending"  # not yet answered with 2xx; next_attempt_at says when it is tried again
    DELIVERED = "delivered"
    FAILED = "failed"  # three days without a 2xx (or a target refused): POST …/retry sends it again


class ErpDelivery(Entity):
    id: str
    event: ErpEvent
    body: str = Field(description="the JSON body as sent, byte for byte (what the signature covers)")
    status: DeliveryStatus
    attempts: int = 0
    last_status: int | None = Field(None, description="the ERP's last HTTP status")
    last_error: str | None = None
    next_attempt_at: str | None = None
    created_at: str
    delivered_at: str | None = None


def delivery_id(event: ErpEvent, subject: str) -> str:
    """The notice's id from what it tells: one fact, one delivery, however many times it is told."""
    return "dlv_" + hashlib.sha256(f"{event.value}|{subject}".encode()).hexdigest()[:32]


def signature(secret: str, timestamp: int, body: str) -> str:
    mac = hmac.new(secret.encode(), f"{timestamp}.{body}".encode(), hashlib.sha256).hexdigest()
    return f"t={timestamp},v1={mac}"


def verify(secret: str, header: str, body: str, now: int, tolerance: int = 300) -> bool:
    """What an ERP does with the header (and the local receiver): the HMAC matches and it is recent."""
    fields = dict(p.split("=", 1) for p in header.split(",") if "=" in p)
    try:
        timestamp = int(fields.get("t", ""))
    except ValueError:
        return False
    expected = signature(secret, timestamp, body).split("v1=", 1)[1]
    return abs(now - timestamp) <= tolerance and hmac.compare_digest(expected, fields.get("v1", ""))


def retry_delay(attempts: int) -> int:
    """Seconds until the next try after `attempts` failed ones: 1 min, doubling, at most 6 h apart."""
    return int(min(FIRST_RETRY_SECONDS * 2 ** max(0, attempts - 1), MAX_RETRY_GAP_SECONDS))


def target_refusal(url: str, addresses: Iterable[str], allow_private: bool) -> str | None:
    """Why a notice may not go to `url` (resolved to `addresses`), or None."""
    parts = urlsplit(url)
    if allow_private:
        return None
    if parts.scheme != "https":
        return "o endereço do ERP deve ser https"
    found = list(addresses)
    if not found:
        return "o endereço do ERP não resolve"
    for a in found:
        ip = ipaddress.ip_address(a)
        if not ip.is_global or ip.is_multicast:
            return "o endereço do ERP aponta para uma rede interna"
        if isinstance(ip, ipaddress.IPv6Address) and embeds_ipv4(ip):
            return (
                "o endereço do ERP é um IPv4 dentro de um IPv6 (NAT64, 6to4, Teredo): use o endereço direto"
            )
    return None


NAT64 = (ipaddress.ip_network("64:ff9b::/96"), ipaddress.ip_network("64:ff9b:1::/48"))


def embeds_ipv4(ip: ipaddress.IPv6Address) -> bool:
    """An IPv6 address that carries an IPv4 one (mapped, 6to4, Teredo, NAT64): where it leads is the
    IPv4 address's network, which the check above cannot see."""
    return bool(ip.ipv4_mapped or ip.sixtofour or ip.teredo or any(ip in net for net in NAT64))


def check_target(url: str, addresses: Iterable[str], allow_private: bool) -> None:
    reason = target_refusal(url, addresses, allow_private)
    if reason:
        raise InvalidInput("url", reason)


def notice_body(delivery: str, event: ErpEvent, at: str, tenant: str, data: dict[str, Any]) -> dict[str, Any]:
    return {"id": delivery, "event": event.value, "created_at": at, "tenant": tenant, "data": data}


def agreement_data(a: Agreement, titles: list[Title]) -> dict[str, Any]:
    """What an agreement notice carries: its identity, the titles by the ERP's own numbers, the plan."""
    return {
        "agreement_id": a.id,
        "number": a.number,
        "status": a.status.value,
        "creditor_id": a.creditor_id,
        "debtor_id": a.debtor_id,
        "titles": [{"id": t.id, "number": t.number} for t in titles if t.id in a.title_ids],
        "total": str(a.total),
        "payment_method": a.payment_method.value,
        "installments": [
            {
                "number": i.number,
                "due_date": i.due_date.isoformat(),
                "amount": str(i.amount),
                "status": i.status.value,
            }
            for i in a.installments
        ],
    }


def installment_data(a: Agreement, inst: Installment, titles: list[Title]) -> dict[str, Any]:
    charge = inst.charge
    paid = {
        "paid_amount": str(charge.paid_amount) if charge and charge.paid_amount is not None else None,
        "net_value": str(charge.net_value) if charge and charge.net_value is not None else None,
        "fee": str(charge.fee) if charge and charge.fee is not None else None,
        "paid_on": charge.paid_on.isoformat() if charge and charge.paid_on else None,
        "credit_date": charge.credit_date.isoformat() if charge and charge.credit_date else None,
    }
    return {
        "agreement_id": a.id,
        "agreement_number": a.number,
        "creditor_id": a.creditor_id,
        "debtor_id": a.debtor_id,
        "titles": [{"id": t.id, "number": t.number} for t in titles if t.id in a.title_ids],
        "installment": inst.number,
        "due_date": inst.due_date.isoformat(),
        "amount": str(inst.amount),
        "method": a.payment_method.value,
    } | paid


def title_data(t: Title, agreement_id: str | None) -> dict[str, Any]:
    return {
        "title_id": t.id,
        "number": t.number,
        "creditor_id": t.creditor_id,
        "debtor_id": t.debtor_id,
        "original_amount": str(t.original_amount),
        "due_date": t.due_date.isoformat(),
        "agreement_id": agreement_id,
    }
