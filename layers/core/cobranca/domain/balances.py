"""A debtor's position as a list row shows it: open titles, what they amount to today (updated by each
creditor's policy), the oldest one's days late and the debtor's status; and the list filters on them."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from enum import StrEnum

from pydantic import Field

from cobranca.domain.debt import TitleUpdate
from cobranca.domain.model import Entity
from cobranca.domain.portfolio import DebtorSummary, Title, TitleStatus

ZERO = Decimal("0.00")


class DebtorStatus(StrEnum):
    OPEN = "open"  # something to collect
    IN_AGREEMENT = "in_agreement"  # nothing open; an agreement holds the titles
    IN_LAWSUIT = "in_lawsuit"  # nothing open nor in an agreement; ajuizado
    SETTLED = "settled"  # every title paid or cancelled
    NO_TITLES = "no_titles"


class DebtorBalance(Entity):
    open_titles: int
    original_amount: Decimal = Field(description="sum of the open titles' original amounts")
    updated_amount: Decimal = Field(description="the same, updated today by each creditor's policy")
    oldest_due_date: date | None = None
    days_late: int = 0
    status: DebtorStatus


class DebtorRow(DebtorSummary):
    """A list row: the debtor and, when asked for, its balance."""

    balance: DebtorBalance | None = None


def balance_of(titles: list[Title], updates: list[TitleUpdate], today: date) -> DebtorBalance:
    """`updates` are the open titles' updates, in the order of the open titles in `titles`."""
    open_ = [t for t in titles if t.status is TitleStatus.OPEN]
    statuses = {t.status for t in titles}
    if open_:
        status = DebtorStatus.OPEN
    elif TitleStatus.IN_AGREEMENT in statuses:
        status = DebtorStatus.IN_AGREEMENT
    elif TitleStatus.IN_LAWSUIT in statuses:
        status = DebtorStatus.IN_LAWSUIT
    else:
        status = DebtorStatus.SETTLED if titles else DebtorStatus.NO_TITLES
    oldest = min((t.due_date for t in open_), default=None)
    return DebtorBalance(
        open_titles=len(open_),
        original_amount=sum((t.original_amount for t in open_), ZERO),
        updated_amount=sum((u.total for u in updates), ZERO),
        oldest_due_date=oldest,
        days_late=max(0, (today - oldest).days) if oldest else 0,
        status=status,
    )


@dataclass(frozen=True)
class BalanceFilter:
    """Filters on the balance (they need the titles read, so the list reads on until it has a page)."""

    status: DebtorStatus | None = None
    min_days_late: int | None = None
    max_days_late: int | None = None
    min_amount: Decimal | None = None  # on the updated amount
    max_amount: Decimal | None = None

    @property
    def active(self) -> bool:
        return any(
            v is not None
            for v in (self.status, self.min_days_late, self.max_days_late, self.min_amount, self.max_amount)
        )

    def matches(self, b: DebtorBalance) -> bool:
        return (
            (self.status is None or b.status is self.status)
            and (self.min_days_late is None or b.days_late >= self.min_days_late)
            and (self.max_days_late is None or b.days_late <= self.max_days_late)
            and (self.min_amount is None or b.updated_amount >= self.min_amount)
            and (self.max_amount is None or b.updated_amount <= self.max_amount)
        )
