"""Offers (F20/F21): what the creditor's policy lets a debtor pay, à vista or in installments."""

from __future__ import annotations

import calendar
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, replace
from datetime import date
from decimal import Decimal
from typing import Annotated, NamedTuple

from pydantic import Field

from cobranca.domain.debt import (
    HUNDRED,
    ONE,
    ZERO,
    Money,
    OfferRule,
    OperatorMargin,
    Percent,
    Policy,
    TitleUpdate,
)
from cobranca.domain.errors import Conflict, InvalidInput
from cobranca.domain.model import Command
from cobranca.domain.money import round_cents


@dataclass(frozen=True, slots=True)
class Payment:
    number: int  # 0 = entry (entrada), 1..n = installments
    due_date: date
    amount: Decimal


@dataclass(frozen=True, slots=True)
class Offer:
    code: str
    name: str
    installments: int
    principal: Decimal
    charges: Decimal
    discounted: Decimal  # D: what is owed after the offer's discounts
    entry: Decimal
    payments: tuple[Payment, ...]
    total: Decimal  # entry + every installment (≥ D when installments carry interest)
    fees: Decimal = ZERO  # the honorários inside `charges`, before the offer's discount
    discounted_fees: Decimal = ZERO  # what of D is honorários (the agency's; never split to the creditor)
    interest_percent_month: Decimal = ZERO  # the rule's rate on what is financed
    valid_until: date | None = None  # a flash campaign's last day
    remaining: int | None = None  # what is left of its quota of agreements

    @property
    def owed(self) -> Decimal:
        """What the selected titles owe today, before the offer."""
        return self.principal + self.charges

    @property
    def discount(self) -> Decimal:
        """What the offer forgives of what is owed ("de R$ owed por R$ discounted")."""
        return self.owed - self.discounted

    @property
    def discount_percent(self) -> Decimal:
        return round_cents(self.discount * HUNDRED / self.owed) if self.owed > 0 else ZERO

    @property
    def creditor_share(self) -> Decimal:
        """The debt as negotiated without honorários: principal plus fine and interest, after discounts
        (the base of the creditor's split)."""
        return self.discounted - self.discounted_fees


class _Parts(NamedTuple):  # Offer's fields after `total`, in order
    fees: Decimal
    discounted_fees: Decimal
    interest_percent_month: Decimal


MAX_INSTALLMENTS = 60  # an agreement fits one 100-item transaction (OfferRule.installments' bound)


def add_months(start: date, months: int) -> date:
    """Same day of the month, clamped to the month's end (31/01 + 1 month = 28 or 29/02)."""
    month_index = start.month - 1 + months
    year, month = start.year + month_index // 12, month_index % 12 + 1
    return date(year, month, min(start.day, calendar.monthrange(year, month)[1]))


def installment_amounts(financed: Decimal, count: int, monthly_rate: Decimal) -> list[Decimal]:
    """Price table (PMT) when there is interest; otherwise equal parts, the cent residue on the first."""
    if monthly_rate > 0:
        payment = round_cents(financed * monthly_rate / (ONE - (ONE + monthly_rate) ** -count))
        return [payment] * count
    part = round_cents(financed / count)
    return [part + financed - part * count] + [part] * (count - 1)


def build_offer(
    rule: OfferRule, principal: Decimal, charges: Decimal, first_due: date, fees: Decimal = ZERO
) -> Offer:
    """`fees` is the honorários part of `charges`; the charges' discount reaches it in proportion."""
    kept = ONE - rule.discount_charges_percent / HUNDRED
    discounted_charges = round_cents(charges * kept)
    discounted = (
        round_cents(principal * (ONE - rule.discount_principal_percent / HUNDRED)) + discounted_charges
    )
    discounted_fees = min(round_cents(fees * kept), discounted_charges)
    parts = _Parts(fees, discounted_fees, rule.interest_percent_month)
    if rule.installments == 0:
        payments: tuple[Payment, ...] = (Payment(0, first_due, discounted),)
        return Offer(
            rule.code, rule.name, 0, principal, charges, discounted, ZERO, payments, discounted, *parts
        )
    entry = round_cents(discounted * rule.entry_min_percent / HUNDRED)
    amounts = installment_amounts(
        discounted - entry, rule.installments, rule.interest_percent_month / HUNDRED
    )
    # with an entry, the entry falls on the first due date and installments follow monthly
    offset = 1 if entry > 0 else 0
    plan = [Payment(0, first_due, entry)] if entry > 0 else []
    plan += [Payment(n + 1, add_months(first_due, n + offset), a) for n, a in enumerate(amounts)]
    total = entry + sum(amounts, ZERO)
    return Offer(
        rule.code,
        rule.name,
        rule.installments,
        principal,
        charges,
        discounted,
        entry,
        tuple(plan),
        total,
        *parts,
    )


