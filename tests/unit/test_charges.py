"""The creditor's split per installment: in proportion, reconciled to the centavo, never above what an
installment leaves after Asaas's fee (Asaas splits the net value), never more than the creditor's share."""

from __future__ import annotations

from decimal import Decimal

from hypothesis import given
from hypothesis import strategies as st

from cobranca.domain.charges import split_plan
from cobranca.domain.money import round_cents

cents = st.integers(min_value=500, max_value=500_000).map(lambda c: Decimal(c) / 100)


def test_a_three_installment_agreement_splits_the_share_less_the_commission():
    amounts = [Decimal("334.00"), Decimal("333.00"), Decimal("333.00")]
    # R$ 1.000,00 owed, of which R$ 100,00 are honorários (the agency's); 10 % commission
    plan = split_plan(amounts, Decimal("900.00"), Decimal("10"), fees=[Decimal("1.99")] * 3)
    assert plan.creditor_total == Decimal("810.00")
    assert plan.splits == (Decimal("270.54"), Decimal("269.73"), Decimal("269.73"))
    assert plan.held_back == Decimal("0.00")


def test_a_split_that_would_pass_the_net_value_is_capped_and_the_rest_stays_with_the_agency():
    # no commission and no honorários: the creditor's share is the whole installment, above its net
    plan = split_plan([Decimal("10.00")], Decimal("10.00"), Decimal("0"), fees=[Decimal("1.99")])
    assert plan.splits == (Decimal("8.01"),)
    assert plan.held_back == Decimal("1.99")


@given(
    amounts=st.lists(cents, min_size=1, max_size=13),
    share_ratio=st.integers(min_value=0, max_value=100),
    commission=st.integers(min_value=0, max_value=5000).map(lambda c: Decimal(c) / 100),
    fee=st.integers(min_value=0, max_value=600).map(lambda c: Decimal(c) / 100),
)
def test_every_split_fits_its_net_value_and_the_plan_reconciles_to_the_centavo(
    amounts: list[Decimal], share_ratio: int, commission: Decimal, fee: Decimal
):
    total = sum(amounts, Decimal("0.00"))
    share = round_cents(total * share_ratio / 100)
    plan = split_plan(amounts, share, commission, [fee] * len(amounts))
    assert len(plan.splits) == len(amounts)
    for split, amount in zip(plan.splits, amounts, strict=True):
        assert Decimal("0.00") <= split <= max(amount - fee, Decimal("0.00"))  # Asaas splits the net
    assert sum(plan.splits, Decimal("0.00")) + plan.held_back == plan.creditor_total
    assert plan.creditor_total <= share  # never more than the creditor's share of the debt
    assert plan.creditor_total == round_cents(share * (1 - commission / 100))
    if fee == 0:
        assert plan.held_back == 0  # only the fee can make a split give way


def test_the_boleto_line_is_grouped_as_printed_and_anything_else_is_left_alone():
    from cobranca.domain.charges import grouped_line

    line = "00190000090000052196141000000000000000000001611"
    assert grouped_line(line) == "00190.00009 00000.521961 41000.000000 0 00000000001611"
    assert grouped_line("123") == "123"


def test_card_fees_follow_the_plans_tier_and_a_plan_is_equal_parts_with_the_centavos_on_the_last():
    from datetime import date

    from cobranca.domain.agreements import Installment, PaymentMethod, as_card_plan, is_card_plan
    from cobranca.domain.charges import fee_reserve, spread
    from tests.fakes import an_agreement

    hundred = Decimal("100.00")
    assert [fee_reserve("card", hundred, n) for n in (1, 2, 6, 7, 12)] == [
        Decimal("3.48"),
        Decimal("3.98"),
        Decimal("3.98"),
        Decimal("4.48"),
        Decimal("4.48"),
    ]
    assert fee_reserve("pix", hundred, 6) == Decimal("1.99")
    assert spread(Decimal("100.00"), 3) == [Decimal("33.33"), Decimal("33.33"), Decimal("33.34")]
    parts = [
        Installment(number=n, due_date=date(2026, 5 + n, 10), amount=Decimal(a))
        for n, a in enumerate(["300.00", "233.34", "233.33", "233.33"])
    ]
    a = an_agreement(parts, payment_method=PaymentMethod.CARD)
    assert is_card_plan(a)
    plan = as_card_plan(a)
    assert [i.amount for i in plan.installments] == [Decimal("250.00")] * 4
    assert [i.due_date for i in plan.installments] == [i.due_date for i in parts]
    assert not is_card_plan(a.model_copy(update={"payment_method": PaymentMethod.PIX}))
