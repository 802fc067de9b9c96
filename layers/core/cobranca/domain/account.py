"""Prestação de contas (F34): what each payment received for a creditor became, to the centavo.

A paid installment's money splits, by construction (its split was fixed when the agreement closed):

    paid  = the installment's amount + the late charges paid on it (mora: the agency's, never split)
    net   = paid − the portador's fee
    split = what the portador credited to the creditor's wallet
    the installment's amount = the creditor's share of the debt (principal, fine and interest as
                               negotiated) + the honorários (the agency's)
    commission = the creditor's share − the split

so  split + commission + honorários + late charges − fee = net, and net + fee = paid, on every line
and therefore on the totals. Each amount is in centavos; nothing is rounded twice."""

from __future__ import annotations

import datetime
from datetime import date
from decimal import Decimal

from pydantic import Field

from cobranca.domain.agreements import Agreement, Installment
from cobranca.domain.model import Entity
from cobranca.domain.money import round_cents

ZERO = Decimal("0.00")


class AccountLine(Entity):
    agreement_id: str
    agreement_number: str
    installment: int
    paid_on: date
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
    creditor_name: str
    creditor_document: str
    date_from: datetime.date
    date_to: datetime.date
    lines: list[AccountLine]
    totals: AccountTotals


def account_line(a: Agreement, inst: Installment) -> AccountLine | None:
    """One paid installment's money, by where it went (None: nothing was received for it)."""
    charge = inst.charge
    if charge is None or charge.paid_on is None:
        return None
    paid = charge.paid_amount if charge.paid_amount is not None else inst.amount
    fee = charge.fee if charge.fee is not None else ZERO
    split = charge.split_value or ZERO
    share = round_cents(inst.amount * (a.creditor_share or ZERO) / a.total) if a.total else ZERO
    share = min(max(share, split), inst.amount)
    late = paid - inst.amount  # below zero only if the portador took less (a discount it granted)
    return AccountLine(
        agreement_id=a.id,
        agreement_number=a.number,
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


def totals_of(lines: list[AccountLine]) -> AccountTotals:
    t = AccountTotals()
    for line in lines:
        for name in AccountTotals.model_fields:
            setattr(t, name, getattr(t, name) + getattr(line, name))
    return t


COLUMNS = [
    ("agreement_number", "Acordo"),
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
