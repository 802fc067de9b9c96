"""Prestação de contas (F34): what each payment received for a creditor became, to the centavo.

A paid installment's money splits, by construction (its split was fixed when the agreement closed):

    paid  = the installment's amount + the late charges paid on it (mora: the agency's, never split)
    net   = paid − the portador's fee
    split = what the portador credited to the creditor's wallet
    the installment's amount = the creditor's share of the debt (principal, fine and interest as
                               negotiated) + the honorários (the agency's)
    commission = the creditor's share − the split

so  split + commission + honorários + late charges − fee = net, and net + fee = paid, on every line
and therefore on the totals. Each amount is in centavos; nothing is rounded twice.

The statement is a ledger: each movement of money is a line on the day it happened, written once when
the portador's event is applied (`movement`), never rewritten, so a statement already sent to the
creditor stays true and a later refund shows in the period it happened:

- a payment: the line above, on its payment date;
- a refund or chargeback (estorno): the payment's line with every amount negated, on the refund's date,
  except the portador's fee, which it keeps (fee 0: the agency bears it). Asaas reverses the split with
  the payment, so the creditor's repasse comes back out;
- a partial refund (estorno parcial): Asaas takes it from the account that made the charge, the split
  untouched; it is drawn from the agency's parts (late charges, then honorários, then the commission).
  A full refund after partial ones returns what is left."""

from __future__ import annotations

import datetime
from collections.abc import Callable
from datetime import date
from decimal import Decimal
from enum import StrEnum

from pydantic import Field

from cobranca.domain.agreements import Agreement, Charge, ChargeStatus, Installment, PaymentMethod
from cobranca.domain.model import Entity
from cobranca.domain.money import round_cents
from cobranca.domain.privacy import mask_document

ZERO = Decimal("0.00")


class Movement(StrEnum):
    PAYMENT = "payment"
    REVERSAL = "reversal"  # refunded, chargeback, cash receipt undone
    PARTIAL_REFUND = "partial_refund"

    @property
    def label(self) -> str:
        return {"payment": "Pagamento", "reversal": "Estorno", "partial_refund": "Estorno parcial"}[
            self.value
        ]


MOVEMENT_LABELS = {"payment": "Pagamento", "reversal": "Estorno", "partial_refund": "Estorno parcial"}


class AccountLine(Entity):
    on: date = Field(description="the movement's date: the payment's, or the refund's")
    movement: Movement = Movement.PAYMENT
    agreement_id: str
    agreement_number: str
    debtor: str = Field(
        "", description="the debtor's name and masked CPF/CNPJ (LGPD: the creditor knows them)"
    )
    titles: str = Field("", description="the agreement's title numbers")
    installment: int
    paid_on: date = Field(description="when the debtor paid (for a refund: the payment it undoes)")
    available_on: date | None = Field(None, description="when the money is available (the credit date)")
    method: str
    paid: Decimal = Field(description="what the debtor paid")
    fee: Decimal = Field(description="the portador's fee")
    net: Decimal = Field(description="paid less the fee")
    split: Decimal = Field(description="credited to the creditor (repasse)")
    commission: Decimal = Field(
        description="the creditor's share not split to it: the agency's commission, and the portador's fee "
        "where the commission does not cover it (a split is never above the installment's net value)"
    )
    fees: Decimal = Field(description="honorários kept by the agency")
    late_charges: Decimal = Field(description="late charges paid on the installment (the agency's)")
    agency: Decimal = Field(description="what the agency keeps: net less the split")


class AccountTotals(Entity):
    paid: Decimal = ZERO
    fee: Decimal = ZERO
    net: Decimal = ZERO
    split: Decimal = ZERO
    commission: Decimal = ZERO
    fees: Decimal = ZERO
    late_charges: Decimal = ZERO
    agency: Decimal = ZERO


class StatementOfAccount(Entity):
    creditor_id: str
    creditor_code: str = ""
    creditor_name: str
    creditor_document: str
    date_from: datetime.date
    date_to: datetime.date
    lines: list[AccountLine]
    totals: AccountTotals


def account_line(a: Agreement, inst: Installment, charge: Charge | None = None) -> AccountLine | None:
    """One payment's money (the installment's charge unless another is given), by where it went (None:
    nothing was received for it)."""
    charge = charge or inst.charge
    if charge is None or charge.paid_on is None:
        return None
    paid = charge.paid_amount if charge.paid_amount is not None else inst.amount
    fee = charge.fee if charge.fee is not None else ZERO
    split = charge.split_value or ZERO
    share = round_cents(inst.amount * (a.creditor_share or ZERO) / a.total) if a.total else ZERO
    share = min(max(share, split), inst.amount)
    late = paid - inst.amount  # below zero only if the portador took less (a discount it granted)
    return AccountLine(
        on=charge.paid_on,
        agreement_id=a.id,
        agreement_number=a.number,
        debtor=f"{a.debtor_name} ({mask_document(a.debtor_document)})"
        if a.debtor_document
        else a.debtor_name,
        titles=", ".join(a.title_numbers),
        installment=inst.number,
        paid_on=charge.paid_on,
        available_on=charge.credit_date,
        method=a.payment_method.value,
        paid=paid,
        fee=fee,
        net=paid - fee,
        split=split,
        commission=share - split,
        fees=inst.amount - share,
        late_charges=late,
        agency=paid - fee - split,
    )


