"""The per-charge state machine (F32): whatever order and however many times the portador's events come,
an installment ends as the latest money event (by the portador's time) says, and the other events never
undo a payment."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

from hypothesis import given
from hypothesis import strategies as st

from cobranca.domain.agreements import (
    Agreement,
    AgreementStatus,
    ChargeStatus,
    Installment,
    InstallmentStatus,
)
from cobranca.domain.settlement import Effect, EventKind, PaymentEvent, agreement_of, transition
from tests.fakes import an_agreement as agreement_of_parts

NOW = "2026-04-09T15:00:00Z"


def an_agreement(status: InstallmentStatus = InstallmentStatus.PENDING) -> Agreement:
    part = Installment(number=1, due_date=date(2026, 4, 15), amount=Decimal("300.00"), status=status)
    return agreement_of_parts([part])


def event(kind: EventKind, second: int, name: str = "") -> PaymentEvent:
    return PaymentEvent(
        id=f"evt_{kind}_{second}",
        name=name or f"PAYMENT_{kind.upper()}",
        kind=kind,
        occurred_at=f"2026-04-09 10:00:{second:02d}",
        payment_id="pay_1",
        reference="a1-01",
        method="PIX",
        value=Decimal("300.00"),
        net_value=Decimal("298.01"),
        paid_on=date(2026, 4, 9),
        credit_date=date(2026, 4, 9),
    )


def run(a: Agreement, events: list[PaymentEvent]) -> Agreement:
    """Applies the transitions as the store would: the charge, and the status on settle/reverse."""
    for e in events:
        inst = a.installments[0]
        step = transition(a, inst, e, NOW)
        if step.effect is Effect.NONE:
            continue
        status = {Effect.SETTLE: InstallmentStatus.PAID, Effect.REVERSE: InstallmentStatus.PENDING}
        new = inst.model_copy(update={"charge": step.charge, "status": status.get(step.effect, inst.status)})
        a = a.model_copy(update={"installments": [new]})
    return a


KINDS = [EventKind.PAID, EventKind.REVERSED, EventKind.CHANGED, EventKind.OVERDUE, EventKind.DELETED]


@given(st.lists(st.sampled_from(KINDS), min_size=1, max_size=8), st.randoms(use_true_random=False))
def test_in_any_order_the_latest_money_event_decides(kinds: list[EventKind], rng) -> None:
    events = [event(k, n) for n, k in enumerate(kinds)]  # their times, in the order they happened
    delivered = events + rng.sample(events, k=len(events) // 2)  # redeliveries, too
    rng.shuffle(delivered)
    final = run(an_agreement(), delivered).installments[0]
    money = [e for e in events if e.kind in (EventKind.PAID, EventKind.REVERSED)]
    if money and money[-1].kind is EventKind.PAID:
        assert final.status is InstallmentStatus.PAID
        assert final.charge is not None
        assert final.charge.status is ChargeStatus.PAID
    else:
        assert final.status is InstallmentStatus.PENDING
        assert final.charge is None or final.charge.status is not ChargeStatus.PAID


def test_a_payment_settles_with_the_fee_and_a_second_delivery_only_records():
    a = an_agreement()
    step = transition(a, a.installments[0], event(EventKind.PAID, 1, "PAYMENT_RECEIVED"), NOW)
    assert step.effect is Effect.SETTLE
    assert step.charge is not None
    assert step.charge.fee == Decimal("1.99")
    assert step.history == "Parcela 1/1 do acordo A-000001 paga: R$\xa0300,00 em 09/04/2026 (PIX)"
    paid = run(a, [event(EventKind.PAID, 1)])
    again = transition(paid, paid.installments[0], event(EventKind.PAID, 2, "PAYMENT_RECEIVED"), NOW)
    assert again.effect is Effect.RECORD  # received after confirmed: the credit date, no second settlement


def test_money_for_an_installment_no_longer_due_is_recorded_and_flagged_never_settled():
    a = an_agreement(InstallmentStatus.CANCELLED)
    step = transition(a, a.installments[0], event(EventKind.PAID, 1), NOW)
    assert step.effect is Effect.RECORD
    assert step.alert is True
    assert step.history is not None
    assert "o acordo não está mais ativo" in step.history


def test_money_after_the_break_is_recorded_for_imputation_without_an_alert_never_settled():
    a = an_agreement(InstallmentStatus.CANCELLED).model_copy(update={"status": AgreementStatus.BROKEN})
    step = transition(a, a.installments[0], event(EventKind.PAID, 1), NOW)
    assert step.effect is Effect.RECORD
    assert step.charge is not None
    assert step.charge.status is ChargeStatus.PAID
    assert step.alert is False  # the break service imputes it to the reopened titles
    assert step.history is not None
    assert "abatido dos títulos reabertos" in step.history


def test_an_event_for_another_payment_or_reference_is_not_acted_on():
    a = run(an_agreement(), [event(EventKind.CHANGED, 1)])
    other = PaymentEvent(
        id="e",
        name="PAYMENT_RECEIVED",
        kind=EventKind.PAID,
        occurred_at="x",
        payment_id="pay_2",
        reference="a1-01",
    )
    assert transition(a, a.installments[0], other, NOW).effect is Effect.NONE
    assert agreement_of("a1-01") == ("a1", 1)
    assert agreement_of("056984") is None
    assert agreement_of(None) is None
