"""Debt update (F10): monetary correction by an index, fine, pro rata interest and fees.

Every monetary step is rounded half up to the centavo; the correction factor keeps full precision.
The result carries each component and the rate used, the audit trail users and courts ask for.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from enum import StrEnum
from typing import Annotated

from pydantic import Field, model_validator

from cobranca.domain.bank_days import is_late
from cobranca.domain.indices import correction_factor, missing_months, month_in_words, months_between
from cobranca.domain.model import Command, Entity
from cobranca.domain.money import round_cents

ZERO = Decimal(0)
ONE = Decimal(1)
HUNDRED = Decimal(100)
THIRTY = Decimal(30)
CONSUMER_FINE_CAP = Decimal(2)

Percent = Annotated[Decimal, Field(ge=0, le=100, max_digits=9, decimal_places=4)]
USURY_CAP = Decimal(1)  # % a month: moratory interest of anyone but a financial institution
Money = Annotated[Decimal, Field(ge=0, max_digits=14, decimal_places=2)]


class CorrectionIndex(StrEnum):
    IPCA = "IPCA"  # IBGE, SGS 433
    INPC = "INPC"  # IBGE, SGS 188
    IGPM = "IGPM"  # FGV, SGS 189
    NONE = "NONE"


class OfferScope(StrEnum):
    """Where an offer may be used (the seeds' "Configuração do Negocia Online")."""

    ALL = "all"  # by operators and by the debtor alone
    SELF_SERVICE = "self_service"  # only by the debtor alone: Negocia Online and the WhatsApp assistant
    OPERATOR = "operator"  # only by an operator


class OfferRule(Command):
    """A negotiation option the creditor allows; installments 0 means à vista. A flash campaign gives
    it a validity window (São Paulo dates, both days included) and a quota of agreements."""

    code: Annotated[str, Field(min_length=1, max_length=20, pattern=r"^[A-Za-z0-9_-]+$")]
    name: Annotated[str, Field(min_length=1, max_length=80)]
    installments: Annotated[int, Field(ge=0, le=60)]  # an agreement fits one 100-item transaction
    entry_min_percent: Percent = ZERO
    interest_percent_month: Percent = ZERO
    discount_principal_percent: Percent = ZERO
    discount_charges_percent: Percent = ZERO
    scope: OfferScope = OfferScope.ALL
    valid_from: date | None = None
    valid_until: date | None = None
    quota: Annotated[
        int | None, Field(ge=1, le=1_000_000, description="agreements that may close with it (the first N)")
    ] = None

    @model_validator(mode="after")
    def _window(self) -> OfferRule:
        if self.valid_from and self.valid_until and self.valid_until < self.valid_from:
            raise ValueError("valid_until: a validade termina antes de começar")
        return self

    def open_on(self, day: date, *, self_service: bool) -> bool:
        """May this offer be used on `day`, by the debtor alone (`self_service`) or by an operator?"""
        wrong_scope = OfferScope.OPERATOR if self_service else OfferScope.SELF_SERVICE
        return (
            self.scope is not wrong_scope
            and (self.valid_from is None or self.valid_from <= day)
            and (self.valid_until is None or day <= self.valid_until)
        )


class OperatorMargin(Command):
    """The seeds' "margem de negociação": what an operator may add to any offer during a call (never the
    portal): an extra discount over what the offer leaves owed, and more installments."""

    extra_discount_percent_max: Percent = ZERO
    extra_installments_max: Annotated[int, Field(ge=0, le=24)] = 0


class Policy(Command):
    """A creditor's collection policy: how debts are updated and what may be offered."""

    fine_percent: Percent = ZERO
    interest_percent_month: Percent = ZERO
    correction_index: CorrectionIndex = CorrectionIndex.NONE
    fees_percent: Percent = ZERO
    consumer_relation: bool = True
    min_installment: Money = ZERO
    max_first_due_days: Annotated[int, Field(ge=0, le=120)] = 30
    commission_percent: Percent = ZERO
    break_after_days: Annotated[
        int, Field(ge=1, le=365, description="an agreement breaks when an installment is more days late")
    ] = 30
    first_break_after_days: Annotated[
        int | None, Field(ge=1, le=365, description="the same for the first installment (default: the same)")
    ] = None
    offers: Annotated[list[OfferRule], Field(max_length=20)] = Field(default_factory=list)
    operator_margin: OperatorMargin = Field(default_factory=OperatorMargin)
    financial_institution: bool = Field(
        False,
        description="the creditor is a financial institution, and interest_percent_month is its contract's "
        "rate (the usury law's 1 % a.m. cap does not bind it: STF Súmula 596)",
    )
    local_holidays: Annotated[list[date], Field(max_length=100)] = Field(
        default_factory=list,
        description="the place of payment's state and municipal holidays: a debt due on one is paid on the "
        "next business day with nothing added, as on a national holiday",
    )

    @model_validator(mode="after")
    def _rules(self) -> Policy:
        if self.consumer_relation and self.fine_percent > CONSUMER_FINE_CAP:
            raise ValueError(
                "fine_percent: multa acima de 2% é vedada em relação de consumo (CDC art. 52 §1º)"
            )
        if self.interest_percent_month > USURY_CAP and not self.financial_institution:
            raise ValueError(
                "interest_percent_month: juros de mora acima de 1% ao mês são vedados (Decreto 22.626/33, "
                "art. 1º; CC art. 406), salvo para instituição financeira com a taxa do contrato: marque "
                "financial_institution"
            )
        codes = [o.code for o in self.offers]
        if len(codes) != len(set(codes)):
            raise ValueError("offers: códigos de oferta repetidos")
        return self


class Imputed(Entity):
    """A payment imputed to a title (CC art. 354: to its charges first, then to its principal), e.g. the
    installments a debtor paid on an agreement that later broke."""

    paid_on: date
    amount: Decimal
    agreement_id: str | None = None


@dataclass(slots=True)
class TitleUpdate:
    """One title updated to a date, component by component (not frozen: built per title on hot paths).
    With payments imputed, the components are what remains owed of each and `paid` what was deducted."""

    original: Decimal
    due_date: date
    calculation_date: date
    days_late: int
    factor: Decimal
    corrected: Decimal
    fine: Decimal
    interest: Decimal
    fees: Decimal
    total: Decimal
    paid: Decimal = ZERO

    @property
    def charges(self) -> Decimal:
        return self.fine + self.interest + self.fees

    @property
    def imputable(self) -> Decimal:
        """What a payment can settle on this date: everything but the honorários, which are due only on
        what remains to collect."""
        return self.total - self.fees


PRESCRIPTION_YEARS = 5


def prescribed(due: date, on: date) -> bool:
    """CC art. 206 §5º, I: the claim to a liquid debt in a written instrument prescribes in five years
    from the due date. A prescribed title may not be collected out of court: no message, no offer."""
    try:
        limit = due.replace(year=due.year + PRESCRIPTION_YEARS)
    except ValueError:  # 29 February
        limit = due.replace(year=due.year + PRESCRIPTION_YEARS, month=3, day=1)
    return on > limit


class DebtCalculator:
    """Applies one policy and one index series; caches factors per (due month, calculation month)."""

    def __init__(self, policy: Policy, series: Mapping[str, Decimal] | None = None) -> None:
        self.policy = policy
        self.series = series if policy.correction_index is not CorrectionIndex.NONE and series else {}
        self._fine = policy.fine_percent / HUNDRED
        self._interest = policy.interest_percent_month / HUNDRED
        self._fees = policy.fees_percent / HUNDRED
        self._local = frozenset(policy.local_holidays)
        self._factors: dict[tuple[int, int, int, int], Decimal] = {}

    def missing(self, due: date, calculation: date) -> list[str]:
        if self.policy.correction_index is CorrectionIndex.NONE:
            return []
        return missing_months(self.series, due, calculation)

    def factor(self, due: date, calculation: date) -> Decimal:
        key = (due.year, due.month, calculation.year, calculation.month)
        cached = self._factors.get(key)
        if cached is None:
            cached = self._factors[key] = correction_factor(self.series, due, calculation)
        return cached

    def update(
        self, original: Decimal, due: date, calculation: date, paid: Sequence[Imputed] = ()
    ) -> TitleUpdate:
        """The title on `calculation`, the payments made up to that day deducted (see `_imputed`)."""
        if paid and any(p.paid_on <= calculation for p in paid):
            return self._imputed(original, due, calculation, paid)
        late = is_late(due, calculation, self._local)
        days_late = (calculation - due).days if late else 0
        factor = self.factor(due, calculation) if late else ONE
        corrected = round_cents(original * factor)
        if days_late:
            fine = round_cents(corrected * self._fine)
            # the rule's own order: corrected × rate% / 100 × days / 30, a single inexact division
            interest = round_cents(corrected * self._interest * days_late / THIRTY)
            fees = round_cents((corrected + fine + interest) * self._fees)
        else:
            fine = interest = fees = ZERO
        return TitleUpdate(
            original=original,
            due_date=due,
            calculation_date=calculation,
            days_late=days_late,
            factor=factor,
            corrected=corrected,
            fine=fine,
            interest=interest,
            fees=fees,
            total=corrected + fine + interest + fees,
        )

    def _imputed(
        self, original: Decimal, due: date, calculation: date, paid: Sequence[Imputed]
    ) -> TitleUpdate:
        """CC art. 354: each payment settles the interest due on its day, then the fine, then the
        principal. Until one reaches the principal, the title is updated as if unpaid and the charges
        paid are deducted; a payment that reaches it re-bases the title: the corrected principal left,
        from that day, with no second fine. Honorários are computed at the end on what remains."""
        principal, base, fined = original, due, False
        interest_paid = fine_paid = total_paid = ZERO
        for p in sorted((p for p in paid if p.paid_on <= calculation), key=lambda p: p.paid_on):
            corrected, fine, interest = self._owed(principal, base, due, p.paid_on, fined)
            to_interest = min(p.amount, max(ZERO, interest - interest_paid))
            to_fine = min(p.amount - to_interest, max(ZERO, fine - fine_paid))
            to_principal = min(p.amount - to_interest - to_fine, corrected)
            total_paid += to_interest + to_fine + to_principal
            if to_principal:
                principal, base = corrected - to_principal, p.paid_on
                fined = fined or is_late(due, p.paid_on, self._local)
                interest_paid = fine_paid = ZERO
            else:
                interest_paid += to_interest
                fine_paid += to_fine
        corrected, fine, interest = self._owed(principal, base, due, calculation, fined)
        fine, interest = max(ZERO, fine - fine_paid), max(ZERO, interest - interest_paid)
        days_late = (calculation - due).days if is_late(due, calculation, self._local) else 0
        fees = round_cents((corrected + fine + interest) * self._fees) if days_late else ZERO
        return TitleUpdate(
            original=original,
            due_date=due,
            calculation_date=calculation,
            days_late=days_late,
            factor=self.factor(due, calculation) if days_late else ONE,
            corrected=corrected,
            fine=fine,
            interest=interest,
            fees=fees,
            total=corrected + fine + interest + fees,
            paid=total_paid,
        )

    def _owed(
        self, principal: Decimal, base: date, due: date, on: date, fined: bool
    ) -> tuple[Decimal, Decimal, Decimal]:
        """Corrected principal, fine and interest from `base` to `on` (both run from the due date; none
        while the debt may still be paid on time, see `bank_days.is_late`)."""
        start = max(base, due)
        late = is_late(due, on, self._local)
        corrected = round_cents(principal * self.factor(start, on)) if late and on > start else principal
        days = max(0, (on - start).days) if late else 0
        fine = round_cents(corrected * self._fine) if late and not fined else ZERO
        interest = round_cents(corrected * self._interest * days / THIRTY) if days else ZERO
        return corrected, fine, interest


def rules_applied(policy: Policy, update: TitleUpdate) -> dict[str, str]:
    """The rule and rate behind each component, in words (pt-BR), for the statement."""
    months = months_between(update.due_date, update.calculation_date)
    if policy.correction_index is CorrectionIndex.NONE or not months:
        correction = "sem correção monetária"
    else:
        index = policy.correction_index.value
        first, last = month_in_words(months[0]), month_in_words(months[-1])
        period = first if first == last else f"{first} a {last}"
        correction = f"{index} de {period}: fator {update.factor.normalize():f}"
    late = update.days_late > 0
    fine_source = " (CDC art. 52 §1º)" if policy.consumer_relation else ""
    return {
        "correction": correction,
        "fine": f"multa de {policy.fine_percent.normalize():f}%{fine_source}"
        if late
        else "sem multa: não vencido",
        "interest": (
            f"juros simples de {policy.interest_percent_month.normalize():f}% a.m. pro rata die, "
            f"{update.days_late} dia(s)"
            if late
            else "sem juros: não vencido"
        ),
        "fees": f"honorários de {policy.fees_percent.normalize():f}%"
        if late
        else "sem honorários: não vencido",
    }
