"""The statement of account's arithmetic (domain/account.py) over random agreements and commission
rules: the split never exceeds what Asaas nets, and every line and total reconciles to the centavo."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

from hypothesis import given, settings
from hypothesis import strategies as st

from cobranca.domain.account import Movement, account_line, movement, totals_of
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


@settings(max_examples=300, deadline=None)
@given(
    amount=cents,
    late=st.integers(min_value=0, max_value=5000),
    commission=st.integers(min_value=0, max_value=60),
    partials=st.lists(st.integers(min_value=1, max_value=400_000), max_size=4),
    fully=st.booleans(),
)
def test_refunds_are_lines_of_their_own_that_reconcile_and_never_return_more_than_was_paid(
    amount, late, commission, partials, fully
):
    """A payment, partial refunds in centavos, maybe the full refund: each movement's line reconciles,
    what is given back never passes what was paid, and a payment refunded in full leaves the creditor
    nothing and the agency the portador's fee to bear."""
    fee = fee_reserve(PaymentMethod.PIX.value, amount)
    split = split_plan([amount], amount, Decimal(commission), [fee]).splits[0]
    paid = amount + Decimal(late) / 100
    pending = Charge(status=ChargeStatus.CREATED, reference="a-01", provider_id="pay_1", updated_at="t")
    inst = Installment(number=1, due_date=date(2026, 5, 1), amount=amount, status=InstallmentStatus.PENDING)
    a = an_agreement([inst], total=amount, creditor_share=amount, commission_percent=Decimal(commission))
    steps = [
        pending.model_copy(
            update={
                "status": ChargeStatus.PAID,
                "split_value": split,
                "paid_amount": paid,
                "fee": fee,
                "net_value": paid - fee,
                "paid_on": date(2026, 5, 1),
            }
        )
    ]
    total = Decimal(0)
    for p in partials:
        total += Decimal(p) / 100
        steps.append(steps[-1].model_copy(update={"refunded_amount": total}))
    if fully:
        steps.append(steps[-1].model_copy(update={"status": ChargeStatus.REFUNDED}))
    lines, current = [], inst
    for n, after in enumerate(steps):
        if (line := movement(a, current, after, date(2026, 6, 1 + n))) is not None:
            lines.append(line)
        current = current.model_copy(update={"charge": after})
    assert lines[0].movement is Movement.PAYMENT
    for line in lines:
        assert line.split + line.commission + line.fees + line.late_charges - line.fee == line.net
        assert line.net + line.fee == line.paid
        assert line.split + line.agency == line.net
    t = totals_of(lines)
    assert Decimal(0) <= t.paid <= paid  # never more given back than was paid
    assert t.split in (split, Decimal(0))  # a partial refund leaves the split; a full one takes it back
    if fully:
        assert (t.paid, t.split, t.fee, t.agency) == (0, 0, fee, -fee)
