from datetime import date
from decimal import Decimal

import pytest

from cobranca.domain.calls import CallIn, CallOutcome, call_detail, check_call, contacts_paused_until
from cobranca.domain.errors import InvalidInput

TODAY = date(2026, 11, 23)


def promise(on: date | None = TODAY, amount: str | None = "1") -> CallIn:
    return CallIn(
        outcome=CallOutcome.PROMISE,
        promise_date=on,
        promise_amount=Decimal(amount) if amount is not None else None,
    )


def test_a_promise_pauses_contacts_through_the_day_after_the_promised_date():
    assert contacts_paused_until(date(2026, 11, 25), TODAY) == date(2026, 11, 26)
    assert contacts_paused_until(date(2026, 11, 25), date(2026, 11, 25)) == date(2026, 11, 26)
    assert contacts_paused_until(date(2026, 11, 25), date(2026, 11, 26)) is None  # resumed
    assert contacts_paused_until(None, TODAY) is None


@pytest.mark.parametrize(
    ("body", "field"),
    [
        (CallIn(outcome=CallOutcome.WRONG_NUMBER), "contact_id"),
        (CallIn(outcome=CallOutcome.PROMISE, promise_amount=Decimal(10)), "promise_date"),
        (CallIn(outcome=CallOutcome.PROMISE, promise_date=TODAY), "promise_amount"),
        (
            CallIn(outcome=CallOutcome.PROMISE, promise_date=date(2026, 11, 22), promise_amount=Decimal(1)),
            "promise_date",
        ),
        (
            CallIn(outcome=CallOutcome.PROMISE, promise_date=date(2027, 1, 23), promise_amount=Decimal(1)),
            "promise_date",
        ),
    ],
)
def test_each_outcome_asks_for_what_it_needs(body: CallIn, field: str):
    with pytest.raises(InvalidInput) as refused:
        check_call(body, TODAY)
    assert refused.value.field == field


def test_the_history_line_is_portuguese_with_the_amount_in_brl():
    promise = CallIn(
        outcome=CallOutcome.PROMISE, promise_date=TODAY, promise_amount=Decimal("1234.5"), note="Pix"
    )
    assert call_detail(promise, "+5511*****00") == (
        "Ligação para +5511*****00: promessa de pagamento de R$\u00a01.234,50 até 23/11/2026. Pix"
    )
    assert call_detail(CallIn(outcome=CallOutcome.REFUSED), None) == "Ligação: recusou-se a negociar"
