from datetime import date

import pytest

from cobranca.domain.messages import MessageStatus
from cobranca.domain.runs import Progress, batch_progress, run_report
from tests.unit.test_step_label import message

S = MessageStatus


def with_status(origin: str, step: str, status: MessageStatus, error: str = "", waiting: str = ""):
    m = message(origin, step)
    return m.model_copy(update={"status": status, "error": error, "waiting_for": waiting})


def test_a_run_report_counts_each_step_and_says_why_messages_wait_fail_or_are_dispensed():
    messages = [
        with_status("ruler:r1", "r1.t+3.sms", S.SENT),
        with_status("ruler:r1", "r1.t+3.sms", S.DEFERRED, waiting="cota diária do canal"),
        with_status("ruler:r1", "r1.t+3.sms", S.DEFERRED, waiting="cota diária do canal"),
        with_status("ruler:r1", "r1.t+3.sms", S.FAILED, error="sem contato válido para sms"),
        with_status("ruler:r1", "r1.t-2.sms", S.SKIPPED, error="devedor com acordo ativo"),
        with_status("batch:b1", "b1.t+0.sms", S.QUEUED),
    ]
    report = run_report(date(2026, 11, 23), messages, {"r1": "Padrão"})
    assert report.total == 6
    assert report.counts == {S.SENT: 1, S.DEFERRED: 2, S.FAILED: 1, S.SKIPPED: 1, S.QUEUED: 1}
    by_step = {s.step: s for s in report.steps}
    d3 = by_step["r1.t+3.sms"]
    assert (d3.name, d3.label, d3.total) == ("Padrão", "régua, D+3", 4)
    assert d3.reasons == {
        S.DEFERRED: {"cota diária do canal": 2},
        S.FAILED: {"sem contato válido para sms": 1},
    }
    assert by_step["r1.t-2.sms"].reasons == {S.SKIPPED: {"devedor com acordo ativo": 1}}
    assert (by_step["b1.t+0.sms"].name, by_step["b1.t+0.sms"].reasons) == ("", {})


@pytest.mark.parametrize(
    ("planned", "statuses", "progress"),
    [
        (False, [], Progress.PLANNING),
        (True, [S.QUEUED, S.QUEUED], Progress.QUEUED),
        (True, [S.SENT, S.QUEUED], Progress.SENDING),
        (True, [S.DEFERRED, S.QUEUED], Progress.SENDING),
        (True, [S.SENT, S.FAILED], Progress.DONE),
        (True, [], Progress.DONE),  # a batch that reached nobody is done at once
    ],
)
def test_a_batch_moves_from_planning_to_done_as_its_messages_end(planned, statuses, progress):
    messages = [with_status("batch:b", "b.t+0.sms", s) for s in statuses]
    assert batch_progress(planned, len(statuses), messages).status is progress


def test_a_message_greets_a_person_by_the_first_name_and_a_company_by_its_name():
    from cobranca.domain.delivery import first_name
    from tests.unit.test_sender_windows import debtor

    person = debtor(1, "SP").model_copy(update={"name": "MARIA DA SILVA"})
    assert first_name(person) == "Maria"
    company = person.model_copy(update={"name": "Restaurante Sabor Caseiro Ltda", "document_kind": "CNPJ"})
    assert first_name(company) == "Restaurante Sabor Caseiro Ltda"
