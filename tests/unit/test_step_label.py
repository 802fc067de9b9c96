from datetime import date

import pytest

from cobranca.domain.channels import Channel
from cobranca.domain.delivery import step_label
from cobranca.domain.messages import Message


def message(origin: str, step: str) -> Message:
    return Message(
        id="k",
        origin=origin,
        debtor_id="d",
        creditor_id="c",
        channel=Channel.SMS,
        template_id="t",
        step=step,
        run_date=date(2026, 11, 23),
        items=[],
        created_at="",
        updated_at="",
    )


@pytest.mark.parametrize(
    ("origin", "step", "label"),
    [
        ("ruler:01ab", "01ab.t+3.sms", "régua, D+3"),
        ("ruler:01ab", "01ab.i-2.whatsapp", "régua, parcela D-2"),
        ("ruler:01ab", "01ab.t+0.email", "régua, D+0"),
        ("batch:01cd", "01cd.t+0.sms", "ação em lote"),
    ],
)
def test_the_history_says_where_a_message_came_from_without_internal_ids(origin, step, label):
    assert step_label(message(origin, step)) == label