def _debtor(a: Agreement) -> str:
    masked = f" ({mask_document(a.debtor_document)})" if a.debtor_document else ""
    return a.debtor_name + masked


def _paid(charge: Charge | None) -> bool:
    return charge is not None and charge.status is ChargeStatus.PAID and charge.paid_on is not None


def movement(a: Agreement, inst: Installment, after: Charge, on: date) -> AccountLine | None:
    """The ledger line an applied portador event adds: the installment's charge goes from what is stored
    (`inst.charge`) to `after` on `on` (the event's day). None: no money moved. A payment's line is
    written again with its final figures when the portador confirms and then receives it (the same
    entry: `entry_key`)."""
    before = inst.charge if _paid(inst.charge) else None
    stored = (before.refunded_amount or ZERO) if before else ZERO
    same = before is not None and before.provider_id == after.provider_id
    if _paid(after) and (not same or (after.refunded_amount or ZERO) == stored):
        return account_line(a, inst, after)  # a payment (also one received after the agreement ended)
    payment = account_line(a, inst, before) if before else None
    if payment is None:
        return None
    earlier = min(stored, payment.paid)  # never more given back than was paid
    if after.status is ChargeStatus.REFUNDED:
        undone = _negated(payment, on)
        return _minus(undone, _partial(payment, earlier, on)) if earlier else undone
    refunded = min(after.refunded_amount or ZERO, payment.paid)
    if not _paid(after) or refunded <= earlier:
        return None
    return _minus(_partial(payment, refunded, on), _partial(payment, earlier, on))


def entry_key(line: AccountLine, reference: str, event_id: str) -> str:
    """A ledger line's key: one per payment (rewritten as it firms up), one per refund event."""
    if line.movement is Movement.PAYMENT:
        return f"{reference}#payment"
    return f"{reference}#{line.movement.value}#{event_id}"


def _negated(payment: AccountLine, on: date) -> AccountLine:
    money = {n: -getattr(payment, n) for n in MONEY}
    money.update(fee=ZERO, net=-payment.paid, agency=-payment.paid - money["split"])
    return payment.model_copy(update={**money, "on": on, "movement": Movement.REVERSAL, "available_on": None})


def _partial(payment: AccountLine, amount: Decimal, on: date) -> AccountLine:
    """`amount` refunded in all (so far) out of the agency's parts of `payment`, the split untouched."""
    left, parts = amount, {}
    for name in ("late_charges", "fees"):
        parts[name] = -min(max(getattr(payment, name), ZERO), left)
        left += parts[name]
    money = dict.fromkeys(MONEY, ZERO) | parts
    money.update(commission=-left, paid=-amount, net=-amount, agency=-amount)
    return payment.model_copy(
        update={**money, "on": on, "movement": Movement.PARTIAL_REFUND, "available_on": None}
    )


def _minus(x: AccountLine, y: AccountLine) -> AccountLine:
    return x.model_copy(update={n: getattr(x, n) - getattr(y, n) for n in MONEY})


def totals_of(lines: list[AccountLine]) -> AccountTotals:
    t = AccountTotals()
    for line in lines:
        for name in AccountTotals.model_fields:
            setattr(t, name, getattr(t, name) + getattr(line, name))
    return t


COLUMNS = [
    ("on", "Data"),
    ("movement", "Movimento"),
    ("agreement_number", "Acordo"),
    ("debtor", "Devedor"),
    ("titles", "Títulos"),
    ("installment", "Parcela"),
    ("paid_on", "Pago em"),
    ("available_on", "Disponível em"),
    ("method", "Meio"),
    ("paid", "Valor pago"),
    ("fee", "Taxa do portador"),
    ("net", "Líquido"),
    ("split", "Repasse ao credor"),
    ("commission", "Retido do repasse"),
    ("fees", "Honorários"),
    ("late_charges", "Encargos de atraso"),
    ("agency", "Retido pela agência"),
]
MONEY = {"paid", "fee", "net", "split", "commission", "fees", "late_charges", "agency"}


def cell(name: str, value: object, money: Callable[[Decimal], str]) -> str:
    """One column's value as the CSV and the PDF write it (dates dd/mm/aaaa, the movement's label)."""
    if value is None:
        return ""
    if name in MONEY and isinstance(value, Decimal):
        return money(value)
    if isinstance(value, Movement):
        return value.label
    if name == "method" and isinstance(value, str):
        return next((m.label for m in PaymentMethod if m.value == value), value)
    if isinstance(value, date):
        return f"{value:%d/%m/%Y}"
    return str(value)


def file_name(s: StatementOfAccount, extension: str) -> str:
    """Each creditor's file says whose it is and which period: prestacao-de-contas-ACME-20260401-20260430."""
    code = s.creditor_code or s.creditor_id
    return f"prestacao-de-contas-{code}-{s.date_from:%Y%m%d}-{s.date_to:%Y%m%d}.{extension}"


def total_row(totals: AccountTotals, money: Callable[[Decimal], str]) -> list[str]:
    """The totals under the columns: "Total" first, the money columns summed, the others empty."""
    cells = [money(getattr(totals, n)) if n in MONEY else "" for n, _ in COLUMNS]
    return ["Total", *cells[1:]]
