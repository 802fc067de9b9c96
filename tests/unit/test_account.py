"""The statement of account's arithmetic (domain/account.py) over random agreements and commission
rules: the split never exceeds what Asaas nets, and every line and total reconciles to the centavo."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

from hypothesis import given, settings
from hypothesis import strategies as st

from cobranca.domain.account import account_line, totals_of
from cobranca.domain.agreements import (
    AgreementStatus,
    Charge,
    ChargeStatus,
    Installment,
    InstallmentStatus,
    PaymentMethod,
)
from cobranca.domain.charges import fee_reserve, split_plan
from tests.fakes import an_agreement

cents = st.integers(min_value=500, max_value=2_000_000).map(lambda c: Decimal(c) / 100)


@settings(max_examples=300, deadline=None)
@given(
    amounts=st.lists(cents, min_size=1, max_size=12),
    share_ratio=st.integers(min_value=50, max_value=100),
    commission=st.integers(min_value=0, max_value=60),
    method=st.sampled_from(list(PaymentMethod)),
    late=st.lists(st.integers(min_value=0, max_value=5000), min_size=12, max_size=12),
)
def test_split_stays_under_net_and_every_line_reconciles(amounts, share_ratio, commission, method, late):
    total = sum(amounts, Decimal(0))
    share = (total * share_ratio / 100).quantize(Decimal("0.01"))
    fees = [fee_reserve(method.value, a) for a in amounts]
    plan = split_plan(amounts, share, Decimal(commission), fees)
    parts = []
    for n, (amount, split, fee) in enumerate(zip(amounts, plan.splits, fees, strict=True)):
        paid = amount + Decimal(late[n]) / 100
        charge = Charge(
            status=ChargeStatus.PAID,
            reference=f"a-{n:02d}",
            split_value=split,
            paid_amount=paid,
            fee=fee,  # Asaas charges at most the fee reserved (its published prices)
            net_value=paid - fee,
            paid_on=date(2026, 5, 1),
            updated_at="2026-05-01T00:00:00.000Z",
        )
        parts.append(
            Installment(
                number=n,
                due_date=date(2026, 5, 1),
                amount=amount,
                status=InstallmentStatus.PAID,
                charge=charge,
            )
        )
    a = an_agreement(
        parts,
        payment_method=method,
        status=AgreementStatus.PAID,
        total=total,
        creditor_share=share,
        commission_percent=Decimal(commission),
    )
    lines = [line for i in parts if (line := account_line(a, i)) is not None]
    for line in lines:
        assert line.split <= line.net  # Asaas could always pay the split out of what it nets
        assert line.commission >= 0
        assert line.fees >= 0
        assert line.split + line.commission + line.fees + line.late_charges - line.fee == line.net
        assert line.net + line.fee == line.paid
    t = totals_of(lines)
    assert t.split + t.agency == t.net
    assert t.net + t.fee == t.paid
    assert t.split == sum(plan.splits, Decimal(0))
    assert t.split <= share  # the creditor never gets more than its share of the debt