def cet_month(financed: Decimal, day: date, payments: Iterable[Payment]) -> Decimal | None:
    """The monthly effective cost (CET, %) of settling `financed`, valued on `day`, with these dated
    payments: the rate r with sum(amount / (1 + r) ** (days / 30)) = financed, to four decimals of a
    percent. None when there is nothing to finance (a single payment, or none after `day`)."""
    flows = [(float(p.amount), max((p.due_date - day).days, 0) / 30) for p in payments]
    target = float(financed)
    if target <= 0 or len(flows) < 2:
        return None

    def gap(rate: float) -> float:  # falls as the rate rises
        return sum(a / (1 + rate) ** t for a, t in flows) - target

    low, high = -0.5, 5.0
    if gap(low) < 0 or gap(high) > 0:
        return None
    for _ in range(200):
        mid = (low + high) / 2
        low, high = (mid, high) if gap(mid) > 0 else (low, mid)
    return Decimal(str(round(low * 100, 4) or 0.0))  # never "-0"


def cet_year(month_percent: Decimal) -> Decimal:
    """The annual CET (%) of a monthly one, compounded."""
    return Decimal(str(round(((1 + float(month_percent) / 100) ** 12 - 1) * 100, 2)))


@dataclass(frozen=True, slots=True)
class Margin:
    """What an operator adds to every offer (within the policy's OperatorMargin)."""

    extra_discount_percent: Decimal = ZERO
    extra_installments: int = 0

    @property
    def label(self) -> str:
        """How the history says it: 'margem do operador: +5% de desconto, +2 parcelas'."""
        parts = (
            [f"+{self.extra_discount_percent.normalize():f}% de desconto"]
            if self.extra_discount_percent
            else []
        )
        parts += [f"+{self.extra_installments} parcelas"] if self.extra_installments else []
        return "margem do operador: " + ", ".join(parts)

    def check(self, allowed: OperatorMargin) -> None:
        if self.extra_discount_percent > allowed.extra_discount_percent_max:
            reason = f"acima da margem do credor ({allowed.extra_discount_percent_max}%)"
            raise InvalidInput("extra_discount_percent", reason)
        if self.extra_installments > allowed.extra_installments_max:
            reason = f"acima da margem do credor ({allowed.extra_installments_max} parcelas a mais)"
            raise InvalidInput("extra_installments", reason)

    def widen(self, rule: OfferRule) -> OfferRule:
        """The rule with the extra discount over what it leaves owed (both parts) and, for an offer in
        installments, the extra installments."""
        keep = ONE - self.extra_discount_percent / HUNDRED
        more = self.extra_installments if rule.installments else 0
        return rule.model_copy(
            update={
                "discount_principal_percent": HUNDRED - (HUNDRED - rule.discount_principal_percent) * keep,
                "discount_charges_percent": HUNDRED - (HUNDRED - rule.discount_charges_percent) * keep,
                "installments": min(rule.installments + more, MAX_INSTALLMENTS),
            }
        )


class MarginIn(Command):
    """A request an operator may widen with the creditor's margin (the portal's requests cannot)."""

    extra_discount_percent: Percent = Field(ZERO, description="over what the offer leaves owed")
    extra_installments: Annotated[int, Field(ge=0, le=24)] = 0

    @property
    def margin(self) -> Margin | None:
        if not (self.extra_discount_percent or self.extra_installments):
            return None
        return Margin(self.extra_discount_percent, self.extra_installments)


class ShownPayment(Command):
    number: Annotated[int, Field(ge=0, le=MAX_INSTALLMENTS)]
    due_date: date
    amount: Money


class ShownOffer(Command):
    """What the operator was shown and means to close: the offer's total and its payments."""

    total: Money
    payments: Annotated[list[ShownPayment], Field(min_length=1, max_length=MAX_INSTALLMENTS + 1)]


def check_shown(offer: Offer, shown: ShownOffer) -> None:
    """The agreement closes on what was shown, or not at all: a margin typed after the offers were
    computed, a title paid meanwhile or a new day's interest all change the offer."""
    seen = (shown.total, [(p.number, p.due_date, p.amount) for p in shown.payments])
    now = (offer.total, [(p.number, p.due_date, p.amount) for p in offer.payments])
    if seen != now:
        raise Conflict("as condições mudaram desde o cálculo: recalcule as ofertas e confira antes de fechar")


def build_offers(
    policy: Policy,
    updates: Iterable[TitleUpdate],
    first_due: date,
    margin: Margin | None = None,
    *,
    day: date,
    self_service: bool,
    used: Mapping[str, int] | None = None,
) -> list[Offer]:
    """Every policy offer open on `day` to who asks (the debtor alone, or an operator) over the selected
    titles, widened by an operator's margin (checked against the policy's), except those with a payment
    below the minimum and those whose quota `used` (agreements closed per offer code) is spent."""
    principal, charges, fees = ZERO, ZERO, ZERO
    for u in updates:
        principal += u.corrected
        charges += u.charges
        fees += u.fees
    used = used or {}
    rules = [
        r
        for r in policy.offers
        if r.open_on(day, self_service=self_service) and (r.quota is None or used.get(r.code, 0) < r.quota)
    ]
    if margin is not None:
        margin.check(policy.operator_margin)
        rules = [margin.widen(r) for r in rules]
    offers = [
        replace(
            build_offer(rule, principal, charges, first_due, fees),
            valid_until=rule.valid_until,
            remaining=None if rule.quota is None else rule.quota - used.get(rule.code, 0),
        )
        for rule in rules
    ]
    return [o for o in offers if all(p.amount >= policy.min_installment and p.amount > 0 for p in o.payments)]
