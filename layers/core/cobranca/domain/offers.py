"""Offers (F20/F21): what the creditor's policy lets a debtor pay, à vista or in installments."""

from __future__ import annotations

import calendar
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from cobranca.domain.debt import HUNDRED, ONE, ZERO, OfferRule, Policy, TitleUpdate
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


def build_offer(rule: OfferRule, principal: Decimal, charges: Decimal, first_due: date) -> Offer:
    discounted = round_cents(principal * (ONE - rule.discount_principal_percent / HUNDRED)) + round_cents(
        charges * (ONE - rule.discount_charges_percent / HUNDRED)
    )
    if rule.installments == 0:
        payments: tuple[Payment, ...] = (Payment(0, first_due, discounted),)
        return Offer(rule.code, rule.name, 0, principal, charges, discounted, ZERO, payments, discounted)
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
        rule.code, rule.name, rule.installments, principal, charges, discounted, entry, tuple(plan), total
    )


def build_offers(policy: Policy, updates: Iterable[TitleUpdate], first_due: date) -> list[Offer]:
    """Every policy offer over the selected titles, except those with a payment below the minimum."""
    principal, charges = ZERO, ZERO
    for u in updates:
        principal += u.corrected
        charges += u.charges
    offers = [build_offer(rule, principal, charges, first_due) for rule in policy.offers]
    return [o for o in offers if all(p.amount >= policy.min_installment and p.amount > 0 for p in o.payments)]
