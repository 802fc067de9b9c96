"""A debt falling due on a weekend or a bank holiday is paid on time on the next business day: nothing
added up to it; after it, everything as from the original due date."""

from __future__ import annotations

from datetime import date, timedelta
from decimal import Decimal

import holidays
from hypothesis import given
from hypothesis import strategies as st

from cobranca.domain.bank_days import holidays_of, is_business_day, is_late, payable_until
from cobranca.domain.debt import DebtCalculator, Imputed, Policy

POLICY = Policy(fine_percent=Decimal("2"), interest_percent_month=Decimal("1"), fees_percent=Decimal("10"))
days = st.dates(min_value=date(2000, 1, 1), max_value=date(2040, 12, 31))


def test_the_calendar_is_the_national_one_with_carnival_and_corpus_christi() -> None:
    for year in range(2000, 2041):
        national = holidays.Brazil(years=year, categories=("public", "optional"))
        wanted = {
            day
            for day, name in national.items()
            if name not in ("Ash Wednesday", "Public Servant's Day", "Christmas Eve", "New Year's Eve")
        }
        assert holidays_of(year) == frozenset(wanted), year


def test_saturdays_title_owes_nothing_extra_on_monday_and_everything_on_tuesday() -> None:
    calculator = DebtCalculator(POLICY)
    saturday = date(2026, 12, 5)
    monday = calculator.update(Decimal("1000.00"), saturday, date(2026, 12, 7))
    assert (monday.days_late, monday.fine, monday.interest, monday.fees) == (0, 0, 0, 0)
    assert monday.total == Decimal("1000.00")
    tuesday = calculator.update(Decimal("1000.00"), saturday, date(2026, 12, 8))
    assert tuesday.days_late == 3  # counted from the original due date
    assert tuesday.fine == Decimal("20.00")
    assert tuesday.interest == Decimal("1.00")  # 1 % a.m. × 3/30
    assert tuesday.total == Decimal("1000.00") + Decimal("20.00") + Decimal("1.00") + Decimal("102.10")


def test_carnival_and_a_holiday_after_a_weekend_move_the_day_further() -> None:
    assert payable_until(date(2026, 2, 14)) == date(2026, 2, 18)  # Saturday before Carnival → Ash Wednesday
    assert payable_until(date(2026, 10, 31)) == date(2026, 11, 3)  # Saturday, Sunday, Finados
    assert payable_until(date(2026, 11, 20)) == date(2026, 11, 23)  # Consciência Negra on a Friday
    assert payable_until(date(2026, 12, 8)) == date(2026, 12, 8)  # a business day is itself
    update = DebtCalculator(POLICY).update(Decimal("500.00"), date(2026, 10, 31), date(2026, 11, 3))
    assert update.total == Decimal("500.00")


@given(days, st.integers(0, 400))
def test_nothing_is_added_before_the_next_business_day_and_after_it_the_days_count_from_due(
    due: date, after: int
) -> None:
    on = due + timedelta(days=after)
    update = DebtCalculator(POLICY).update(Decimal("1000.00"), due, on)
    grace = payable_until(due)
    assert is_business_day(grace)
    assert grace - due < timedelta(days=6)
    assert all(not is_business_day(d) for d in (due + timedelta(n) for n in range((grace - due).days)))
    if on <= grace:
        assert not is_late(due, on)
        assert update.total == Decimal("1000.00")
        assert update.days_late == 0
    else:
        assert update.days_late == (on - due).days
        assert update.fine == Decimal("20.00")
        assert update.interest == (Decimal("1000.00") * (on - due).days / 3000).quantize(Decimal("0.01"))


def test_a_payment_on_the_next_business_day_after_a_weekend_due_pays_no_fine() -> None:
    """Imputation (a broken agreement's payments): paid on Monday what was due on Saturday settles the
    principal; nothing is fined."""
    saturday, monday = date(2026, 12, 5), date(2026, 12, 7)
    paid = [Imputed(paid_on=monday, amount=Decimal("400.00"))]
    update = DebtCalculator(POLICY).update(Decimal("1000.00"), saturday, monday, paid)
    assert update.paid == Decimal("400.00")
    assert update.total == Decimal("600.00")
    later = DebtCalculator(POLICY).update(Decimal("1000.00"), saturday, date(2027, 1, 6), paid)
    assert later.fine == Decimal("12.00")  # the fine on what was left when it became late, once
