"""Settling installments from the portador's events (F32, B4): a per-charge state machine that takes the
events in any order, any number of times.

The portador (Asaas) delivers each event at least once and in no promised order: a payment may arrive
before its charge's "created", a refund before the payment it undoes. So each event is judged against
what the installment already knows:

- money events (paid; reversed: refund, chargeback, a cash receipt undone) are ordered by the portador's
  own time: one older than the last money event applied changes nothing (a late "paid" never undoes a
  refund that came after it);
- the other events (created, updated, overdue, deleted, restored) never touch a paid installment and
  never apply over a newer event;
- a payment for an installment that is no longer due (its agreement cancelled or broken) is recorded as
  received and flagged, never lost and never re-opening the agreement.

`transition` says what to do; the store applies it with the event's id as the guard, once. The charge
keeps the ids of its last EVENTS_KEPT events, so the usual redelivery (our answer to the portador was
lost) is known from the installment already read, at no cost."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from enum import StrEnum

from cobranca.domain.agreements import (
    PLAN_SUFFIX,
    Agreement,
    AgreementStatus,
    Charge,
    ChargeStatus,
    Installment,
    InstallmentStatus,
    charge_reference,
    plan_reference,
)
from cobranca.domain.money import brl

METHOD_LABELS = {
    "BOLETO": "boleto",
    "PIX": "PIX",
    "CREDIT_CARD": "cartão",
    "UNDEFINED": "a escolher",
    # registered by hand (domain/manual_payments.py)
    "MANUAL_PIX": "PIX, registrado à mão",
    "MANUAL_TRANSFERENCIA": "transferência, registrada à mão",
    "MANUAL_DINHEIRO": "dinheiro, registrado à mão",
    "MANUAL_BOLETO_CREDOR": "boleto do credor, registrado à mão",
    "MANUAL_OUTRO": "registrado à mão",
}


class EventKind(StrEnum):
    """What an event means here; MONEY_KINDS move money and are applied only as the portador's own
    record of the payment confirms them (a webhook's body is not trusted for amounts)."""

    CHANGED = "changed"  # created, updated: what the debtor pays with may have changed
    RESTORED = "restored"
    OVERDUE = "overdue"
    DELETED = "deleted"
    PAID = "paid"  # confirmed, received, received in cash
    REVERSED = "reversed"  # refunded, chargeback requested, cash receipt undone
    PARTIALLY_REFUNDED = "partially_refunded"
    NOTICE = "notice"  # worth a history line, no change (a chargeback dispute, a refund in progress)


EVENTS_KEPT = 10
MONEY_KINDS = frozenset({EventKind.PAID, EventKind.REVERSED, EventKind.PARTIALLY_REFUNDED})


@dataclass(frozen=True, slots=True)
class PaymentEvent:
    """One portador event about one payment, in the domain's terms (providers/ parse their format)."""

    id: str  # the portador's event id: the dedupe key
    name: str  # the portador's event name, as sent (history, logs)
    kind: EventKind | None  # None: an event cobranca does not act on
    occurred_at: str  # the portador's time, sortable ("YYYY-MM-DD HH:MM:SS")
    payment_id: str
    reference: str | None  # our externalReference: "{agreement id}-{number:02d}"
    method: str = ""  # the portador's billing type
    value: Decimal = Decimal("0.00")
    net_value: Decimal | None = None
    paid_on: date | None = None
    credit_date: date | None = None
    refunded: Decimal | None = None
    part: int | None = None  # its place in an instalment plan (the portador's installmentNumber)


class Effect(StrEnum):
    NONE = "none"  # nothing to write (stale, not ours, already so)
    RECORD = "record"  # the charge changes; the installment's status does not
    SETTLE = "settle"  # the installment is paid: off the due-date index, its agreement may be done
    REVERSE = "reverse"  # a paid installment is due again: back on the index, its agreement active


@dataclass(frozen=True, slots=True)
class Transition:
    effect: Effect
    outcome: str  # what happened, for the job's log line
    charge: Charge | None = None
    history: str | None = None  # the debtor's history line, when there is one
    refresh: bool = False  # read the boleto line / PIX code again from the portador
    alert: bool = False  # an operator must look (a reversal, money for an installment no longer due)


def installment_of(a: Agreement, reference: str | None, part: int | None = None) -> Installment | None:
    """The installment our externalReference names, within this agreement (for a card instalment plan,
    the reference names the plan and the part the installment, in order)."""
    if reference == plan_reference(a.id):
        ordered = sorted(a.installments, key=lambda i: i.number)
        return ordered[part - 1] if part and 1 <= part <= len(ordered) else None
    where = agreement_of(reference)
    if where is None or where[0] != a.id:
        return None
    return next((i for i in a.installments if i.number == where[1]), None)


def agreement_of(reference: str | None) -> tuple[str, int] | None:
    """(agreement id, installment number) from our externalReference; None when it is not ours."""
    if not reference or "-" not in reference:
        return None
    if reference.endswith(PLAN_SUFFIX):  # a card plan: the part says which installment
        return reference.removesuffix(PLAN_SUFFIX), -1
    agreement_id, _, tail = reference.rpartition("-")
    number, _, generation = tail.partition("r")  # "03", or "03r2" for a charge made again
    if not agreement_id or not number.isdigit() or (generation and not generation.isdigit()):
        return None
    return agreement_id, int(number)


def transition(a: Agreement, inst: Installment, event: PaymentEvent, now: str) -> Transition:
    charge = inst.charge
    if event.kind is None:
        return Transition(Effect.NONE, f"{event.name}: not acted on")
    if charge is not None and charge.provider_id and charge.provider_id != event.payment_id:
        return Transition(Effect.NONE, f"{event.name}: another payment than this installment's")
    base = charge or Charge(
        status=ChargeStatus.PENDING,
        reference=event.reference or charge_reference(a.id, inst.number),
        updated_at=now,
    )
    events = [*base.events, event.id][-EVENTS_KEPT:]
    base = base.model_copy(update={"provider_id": event.payment_id, "updated_at": now, "events": events})
    label = _label(a, inst)
    if event.kind in (EventKind.PAID, EventKind.REVERSED):
        return _money(inst, event, base, label, broken=a.status is AgreementStatus.BROKEN)
    if base.last_event_at and event.occurred_at < base.last_event_at:
        return Transition(Effect.NONE, f"{event.name}: older than the last event applied")
    return _status(inst, event, base.model_copy(update={"last_event_at": event.occurred_at}), label)


def _money(inst: Installment, event: PaymentEvent, base: Charge, label: str, broken: bool) -> Transition:
    if base.last_money_at and event.occurred_at < base.last_money_at:
        return Transition(Effect.NONE, f"{event.name}: older than the last payment event applied")
    latest = max(event.occurred_at, base.last_event_at or "")
    charge = base.model_copy(update={"last_money_at": event.occurred_at, "last_event_at": latest})
    if event.kind is EventKind.PAID:
        return _paid(inst, event, charge, label, broken)
    return _reversed(inst, event, charge, label)


def _status(inst: Installment, event: PaymentEvent, charge: Charge, label: str) -> Transition:
    """What is not money: notices, a partial refund, overdue, deleted, created/updated/restored."""
    if event.kind is EventKind.NOTICE:
        return Transition(Effect.RECORD, event.name, charge, f"{label}: {_notice(event.name)}", alert=True)
    if event.kind is EventKind.PARTIALLY_REFUNDED:
        refunded = charge.model_copy(update={"refunded_amount": event.refunded})
        amount = f" de {brl(event.refunded)}" if event.refunded else ""
        note = f"{label}: estorno parcial{amount}"
        return Transition(Effect.RECORD, event.name, refunded, note, alert=True)
    if charge.status in (ChargeStatus.PAID, ChargeStatus.REFUNDED):
        return Transition(Effect.NONE, f"{event.name}: the installment's payment stands")
    ended = inst.status is InstallmentStatus.CANCELLED
    if event.kind is EventKind.OVERDUE:
        overdue = charge.model_copy(update={"status": ChargeStatus.OVERDUE})
        return Transition(Effect.RECORD, event.name, overdue)
    if event.kind is EventKind.DELETED:
        gone = charge.model_copy(update={"status": ChargeStatus.CANCELLED})
        removed = None if ended else f"{label}: cobrança removida no portador"
        return Transition(Effect.RECORD, event.name, gone, removed)
    status = ChargeStatus.CANCELLED if ended else ChargeStatus.CREATED
    return Transition(Effect.RECORD, event.name, charge.model_copy(update={"status": status}), refresh=True)


def _paid(inst: Installment, event: PaymentEvent, charge: Charge, label: str, broken: bool) -> Transition:
    fee = event.value - event.net_value if event.net_value is not None else None
    settled = charge.model_copy(
        update={
            "status": ChargeStatus.PAID,
            "paid_amount": event.value,
            "net_value": event.net_value,
            "fee": fee,
            "paid_on": event.paid_on or charge.paid_on,
            "credit_date": event.credit_date or charge.credit_date,
            "reason": None,
        }
    )
    if inst.status is InstallmentStatus.PAID:  # received after confirmed: the credit date, the net value
        return Transition(Effect.RECORD, f"{event.name}: already paid", settled)
    when = f" em {event.paid_on:%d/%m/%Y}" if event.paid_on else ""
    how = METHOD_LABELS.get(event.method, event.method.lower())
    text = f"{label} paga: {brl(event.value)}{when} ({how})"
    if inst.status is InstallmentStatus.CANCELLED and broken:  # the titles reopened: it is imputed to them
        note = f"{text}, depois da quebra do acordo: o valor é abatido dos títulos reabertos"
        return Transition(Effect.RECORD, f"{event.name}: paid after the agreement broke", settled, note)
    if inst.status is InstallmentStatus.CANCELLED:  # money for what is no longer due: keep it, flag it
        note = f"{text}, mas o acordo não está mais ativo: confira e devolva ou impute o valor"
        return Transition(
            Effect.RECORD, f"{event.name}: paid after the agreement ended", settled, note, alert=True
        )
    return Transition(Effect.SETTLE, f"{event.name}: settled", settled, text)


def _reversed(inst: Installment, event: PaymentEvent, charge: Charge, label: str) -> Transition:
    undone = charge.model_copy(update={"status": ChargeStatus.REFUNDED})
    text = f"{label}: pagamento desfeito ({_notice(event.name)}); a parcela volta a ser devida"
    if inst.status is InstallmentStatus.PAID:
        return Transition(Effect.REVERSE, f"{event.name}: reversed", undone, text, alert=True)
    return Transition(Effect.RECORD, f"{event.name}: recorded before its payment", undone)


NOTICES = {
    "PAYMENT_REFUNDED": "estornado",
    "PAYMENT_RECEIVED_IN_CASH_UNDONE": "recebimento em dinheiro desfeito",
    "PAYMENT_CHARGEBACK_REQUESTED": "chargeback solicitado",
    "PAYMENT_CHARGEBACK_DISPUTE": "chargeback em disputa",
    "PAYMENT_AWAITING_CHARGEBACK_REVERSAL": "aguardando reversão do chargeback",
    "PAYMENT_REFUND_IN_PROGRESS": "estorno em processamento",
}


def _notice(name: str) -> str:
    return NOTICES.get(name, name)


def _label(a: Agreement, inst: Installment) -> str:
    last = max(i.number for i in a.installments)
    part = "Entrada" if inst.number == 0 else f"Parcela {inst.number}/{last}"
    return f"{part} do acordo {a.number}"


def applied_before(inst: Installment, event_id: str) -> bool:
    """Whether the installment as read already carries this event (a redelivery)."""
    return inst.charge is not None and event_id in inst.charge.events


STATUS_AFTER = {Effect.SETTLE: InstallmentStatus.PAID, Effect.REVERSE: InstallmentStatus.PENDING}


def applied_to(a: Agreement, number: int, effect: Effect, charge: Charge) -> Agreement:
    """The agreement as the write of `effect` on installment `number` left it (the store's write fails
    when the agreement's revision moved since `a` was read, so this is the state, not a guess); a
    reversal on a paid agreement makes it active again."""
    parts = [
        i.model_copy(update={"charge": charge, "status": STATUS_AFTER.get(effect, i.status)})
        if i.number == number
        else i
        for i in a.installments
    ]
    reopened = effect is Effect.REVERSE and a.status is AgreementStatus.PAID
    revision = a.revision + 1 if effect in STATUS_AFTER else a.revision
    status = AgreementStatus.ACTIVE if reopened else a.status
    return a.model_copy(update={"installments": parts, "status": status, "revision": revision})


def all_paid(a: Agreement) -> bool:
    return all(i.status is InstallmentStatus.PAID for i in a.installments)
