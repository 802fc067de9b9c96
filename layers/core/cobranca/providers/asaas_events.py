"""Asaas's webhook events in the domain's terms: which event means what (paid, reversed, changed…), the
payment statuses that confirm a money event, and the parser of a webhook body (its payment's own
fields, never more than the portador sent)."""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from typing import Any

from cobranca.domain.settlement import EventKind, PaymentEvent

EVENT_KINDS = {
    "PAYMENT_CREATED": EventKind.CHANGED,
    "PAYMENT_UPDATED": EventKind.CHANGED,
    "PAYMENT_RESTORED": EventKind.RESTORED,
    "PAYMENT_OVERDUE": EventKind.OVERDUE,
    "PAYMENT_DELETED": EventKind.DELETED,
    "PAYMENT_CONFIRMED": EventKind.PAID,
    "PAYMENT_RECEIVED": EventKind.PAID,
    "PAYMENT_RECEIVED_IN_CASH": EventKind.PAID,
    "PAYMENT_REFUNDED": EventKind.REVERSED,
    "PAYMENT_CHARGEBACK_REQUESTED": EventKind.REVERSED,
    "PAYMENT_RECEIVED_IN_CASH_UNDONE": EventKind.REVERSED,
    "PAYMENT_PARTIALLY_REFUNDED": EventKind.PARTIALLY_REFUNDED,
    "PAYMENT_CHARGEBACK_DISPUTE": EventKind.NOTICE,
    "PAYMENT_AWAITING_CHARGEBACK_REVERSAL": EventKind.NOTICE,
    "PAYMENT_REFUND_IN_PROGRESS": EventKind.NOTICE,
}


# Asaas's payment statuses that confirm an event moving money. Events arrive in any order, so a payment
# later refunded still confirms its having been paid, and a refund still confirms once the payment was
# paid again (a chargeback reversed).
WAS_PAID = frozenset(
    {
        "RECEIVED",
        "CONFIRMED",
        "RECEIVED_IN_CASH",
        "REFUNDED",
        "REFUND_REQUESTED",
        "REFUND_IN_PROGRESS",
        "CHARGEBACK_REQUESTED",
        "CHARGEBACK_DISPUTE",
        "AWAITING_CHARGEBACK_REVERSAL",
        "DUNNING_RECEIVED",
    }
)
CONFIRMING_STATUSES: dict[EventKind, frozenset[str]] = {
    EventKind.PAID: WAS_PAID,
    EventKind.PARTIALLY_REFUNDED: WAS_PAID,
    # refunded, charged back, or a cash receipt undone (the payment is pending or overdue again)
    EventKind.REVERSED: WAS_PAID | {"PENDING", "OVERDUE"},
}


def webhook_event(body: dict[str, Any]) -> PaymentEvent | None:
    """A payment event in the domain's terms; None for a body that is not one (account or transfer
    events, a malformed payload), which is acknowledged and dropped."""
    payment = body.get("payment")
    if not isinstance(payment, dict) or not body.get("id") or not payment.get("id"):
        return None
    name = str(body.get("event") or "")
    refunds = [r for r in payment.get("refunds") or [] if isinstance(r, dict)]
    refunded = sum((_decimal(r.get("value")) or Decimal(0) for r in refunds), Decimal(0)) or None
    return PaymentEvent(
        id=str(body["id"]),
        name=name,
        kind=EVENT_KINDS.get(name),
        occurred_at=str(body.get("dateCreated") or ""),
        payment_id=str(payment["id"]),
        reference=payment["externalReference"] if isinstance(payment.get("externalReference"), str) else None,
        method=str(payment.get("billingType") or ""),
        value=_decimal(payment.get("value")) or Decimal("0.00"),
        net_value=_decimal(payment.get("netValue")),
        paid_on=_first_date(payment, "paymentDate", "clientPaymentDate", "confirmedDate"),
        credit_date=_first_date(payment, "creditDate", "estimatedCreditDate"),
        refunded=refunded,
        part=payment.get("installmentNumber") if isinstance(payment.get("installmentNumber"), int) else None,
    )


def _decimal(value: Any) -> Decimal | None:
    if value is None or isinstance(value, bool):
        return None
    try:
        return Decimal(str(value)).quantize(Decimal("0.01"))
    except ArithmeticError:
        return None


def _first_date(payment: dict[str, Any], *fields: str) -> date | None:
    """The first of these fields that holds a date (YYYY-MM-DD)."""
    for field in fields:
        try:
            return date.fromisoformat(str(payment[field])[:10])
        except (KeyError, ValueError, TypeError):
            continue
    return None


# ------------------------------------------------------------- sub-accounts
