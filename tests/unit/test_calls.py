from datetime import date, datetime
from decimal import Decimal

import pytest

from cobranca.domain.calls import CallIn, CallOutcome, call_detail, check_call, contacts_paused_until
from cobranca.domain.dates import SAO_PAULO
from cobranca.domain.errors import InvalidInput

TODAY = date(2026, 11, 23)
NOW = datetime(2026, 11, 23, 10, 0, tzinfo=SAO_PAULO)


def promise(on: date | None = TODAY, amount: str | None = "1") -> CallIn:
    value = Decimal(amount) if amount is not None else None
    return CallIn(outcome=CallOutcome.PROMISE, promise_date=on, promise_amount=value)


def no_answer(callback_at: datetime) -> CallIn:
    return CallIn(outcome=CallOutcome.NO_ANSWER, callback_at=callback_at)


def test_a_promise_pauses_contacts_through_the_day_after_the_promised_date():
    assert contacts_paused_until(date(2026, 11, 25), TODAY) == date(2026, 11, 26)
    assert contacts_paused_until(date(2026, 11, 25), date(2026, 11, 25)) == date(2026, 11, 26)
    assert contacts_paused_until(date(2026, 11, 25), date(2026, 11, 26)) is None  # resumed
    assert contacts_paused_until(None, TODAY) is None


@pytest.mark.parametrize(
    ("body", "field"),
    [
        (CallIn(outcome=CallOutcome.WRONG_NUMBER), "contact_id"),
        (promise(on=None), "promise_date"),
        (promise(amount=None), "promise_amount"),
        (promise(on=date(2026, 11, 22)), "promise_date"),  # yesterday
        (promise(on=date(2027, 1, 23)), "promise_date"),  # more than 60 days away
        (no_answer(datetime(2026, 11, 23, 9, 0)), "callback_at"),  # an hour ago, São Paulo time
        (no_answer(datetime(2027, 2, 1, 9, 0)), "callback_at"),  # too far
    ],
)
def test_each_outcome_asks_for_what_it_needs(body: CallIn, field: str):
    with pytest.raises(InvalidInput) as refused:
        check_call(body, NOW)
    assert refused.value.field == field


def test_a_call_back_later_today_is_fine():
    check_call(no_answer(datetime(2026, 11, 23, 15, 30)), NOW)


def test_the_history_line_is_portuguese_with_the_amount_in_brl():
    body = promise(amount="1234.5").model_copy(update={"note": "Pix"})
    assert call_detail(body, "+5511*****00") == (
        "Ligação para +5511*****00: promessa de pagamento de R$\u00a01.234,50 até 23/11/2026. Pix"
    )
    assert call_detail(CallIn(outcome=CallOutcome.REFUSED), None) == "Ligação: recusou-se a negociar"


def test_a_promise_is_between_the_minimum_installment_and_the_open_balance() -> None:
    from cobranca.domain.calls import check_promise_amount

    check_promise_amount(Decimal("3621.16"), Decimal("3621.16"), Decimal("50"))
    check_promise_amount(Decimal("50"), Decimal("3621.16"), Decimal("50"))
    check_promise_amount(Decimal("30"), Decimal("30"), Decimal("50"))  # the whole balance, below the minimum
    for amount, reason in (
        (Decimal("999999999999.00"), "passa do saldo em aberto atualizado hoje (R$\u00a03.621,16)"),
        (Decimal("49.99"), "pelo menos R$\u00a050,00 (parcela mínima)"),
    ):
        with pytest.raises(InvalidInput) as refused:
            check_promise_amount(amount, Decimal("3621.16"), Decimal("50"))
        assert refused.value.field == "promise_amount"
        assert reason in refused.value.reason
    with pytest.raises(InvalidInput):
        check_promise_amount(Decimal("10"), Decimal("0"), Decimal("0"))
