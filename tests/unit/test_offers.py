"""Offers and installment plans (issue 3 §4)."""

from datetime import date, timedelta
from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st
from pydantic import ValidationError

from cobranca.domain.debt import DebtCalculator, OfferRule, OfferScope, Policy
from cobranca.domain.offers import (
    Payment,
    add_months,
    build_offer,
    build_offers,
    cet_month,
    cet_year,
    installment_amounts,
)
from tests.unit.test_debt_update import POLICY, SERIES

FIRST_DUE = date(2026, 1, 31)
TODAY = date(2026, 1, 20)


def updates():
    return [DebtCalculator(POLICY, SERIES).update(Decimal("1000.00"), date(2026, 1, 10), date(2026, 4, 9))]


def test_a_vista_with_discounts():
    rule = OfferRule(
        code="AV", name="À vista", installments=0, discount_principal_percent=10, discount_charges_percent=50
    )
    offer = build_offers(
        POLICY.model_copy(update={"offers": [rule]}), updates(), FIRST_DUE, day=TODAY, self_service=True
    )[0]
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
    assert [o.code for o in build_offers(policy, updates(), FIRST_DUE, day=TODAY, self_service=True)] == [
        "AV"
    ]


def test_each_offer_is_offered_only_where_the_policy_says():
    rules = [
        OfferRule(code="TODOS", name="Para todos", installments=0),
        OfferRule(code="PORTAL", name="Só no portal", installments=0, scope=OfferScope.SELF_SERVICE),
        OfferRule(code="OPER", name="Só operador", installments=0, scope=OfferScope.OPERATOR),
    ]
    policy = POLICY.model_copy(update={"offers": rules})

    def codes(*, self_service: bool) -> list[str]:
        offers = build_offers(policy, updates(), FIRST_DUE, day=FIRST_DUE, self_service=self_service)
        return [o.code for o in offers]

    assert codes(self_service=True) == ["TODOS", "PORTAL"]
    assert codes(self_service=False) == ["TODOS", "OPER"]


def test_a_flash_campaign_lives_within_its_window_and_its_quota():
    rule = OfferRule(
        code="FLASH",
        name="10% até dia 15",
        installments=0,
        discount_principal_percent=10,
        valid_from=date(2026, 1, 10),
        valid_until=date(2026, 1, 15),
        quota=10,
    )
    policy = POLICY.model_copy(update={"offers": [rule]})

    def offered(day: date, used: int = 0) -> list[tuple[date | None, int | None]]:
        found = build_offers(policy, updates(), FIRST_DUE, day=day, self_service=True, used={"FLASH": used})
        return [(o.valid_until, o.remaining) for o in found]

    assert offered(date(2026, 1, 9)) == []  # not yet
    assert offered(date(2026, 1, 10)) == [(date(2026, 1, 15), 10)]  # both ends count
    assert offered(date(2026, 1, 15), used=9) == [(date(2026, 1, 15), 1)]
    assert offered(date(2026, 1, 15), used=10) == []  # the first ten are gone
    assert offered(date(2026, 1, 16)) == []  # over


def test_a_window_that_ends_before_it_starts_is_refused():
    with pytest.raises(ValidationError, match="valid_until"):
        OfferRule(
            code="X", name="X", installments=0, valid_from=date(2026, 2, 1), valid_until=date(2026, 1, 1)
        )


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


def test_an_offer_says_what_it_forgives_in_reais_and_percent():
    rule = OfferRule(code="AV", name="À vista", installments=0, discount_charges_percent=Decimal("50"))
    offer = build_offer(rule, Decimal("1000.00"), Decimal("200.00"), date(2026, 5, 1))
    assert (offer.owed, offer.discounted) == (Decimal("1200.00"), Decimal("1100.00"))
    assert (offer.discount, offer.discount_percent) == (Decimal("100.00"), Decimal("8.33"))


def test_the_cet_of_installments_without_interest_is_zero_and_none_for_a_single_payment():
    rule = OfferRule(code="3X", name="3x", installments=3)
    offer = build_offer(rule, Decimal("900.00"), Decimal("0.00"), date(2026, 5, 10))
    assert cet_month(offer.discounted, date(2026, 5, 1), offer.payments) == Decimal("0.0")
    single = build_offer(
        OfferRule(code="AV", name="À vista", installments=0),
        Decimal("900.00"),
        Decimal("0"),
        date(2026, 5, 10),
    )
    assert cet_month(single.discounted, date(2026, 5, 1), single.payments) is None


def test_the_cet_of_a_price_table_paid_a_month_apart_is_its_rate():
    """R$ 1.000 financed at 2 % a month in 12 installments, the first 30 days after the negotiation:
    the dated cash flows give back 2 % a month, 26,82 % a year."""
    day = date(2026, 1, 1)
    amounts = installment_amounts(Decimal("1000.00"), 12, Decimal("0.02"))
    payments = [Payment(n + 1, day + timedelta(days=30 * (n + 1)), a) for n, a in enumerate(amounts)]
    month = cet_month(Decimal("1000.00"), day, payments)
    assert month is not None
    assert abs(month - Decimal("2")) < Decimal("0.01")
    assert cet_year(Decimal("2")) == Decimal("26.82")


def test_paying_later_than_a_month_apart_costs_less_a_month():
    day = date(2026, 1, 1)
    amounts = installment_amounts(Decimal("1000.00"), 6, Decimal("0.03"))
    monthly = [Payment(n + 1, day + timedelta(days=30 * (n + 1)), a) for n, a in enumerate(amounts)]
    slower = [Payment(n + 1, day + timedelta(days=45 * (n + 1)), a) for n, a in enumerate(amounts)]
    fast, slow = cet_month(Decimal("1000.00"), day, monthly), cet_month(Decimal("1000.00"), day, slower)
    assert fast is not None
    assert slow is not None
    assert slow < fast
