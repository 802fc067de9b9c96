"""The debt update rules of issue 3 §2, one worked example by hand and their properties."""

from datetime import date, timedelta
from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st
from pydantic import ValidationError

from cobranca.domain.debt import CorrectionIndex, DebtCalculator, Policy
from cobranca.domain.indices import correction_factor, months_between

SERIES = {"2026-01": Decimal("0.50"), "2026-02": Decimal("0.40"), "2026-03": Decimal("0.30")}
POLICY = Policy(
    fine_percent=Decimal(2),
    interest_percent_month=Decimal(1),
    correction_index=CorrectionIndex.IPCA,
    fees_percent=Decimal(10),
)


def test_worked_example_matches_the_hand_calculation():
    # P = 1000.00 due 10/01/2026, calculated on 09/04/2026: 89 days late, factor 1.005·1.004·1.003
    u = DebtCalculator(POLICY, SERIES).update(Decimal("1000.00"), date(2026, 1, 10), date(2026, 4, 9))
    assert u.days_late == 89
    assert u.factor == Decimal("1.012047060")
    assert u.corrected == Decimal("1012.05")  # 1012.04706
    assert u.fine == Decimal("20.24")  # 20.241
    assert u.interest == Decimal("30.02")  # 1012.05 × 1% × 89 / 30 = 30.02415
    assert u.fees == Decimal("106.23")  # 10% of 1062.31
    assert u.total == Decimal("1168.54")


def test_correction_covers_due_month_through_the_month_before_calculation():
    assert months_between(date(2026, 1, 31), date(2026, 4, 1)) == ["2026-01", "2026-02", "2026-03"]
    assert months_between(date(2026, 4, 1), date(2026, 4, 30)) == []
    assert months_between(date(2025, 12, 5), date(2026, 1, 5)) == ["2025-12"]


def test_missing_months_count_as_zero_and_none_means_no_correction():
    assert correction_factor({"2026-02": Decimal("1")}, date(2026, 1, 1), date(2026, 4, 1)) == Decimal("1.01")
    plain = DebtCalculator(POLICY.model_copy(update={"correction_index": CorrectionIndex.NONE}), SERIES)
    assert plain.update(Decimal("100"), date(2026, 1, 10), date(2026, 4, 9)).factor == 1


def test_nothing_is_added_before_or_on_the_due_date():
    u = DebtCalculator(POLICY, SERIES).update(Decimal("500.00"), date(2026, 5, 10), date(2026, 5, 10))
    assert (u.days_late, u.fine, u.interest, u.fees, u.total) == (0, 0, 0, 0, Decimal("500.00"))


def test_fine_above_two_percent_is_refused_in_consumer_relations():
    with pytest.raises(ValidationError, match=r"CDC art\. 52"):
        Policy(fine_percent=Decimal("2.01"))
    assert Policy(fine_percent=Decimal("10"), consumer_relation=False).fine_percent == 10


def test_moratory_interest_above_one_percent_a_month_is_a_financial_institutions_contract_rate():
    with pytest.raises(ValueError, match=r"Decreto 22\.626/33") as refused:
        Policy(interest_percent_month=Decimal("30"))
    assert "interest_percent_month" in str(refused.value)
    assert Policy(interest_percent_month=Decimal("1")).interest_percent_month == 1
    assert (
        Policy(interest_percent_month=Decimal("30"), financial_institution=True).interest_percent_month == 30
    )


@given(st.decimals(min_value=Decimal("0"), max_value=Decimal("2"), places=2))
def test_any_fine_up_to_two_percent_is_accepted_for_consumers(fine):
    assert Policy(fine_percent=fine).fine_percent == fine


amounts = st.decimals(min_value=Decimal("0.01"), max_value=Decimal("1000000"), places=2)
rates = st.decimals(min_value=Decimal("0"), max_value=Decimal("10"), places=2)


@given(amounts, rates, st.integers(1, 2000))
def test_interest_is_simple_and_pro_rata_die(amount, rate, days):
    policy = Policy(interest_percent_month=rate, financial_institution=True)
    due = date(2020, 1, 2)  # a business day (1 January is a holiday)
    u = DebtCalculator(policy).update(amount, due, due + timedelta(days=days))
    exact = u.corrected * rate / 100 * days / 30
    assert abs(u.interest - exact) <= Decimal("0.005")
    longer = DebtCalculator(policy).update(amount, due, due + timedelta(days=days + 1))
    assert longer.interest >= u.interest


@given(amounts, st.integers(0, 3000))
def test_total_is_the_sum_of_rounded_components(amount, days):
    u = DebtCalculator(POLICY, SERIES).update(
        amount, date(2026, 1, 2), date(2026, 1, 2) + timedelta(days=days)
    )
    assert u.total == u.corrected + u.fine + u.interest + u.fees
    assert all(v == v.quantize(Decimal("0.01")) for v in (u.corrected, u.fine, u.interest, u.fees))
