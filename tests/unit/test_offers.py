"""Offers and installment plans (issue 3 §4)."""

from datetime import date
from decimal import Decimal

from hypothesis import given
from hypothesis import strategies as st

from cobranca.domain.debt import DebtCalculator, OfferRule, Policy
from cobranca.domain.offers import add_months, build_offer, build_offers, installment_amounts
from tests.unit.test_debt_update import POLICY, SERIES

FIRST_DUE = date(2026, 1, 31)


def updates():
    return [DebtCalculator(POLICY, SERIES).update(Decimal("1000.00"), date(2026, 1, 10), date(2026, 4, 9))]


def test_a_vista_with_discounts():
    rule = OfferRule(
        code="AV", name="À vista", installments=0, discount_principal_percent=10, discount_charges_percent=50
    )
    offer = build_offers(POLICY.model_copy(update={"offers": [rule]}), updates(), FIRST_DUE)[0]
    # principal 1012.05 × 0.9 = 910.845 → 910.85; charges 156.49 × 0.5 = 78.245 → 78.25
    assert (offer.principal, offer.charges, offer.discounted) == (
        Decimal("1012.05"),
        Decimal("156.49"),
        Decimal("989.10"),
    )
    assert [(p.number, p.due_date, p.amount) for p in offer.payments] == [(0, FIRST_DUE, Decimal("989.10"))]
    assert offer.total == Decimal("989.10")


def test_entry_and_price_table_installments_on_the_same_day_clamped_to_month_end():
    rule = OfferRule(
        code="3X", name="Entrada + 3x", installments=3, entry_min_percent=20, interest_percent_month=2
    )
    offer = build_offer(rule, Decimal("1012.05"), Decimal("156.49"), FIRST_DUE)
    # D = 1168.54; entry 233.708 → 233.71; R = 934.83; PMT = 934.83 × 0.02 / (1 − 1.02⁻³) = 324.1567 → 324.16
    assert offer.entry == Decimal("233.71")
    assert [(p.number, p.due_date, p.amount) for p in offer.payments] == [
        (0, date(2026, 1, 31), Decimal("233.71")),
        (1, date(2026, 2, 28), Decimal("324.16")),
        (2, date(2026, 3, 31), Decimal("324.16")),
        (3, date(2026, 4, 30), Decimal("324.16")),
    ]
    assert offer.total == Decimal("1206.19")


def test_without_entry_the_first_installment_falls_on_the_first_due_date():
    rule = OfferRule(code="4X", name="4x sem juros", installments=4)
    offer = build_offer(rule, Decimal("100.00"), Decimal("0.01"), date(2026, 3, 15))
    assert [p.due_date for p in offer.payments] == [
        date(2026, 3, 15),
        date(2026, 4, 15),
        date(2026, 5, 15),
        date(2026, 6, 15),
    ]
    assert [p.amount for p in offer.payments] == [
        Decimal("25.01"),
        Decimal("25.00"),
        Decimal("25.00"),
        Decimal("25.00"),
    ]


def test_offers_with_a_payment_below_the_minimum_are_not_offered():
    rules = [
        OfferRule(code="AV", name="À vista", installments=0),
        OfferRule(code="12X", name="12x", installments=12),
    ]
    policy = POLICY.model_copy(update={"offers": rules, "min_installment": Decimal("150.00")})
    assert [o.code for o in build_offers(policy, updates(), FIRST_DUE)] == ["AV"]


def test_month_end_clamping():
    assert add_months(date(2024, 1, 31), 1) == date(2024, 2, 29)
    assert add_months(date(2026, 12, 31), 2) == date(2027, 2, 28)


money = st.decimals(min_value=Decimal("0.01"), max_value=Decimal("500000"), places=2)
percent = st.decimals(min_value=Decimal("0"), max_value=Decimal("100"), places=2)


@given(money, st.integers(1, 120))
def test_interest_free_installments_sum_to_the_financed_amount_exactly(financed, count):
    parts = installment_amounts(financed, count, Decimal(0))
    assert sum(parts) == financed
    assert len(parts) == count


@given(
    money,
    money,
    st.integers(0, 60),
    percent,
    st.decimals(min_value=0, max_value=8, places=2),
    percent,
    percent,
)
def test_payments_always_sum_to_the_offer_total(principal, charges, n, entry, rate, disc_p, disc_c):
    rule = OfferRule(
        code="X",
        name="x",
        installments=n,
        entry_min_percent=entry,
        interest_percent_month=rate,
        discount_principal_percent=disc_p,
        discount_charges_percent=disc_c,
    )
    offer = build_offer(rule, principal, charges, FIRST_DUE)
    assert sum(p.amount for p in offer.payments) == offer.total
    # interest never lowers the price: at most half a cent per installment is lost to rounding
    assert offer.total >= offer.discounted - Decimal("0.005") * n
    if rate == 0:
        assert offer.total == offer.discounted  # no interest: never more than what is owed after discounts


@given(money, money, percent, percent)
def test_a_larger_discount_never_costs_more(principal, charges, smaller, larger):
    smaller, larger = sorted((smaller, larger))

    def total(discount):
        rule = OfferRule(
            code="X",
            name="x",
            installments=0,
            discount_principal_percent=discount,
            discount_charges_percent=discount,
        )
        return build_offer(rule, principal, charges, FIRST_DUE).total

    assert total(larger) <= total(smaller)


def test_policy_offers_need_unique_codes():
    import pytest
    from pydantic import ValidationError

    with pytest.raises(ValidationError, match="repetidos"):
        Policy(
            offers=[
                OfferRule(code="A", name="a", installments=0),
                OfferRule(code="A", name="b", installments=2),
            ]
        )
