"""The régua de cobrança end to end in moto: configuration API, daily run, sender, windows, faults.

The send queue is drained the way Lambda's event source mapping does it (functions/sender/handler.py
gets SQS events; failed items return to the queue), and SMS/WhatsApp go over HTTP to the loopback
fakes of Zenvia and the WhatsApp Cloud API.
"""

from __future__ import annotations

import email
import email.policy
import json
import random
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

import boto3
import pytest

from cobranca import bootstrap
from cobranca.domain.dates import CLOCK
from infra.local import mailbox
from infra.local.events import sqs_event
from infra.local.fake_messaging import WHATSAPP_TOKEN, ZENVIA_TOKEN, FakeMessaging
from tests.fakes import a_cpf
from tests.integration.conftest import LambdaContext, Stack
from tests.integration.test_portfolio_api import creditor

EMAIL_BODY = "Olá #NOME#, há débito de #VALOR_ATUALIZADO# com #IDENTIFICACAO_CREDOR#: #TITULOS#."


SENDERS = {"sms_from": "cobranca", "whatsapp_phone_number_id": "106540352242922"}


@dataclass
class Messaging:
    fake: FakeMessaging
    sqs: Any
    queue: str
    dlq: str
    clock: list[datetime]

    def at(self, when: str, monkeypatch: pytest.MonkeyPatch) -> None:
        CLOCK.pin(when)
        self.clock[:] = [datetime.fromisoformat(when)]

    def drain(self, monkeypatch: pytest.MonkeyPatch, rounds: int = 200) -> int:
        """Delivers every visible job; a failed item comes back after the lease (the clock advances)."""
        import functions.sender.handler as sender_handler

        for invocations in range(rounds):
            got = self.sqs.receive_message(
                QueueUrl=self.queue, MaxNumberOfMessages=10, AttributeNames=["All"]
            )
            messages = got.get("Messages", [])
            if not messages:
                return invocations
            result = sender_handler.lambda_handler(sqs_event(messages, "arn:aws:sqs:::send"), LambdaContext())
            failed = {f["itemIdentifier"] for f in result.get("batchItemFailures", [])}
            for m in messages:
                if m["MessageId"] in failed:  # the visibility timeout passes: the lease has expired
                    self.sqs.change_message_visibility(
                        QueueUrl=self.queue, ReceiptHandle=m["ReceiptHandle"], VisibilityTimeout=0
                    )
                else:
                    self.sqs.delete_message(QueueUrl=self.queue, ReceiptHandle=m["ReceiptHandle"])
            if failed:
                self.at((self.clock[0] + timedelta(seconds=61)).isoformat(), monkeypatch)
        raise AssertionError("queue never drained")


@pytest.fixture
def messaging(stack: Stack, monkeypatch: pytest.MonkeyPatch) -> Iterator[Messaging]:
    fake = FakeMessaging()
    monkeypatch.setenv("ZENVIA_BASE_URL", fake.url)
    monkeypatch.setenv("WHATSAPP_BASE_URL", fake.url)
    secrets = boto3.client("secretsmanager", region_name="us-east-1")
    secret = {"zenvia_token": ZENVIA_TOKEN, "whatsapp_token": WHATSAPP_TOKEN}
    secrets.create_secret(Name="cobranca/local/providers", SecretString=json.dumps(secret))
    bootstrap.reset()
    refs = stack.resources.refs
    m = Messaging(
        fake, boto3.client("sqs", region_name="us-east-1"), refs["SendQueue"], refs["SendDeadLetterQueue"], []
    )
    m.at("2026-11-23T10:00:00-03:00", monkeypatch)  # a Monday
    yield m
    fake.stop()


def setup_ruler(stack: Stack, *, debtors: int = 1, uf: str = "SP", steps: list[dict] | None = None) -> dict:
    cred = creditor(stack)
    assert stack.api.call(stack.admin, "PUT", "/api/v1/sending-settings", SENDERS).status == 200
    templates = {}
    for channel, extra in (
        ("email", {"subject": "Aviso de débito — #CREDOR#", "body": EMAIL_BODY}),
        (
            "sms",
            {"body": "#PRIMEIRO_NOME#, seu débito com #CREDOR# venceu em #VENCIMENTO#. CNPJ #CNPJ_CREDOR#"},
        ),
        (
            "whatsapp",
            {
                "whatsapp": {
                    "name": "lembrete_vencimento",
                    "language": "pt_BR",
                    "parameters": [
                        "#PRIMEIRO_NOME#",
                        "#VALOR_ATUALIZADO#",
                        "#VENCIMENTO#",
                        "#IDENTIFICACAO_CREDOR#",
                    ],
                    "status": "approved",
                }
            },
        ),
    ):
        r = stack.api.call(
            stack.admin, "POST", "/api/v1/templates", {"channel": channel, "name": channel, **extra}
        )
        assert r.status == 201, r.body
        templates[channel] = r.body["id"]
    steps = steps or [
        {"offset_days": -2, "channel": "whatsapp", "template_id": templates["whatsapp"]},
        {"offset_days": 3, "channel": "email", "template_id": templates["email"]},
        {"offset_days": 3, "channel": "sms", "template_id": templates["sms"]},
        {"offset_days": 10, "channel": "call_task"},
    ]
    for s in steps:
        if "template_id" in s and s["template_id"] in templates:
            s["template_id"] = templates[s["template_id"]]
    r = stack.api.call(stack.admin, "POST", "/api/v1/rulers", {"name": "Padrão", "steps": steps})
    assert r.status == 201, r.body
    people = []
    for n in range(debtors):
        body = {
            "document": a_cpf(n),
            "name": f"Maria {n} Souza",
            "uf": uf,
            "contacts": [
                {"kind": "phone", "value": f"(11) 9{n:04d}-{1000 + n * 37:04d}"},
                {"kind": "email", "value": f"maria{n}@example.com"},
            ],
        }
        d = stack.api.call(stack.admin, "POST", "/api/v1/debtors", body)
        assert d.status == 201, d.body
        for number, due in (
            (f"NF-{n}-A", "2026-11-20"),
            (f"NF-{n}-B", "2026-11-20"),
            (f"NF-{n}-C", "2026-11-25"),
        ):
            t = {"creditor_id": cred["id"], "number": number, "original_amount": "150.00", "due_date": due}
            assert (
                stack.api.call(stack.admin, "POST", f"/api/v1/debtors/{d.body['id']}/titles", t).status == 201
            )
        people.append(d.body)
    return {"creditor": cred, "templates": templates, "debtors": people}


def run(stack: Stack, day: str) -> list[dict]:
    r = stack.api.call(stack.admin, "POST", "/api/v1/rulers/run", {"date": day})
    assert r.status == 200, r.body
    return r.body


def test_templates_refuse_unknown_wildcards_and_a_collection_email_without_the_creditor(stack: Stack):
    bad = stack.api.call(
        stack.admin,
        "POST",
        "/api/v1/templates",
        {"channel": "email", "name": "x", "subject": "Oi", "body": "#NOME#"},
    )
    assert bad.status == 422
    assert bad.body["errors"][0]["field"] == "body"
    assert "42-A" in bad.body["errors"][0]["reason"]
    typo = stack.api.call(
        stack.admin, "POST", "/api/v1/templates", {"channel": "sms", "name": "x", "body": "#NOMI#"}
    )
    assert (typo.status, typo.body["errors"][0]["field"]) == (422, "body")
    assert stack.api.call(stack.operator, "GET", "/api/v1/templates").status == 403
    wrong = stack.api.call(
        stack.admin,
        "POST",
        "/api/v1/rulers",
        {"name": "r", "steps": [{"offset_days": 1, "channel": "sms", "template_id": "nope"}]},
    )
    assert (wrong.status, wrong.body["errors"][0]["field"]) == (422, "steps.0.template_id")


def test_smtp_password_goes_to_secrets_manager_and_is_never_returned(stack: Stack):
    body = {
        "email": {
            "mode": "smtp",
            "smtp": {"host": "smtp.example.com", "port": 587, "user": "u", "password": "s3cr3t"},
        },
        "channels": {
            "sms": {"weekdays": [1, 2, 3, 4, 5], "start": "09:00", "end": "18:00", "daily_max": 100}
        },
    }
    assert stack.api.call(stack.supervisor, "PUT", "/api/v1/sending-settings", body).status == 403
    r = stack.api.call(stack.admin, "PUT", "/api/v1/sending-settings", body)
    assert r.status == 200, r.body
    assert r.body["email"]["smtp"]["password"] is None
    assert r.body["email"]["smtp"]["password_set"] is True
    stored = boto3.client("secretsmanager", region_name="us-east-1").get_secret_value(
        SecretId="cobranca/local/tenants/demo/smtp-password"
    )
    assert stored["SecretString"] == "s3cr3t"
    assert "s3cr3t" not in json.dumps(stack.api.call(stack.admin, "GET", "/api/v1/sending-settings").body)


def test_a_day_run_sends_each_action_once_even_when_run_twice(
    stack: Stack, messaging: Messaging, monkeypatch
):
    setup = setup_ruler(stack, debtors=2)
    lifted = {**SENDERS, "debtor_daily_max": 3, "debtor_weekly_max": 6}  # the cap has its own test
    assert stack.api.call(stack.admin, "PUT", "/api/v1/sending-settings", lifted).status == 200
    first = run(stack, "2026-11-23")  # due 2026-11-20 (+3: e-mail and SMS), 2026-11-25 (-2: WhatsApp)
    assert first[0]["queued"] == 6  # two debtors × (e-mail, SMS, WhatsApp): one message per debtor
    messaging.drain(monkeypatch)
    sent = messaging.fake.sent
    assert sorted(m["channel"] for m in sent) == ["sms", "sms", "whatsapp", "whatsapp"]
    sms = next(m for m in sent if m["channel"] == "sms")
    assert sms["text"].startswith("Maria, seu débito com Acme Ltda venceu em 20/11/2026")
    wa = next(m for m in sent if m["channel"] == "whatsapp")
    assert wa["template"] == "lembrete_vencimento"
    assert wa["parameters"][0] == "Maria"
    assert wa["parameters"][2] == "25/11/2026"
    emails = [m for m in mailbox.messages("us-east-1") if m["to"][0].startswith("maria")]
    assert len(emails) == 2
    assert "com Acme Ltda, CNPJ 11.222.333/0001-81: NF-" in emails[0]["text"]  # no address on file

    again = run(stack, "2026-11-23")
    assert again[0]["queued"] == 0
    assert again[0]["already_decided"] == 6
    messaging.drain(monkeypatch)
    assert len(messaging.fake.sent) == 4  # nothing twice

    d = setup["debtors"][0]
    history = stack.api.call(stack.admin, "GET", f"/api/v1/debtors/{d['id']}/history").body["items"]
    actions = [h["action"] for h in history]
    assert actions.count("message.sent") == 3
    assert all(d["document"] not in h["detail"] for h in history)
    detail = next(h["detail"] for h in history if h["detail"].startswith("SMS"))
    assert "*****" in detail  # masked destination


def test_the_per_debtor_cap_and_the_legal_window_defer_never_drop(
    stack: Stack, messaging: Messaging, monkeypatch
):
    setup_ruler(stack, debtors=1, uf="RJ")
    messaging.at("2026-11-28T10:00:00-03:00", monkeypatch)  # Saturday: RJ allows no SMS/WhatsApp
    run(stack, "2026-11-23")
    messaging.drain(monkeypatch)
    assert messaging.fake.sent == []  # WhatsApp and SMS wait for Monday 09:00 in RJ; e-mail went out
    assert len(mailbox.messages("us-east-1")) == 1
    report = stack.api.call(stack.supervisor, "GET", "/api/v1/rulers/runs/2026-11-23").body
    assert (report["total"], report["counts"]) == (3, {"sent": 1, "deferred": 2})
    waiting = {s["channel"]: s["reasons"] for s in report["steps"] if s["counts"].get("deferred")}
    assert waiting == {c: {"deferred": {"fora do horário permitido": 1}} for c in ("sms", "whatsapp")}
    assert {s["name"] for s in report["steps"]} == {"Padrão"}

    messaging.at("2026-11-30T08:30:00-03:00", monkeypatch)  # Monday 08:30: still before RJ's 09:00
    assert bootstrap.services().ruler.release_deferred("demo") == 0
    messaging.at("2026-11-30T09:00:00-03:00", monkeypatch)
    assert bootstrap.services().ruler.release_deferred("demo") == 2
    messaging.drain(monkeypatch)
    # the e-mail used Saturday's contact; Monday allows one more: the other waits for Tuesday
    assert len(messaging.fake.sent) == 1
    messaging.at("2026-12-01T09:00:00-03:00", monkeypatch)
    assert bootstrap.services().ruler.release_deferred("demo") == 1
    messaging.drain(monkeypatch)
    assert len(messaging.fake.sent) == 2
    messaging.at("2026-12-02T09:00:00-03:00", monkeypatch)
    assert bootstrap.services().ruler.release_deferred("demo") == 0


def test_paid_titles_and_agreements_stop_title_collection(stack: Stack, messaging: Messaging, monkeypatch):
    setup = setup_ruler(stack, debtors=2)
    first, second = setup["debtors"]
    for t in stack.api.call(stack.admin, "GET", f"/api/v1/debtors/{first['id']}/titles").body["items"]:
        r = stack.api.call(
            stack.admin, "POST", f"/api/v1/debtors/{first['id']}/titles/{t['id']}/status", {"status": "paid"}
        )
        assert r.status == 200, r.body
    report = run(stack, "2026-11-23")[0]
    assert report["queued"] == 3  # only the second debtor: paid titles leave the due-date index
    # the second debtor pays after the run and before the sender gets to it
    for t in stack.api.call(stack.admin, "GET", f"/api/v1/debtors/{second['id']}/titles").body["items"]:
        stack.api.call(
            stack.admin, "POST", f"/api/v1/debtors/{second['id']}/titles/{t['id']}/status", {"status": "paid"}
        )
    messaging.drain(monkeypatch)
    assert messaging.fake.sent == []
    history = stack.api.call(stack.admin, "GET", f"/api/v1/debtors/{second['id']}/history").body["items"]
    assert [h["action"] for h in history].count("message.skipped") == 3
    report = stack.api.call(stack.supervisor, "GET", "/api/v1/rulers/runs/2026-11-23").body
    assert report["counts"] == {"skipped": 3}
    assert {r for s in report["steps"] for r in s["reasons"]["skipped"]} == {
        "nada mais a cobrar (pago ou em acordo)"
    }


def test_call_tasks_go_to_the_debtors_operator_queue(stack: Stack, messaging: Messaging, monkeypatch):
    setup_ruler(stack, debtors=1)
    messaging.at("2026-11-30T10:00:00-03:00", monkeypatch)
    report = run(stack, "2026-11-30")  # 2026-11-20 + 10
    assert report[0]["tasks"] == 1
    tasks = stack.api.call(stack.supervisor, "GET", "/api/v1/tasks").body["items"]
    assert [t["debtor_name"] for t in tasks] == ["Maria 0 Souza"]
    assert tasks[0]["phone"] == "+5511900001000"  # the number to dial, on the task
    assert len(tasks[0]["items"]) == 2
    assert stack.api.call(stack.operator, "GET", "/api/v1/tasks").body["items"] == []  # not assigned to them

    # a supervisor sees every open task and gives this one to the operator
    everyone = stack.api.call(stack.supervisor, "GET", "/api/v1/tasks", query={"everyone": "true"}).body[
        "items"
    ]
    assert [t["id"] for t in everyone] == [tasks[0]["id"]]
    operators = stack.api.call(stack.supervisor, "GET", "/api/v1/operators").body["items"]
    operator = next(o for o in operators if o["role"] == "operator")
    url = f"/api/v1/tasks/{tasks[0]['id']}"
    assert stack.api.call(stack.operator, "PATCH", url, {"operator_id": operator["id"]}).status == 403
    bad = stack.api.call(stack.supervisor, "PATCH", url, {"operator_id": "nobody"})
    assert (bad.status, bad.body["errors"][0]["field"]) == (422, "operator_id")
    moved = stack.api.call(stack.supervisor, "PATCH", url, {"operator_id": operator["id"]})
    assert (moved.status, moved.body["operator_id"]) == (200, operator["id"])
    mine = stack.api.call(stack.operator, "GET", "/api/v1/tasks").body["items"]
    assert [t["id"] for t in mine] == [tasks[0]["id"]]
    assert stack.api.call(stack.operator, "GET", "/api/v1/operators").status == 403
    call = {"outcome": "no_answer", "task_id": tasks[0]["id"]}
    done = stack.api.call(stack.operator, "POST", f"/api/v1/debtors/{tasks[0]['debtor_id']}/calls", call)
    assert done.status == 201, done.body
    assert (
        stack.api.call(stack.supervisor, "GET", "/api/v1/tasks", query={"everyone": "true"}).body["items"]
        == []
    )
    assert stack.api.call(stack.supervisor, "PATCH", url, {"operator_id": None}).status == 409


def test_an_invalid_number_is_marked_invalid_and_not_retried(stack: Stack, messaging: Messaging, monkeypatch):
    cred_setup = setup_ruler(stack, debtors=1)
    d = cred_setup["debtors"][0]
    phone = next(c for c in d["contacts"] if c["kind"] == "phone")
    r = stack.api.call(
        stack.admin,
        "PATCH",
        f"/api/v1/debtors/{d['id']}/contacts/{phone['id']}",
        {"valid": False, "invalid_reason": "x"},
    )
    assert r.status == 200, r.body
    added = stack.api.call(
        stack.admin,
        "POST",
        f"/api/v1/debtors/{d['id']}/contacts",
        {"kind": "phone", "value": "(21) 99999-0000"},
    )
    assert added.status == 201, added.body
    lifted = {**SENDERS, "debtor_daily_max": 3}
    assert stack.api.call(stack.admin, "PUT", "/api/v1/sending-settings", lifted).status == 200
    run(stack, "2026-11-23")
    messaging.drain(monkeypatch)
    contacts = stack.api.call(stack.admin, "GET", f"/api/v1/debtors/{d['id']}").body["contacts"]
    bad = next(c for c in contacts if c["value"].endswith("0000"))
    assert bad["valid"] is False
    assert "131026" in bad["invalid_reason"] or "Invalid recipient" in bad["invalid_reason"]


def test_thirty_percent_provider_faults_still_deliver_each_message_exactly_once(
    stack: Stack, messaging: Messaging, monkeypatch
):
    messaging.fake.fault_rate = 0.3
    messaging.fake.random = random.Random(11)
    setup_ruler(stack, debtors=12)
    run(stack, "2026-11-23")
    # per-debtor cap: 1 a day; lift it so every message can go on the same day
    settings = {**SENDERS, "debtor_daily_max": 10, "debtor_weekly_max": 50}
    assert stack.api.call(stack.admin, "PUT", "/api/v1/sending-settings", settings).status == 200
    bootstrap.reset()
    messaging.drain(monkeypatch)
    assert messaging.fake.faults > 0
    sent = [(m["channel"], m["to"]) for m in messaging.fake.sent]
    assert len(sent) == 24  # 12 SMS + 12 WhatsApp
    assert len(set(sent)) == 24  # exactly once each


def test_a_poison_message_ends_in_the_dead_letter_queue(stack: Stack, messaging: Messaging, monkeypatch):
    messaging.fake.fault_rate = 1.0
    setup_ruler(stack, debtors=1, steps=[{"offset_days": 3, "channel": "sms", "template_id": "sms"}])
    run(stack, "2026-11-23")
    messaging.drain(monkeypatch)
    dead = messaging.sqs.receive_message(QueueUrl=messaging.dlq, MaxNumberOfMessages=10).get("Messages", [])
    assert len(dead) == 1
    assert json.loads(dead[0]["Body"])["tenant"] == "demo"
    assert messaging.fake.sent == []


def test_a_promise_to_pay_pauses_the_ruler_until_the_day_after_it(
    stack: Stack, messaging: Messaging, monkeypatch: pytest.MonkeyPatch
):
    setup = setup_ruler(stack, debtors=2)
    promised, other = setup["debtors"]
    promise = {"outcome": "promise", "promise_date": "2026-11-25", "promise_amount": "300.00"}
    r = stack.api.call(stack.operator, "POST", f"/api/v1/debtors/{promised['id']}/calls", promise)
    status, entry = r.status, r.body
    assert status == 201, entry
    assert entry["detail"] == "Ligação: promessa de pagamento de R$\u00a0300,00 até 25/11/2026"
    assert entry["actor"] == stack.operator.id
    ficha = stack.api.call(stack.operator, "GET", f"/api/v1/debtors/{promised['id']}").body
    assert ficha["promise"]["date"] == "2026-11-25"
    assert ficha["promise"]["amount"] == "300.00"
    assert ficha["promise"]["holds_until"] == "2026-11-26"  # Enviar mensagem warns before sending

    run(stack, "2026-11-23")  # D+3 of the titles due 2026-11-20: e-mail and SMS to both
    messaging.drain(monkeypatch)
    history = stack.api.call(stack.admin, "GET", f"/api/v1/debtors/{promised['id']}/history").body["items"]
    assert "message.sent" not in [h["action"] for h in history]  # the promise holds: nothing went out
    other_history = stack.api.call(stack.admin, "GET", f"/api/v1/debtors/{other['id']}/history").body["items"]
    assert "message.sent" in [h["action"] for h in other_history]

    messaging.at("2026-11-26T10:00:00-03:00", monkeypatch)  # the promised date + 1: contacts resume
    assert bootstrap.services().ruler.release_deferred("demo") >= 1
    messaging.drain(monkeypatch)
    history = stack.api.call(stack.admin, "GET", f"/api/v1/debtors/{promised['id']}/history").body["items"]
    assert "message.sent" in [h["action"] for h in history]

    # Início lists the promise as broken: its date passed with the titles still open
    assert stack.api.call(stack.supervisor, "GET", "/api/v1/promises").body["items"] == []  # not theirs
    [listed] = stack.api.call(stack.operator, "GET", "/api/v1/promises").body["items"]
    assert (listed["debtor_name"], listed["date"], listed["broken"]) == ("Maria 0 Souza", "2026-11-25", True)
    ficha = stack.api.call(stack.operator, "GET", f"/api/v1/debtors/{promised['id']}").body
    assert ficha["promise"]["broken"] is True  # the ficha's badge reads it from the API
    assert ficha["promise"]["holds_until"] is None  # contacts resumed the day after it
    for t in stack.api.call(stack.admin, "GET", f"/api/v1/debtors/{promised['id']}/titles").body["items"]:
        url = f"/api/v1/debtors/{promised['id']}/titles/{t['id']}/status"
        assert stack.api.call(stack.admin, "POST", url, {"status": "paid"}).status == 200
    [kept] = stack.api.call(stack.operator, "GET", "/api/v1/promises").body["items"]
    assert kept["broken"] is False
    assert (
        stack.api.call(stack.operator, "GET", f"/api/v1/debtors/{promised['id']}").body["promise"]["broken"]
        is False
    )


def test_a_template_preview_fills_it_for_a_chosen_debtor_as_the_sender_would(
    stack: Stack, messaging: Messaging, monkeypatch
):
    setup = setup_ruler(stack, debtors=1)
    d, templates = setup["debtors"][0], setup["templates"]
    messaging.at("2026-11-30T10:00:00-03:00", monkeypatch)

    def preview(template: str, body: dict) -> Any:
        return stack.api.call(stack.supervisor, "POST", f"/api/v1/templates/{template}/preview", body)

    email = preview(templates["email"], {"debtor_id": d["id"]})
    assert email.status == 200, email.body
    assert email.body["subject"] == "Aviso de débito — Acme Ltda"
    assert email.body["body"].startswith("Olá Maria 0 Souza, há débito de R$")
    assert "NF-0-A, NF-0-B, NF-0-C" in email.body["body"]
    assert "#" not in email.body["body"]
    whatsapp = preview(templates["whatsapp"], {"debtor_id": d["id"]}).body
    assert whatsapp["parameters"][0] == "Maria"
    assert whatsapp["parameters"][2] == "20/11/2026"  # the oldest open title's due date
    assert preview(templates["sms"], {"debtor_id": "nope"}).status == 404
    other = preview(templates["sms"], {"debtor_id": d["id"], "creditor_id": "another"})
    assert (other.status, other.body["errors"][0]["field"]) == (422, "debtor_id")
    assert (
        stack.api.call(
            stack.operator, "POST", f"/api/v1/templates/{templates['sms']}/preview", {"debtor_id": d["id"]}
        ).status
        == 403
    )


def test_a_title_in_a_lawsuit_is_left_alone_until_it_is_unmarked(
    stack: Stack, messaging: Messaging, monkeypatch
):
    setup = setup_ruler(stack, debtors=1)
    d = setup["debtors"][0]
    titles = stack.api.call(stack.admin, "GET", f"/api/v1/debtors/{d['id']}/titles").body["items"]
    a = next(t for t in titles if t["number"] == "NF-0-A")
    url = f"/api/v1/debtors/{d['id']}/titles/{a['id']}/status"
    marked = stack.api.call(stack.operator, "POST", url, {"status": "in_lawsuit", "reason": "processo 123"})
    assert (marked.status, marked.body["status"]) == (200, "in_lawsuit"), marked.body
    history = stack.api.call(stack.admin, "GET", f"/api/v1/debtors/{d['id']}/history").body["items"]
    assert history[0]["detail"] == "Título NF-0-A: em aberto → ajuizado: processo 123"

    run(stack, "2026-11-23")  # D+3 of NF-0-A and NF-0-B
    messaging.drain(monkeypatch)
    [email] = [m for m in mailbox.messages("us-east-1") if m["to"][0].startswith("maria")]
    assert "NF-0-B" in email["text"]
    assert "NF-0-A" not in email["text"]  # the ruler does not collect a title in a lawsuit
    offers = stack.api.call(
        stack.operator, "POST", f"/api/v1/debtors/{d['id']}/offers", {"title_ids": [a["id"]]}
    )
    assert (offers.status, offers.body["errors"][0]["reason"]) == (  # nor is it negotiated
        422,
        "título NF-0-A não está em aberto (ajuizado)",
    )

    back = stack.api.call(stack.operator, "POST", url, {"status": "open"})
    assert (back.status, back.body["status"]) == (200, "open")
    due = {
        i.id for i in bootstrap.services().messaging_store.due_items("demo", datetime(2026, 11, 20).date())
    }
    assert a["id"] in due  # back on the due-date index


def test_an_operator_sends_a_one_off_message_once_through_the_sender(
    stack: Stack, messaging: Messaging, monkeypatch
):
    setup = setup_ruler(stack, debtors=1)
    d, templates = setup["debtors"][0], setup["templates"]
    messaging.at("2026-11-30T10:00:00-03:00", monkeypatch)  # Monday, inside every window
    choices = stack.api.call(stack.operator, "GET", f"/api/v1/debtors/{d['id']}/message-templates").body
    assert {(c["channel"], c["id"]) for c in choices["items"]} == {
        (c, templates[c]) for c in ("email", "sms", "whatsapp")
    }
    url = f"/api/v1/debtors/{d['id']}/messages"
    body = {"channel": "sms", "template_id": templates["sms"]}
    key = {"idempotency-key": "avulsa-0001"}
    r = stack.api.call(stack.operator, "POST", url, body, headers=key)
    assert (r.status, r.body["status"], r.body["origin"]) == (202, "queued", f"manual:{stack.operator.id}")
    assert [i["label"] for i in r.body["items"]] == ["NF-0-A", "NF-0-B", "NF-0-C"]
    messaging.drain(monkeypatch)
    assert [m["text"] for m in messaging.fake.sent] == [
        "Maria, seu débito com Acme Ltda venceu em 20/11/2026. CNPJ 11.222.333/0001-81"
    ]

    again = stack.api.call(stack.operator, "POST", url, body, headers=key)
    assert (again.status, again.body["id"], again.body["status"]) == (202, r.body["id"], "sent")
    messaging.drain(monkeypatch)
    assert len(messaging.fake.sent) == 1  # the same key sends nothing twice
    other = {"channel": "email", "template_id": templates["email"]}
    assert stack.api.call(stack.operator, "POST", url, other, headers=key).status == 409
    assert stack.api.call(stack.operator, "POST", url, body).status == 422  # no Idempotency-Key
    wrong = stack.api.call(
        stack.operator,
        "POST",
        url,
        {**body, "creditor_id": "nope"},
        headers={"idempotency-key": "avulsa-0002"},
    )
    assert (wrong.status, wrong.body["errors"][0]["field"]) == (422, "creditor_id")
    run = stack.api.call(stack.supervisor, "GET", "/api/v1/rulers/runs/2026-11-30").body
    assert [(s["label"], s["counts"]) for s in run["steps"]] == [("envio avulso", {"sent": 1})]


def test_an_email_goes_as_html_and_text_signed_and_its_opt_out_stops_only_emails(
    stack: Stack, messaging: Messaging, monkeypatch
):
    from tests.integration.test_company import COMPANY

    setup = setup_ruler(stack, debtors=1)
    d, templates = setup["debtors"][0], setup["templates"]
    assert stack.api.call(stack.admin, "PUT", "/api/v1/company", COMPANY).status == 200
    portal = {**SENDERS, "negocia_url": "https://cobranca.example/negocia/demo", "debtor_daily_max": 3}
    assert stack.api.call(stack.admin, "PUT", "/api/v1/sending-settings", portal).status == 200
    messaging.at("2026-11-30T10:00:00-03:00", monkeypatch)  # Monday, inside every window
    url = f"/api/v1/debtors/{d['id']}/messages"

    def send(channel: str, key: str) -> dict:
        body = {"channel": channel, "template_id": templates[channel]}
        r = stack.api.call(stack.operator, "POST", url, body, headers={"idempotency-key": key})
        assert r.status == 202, r.body
        messaging.drain(monkeypatch)
        return r.body

    send("email", "optout-mail-1")
    mail = next(m for m in mailbox.messages("us-east-1") if m["to"][0] == "maria0@example.com")
    assert "--\nDemo Cobranças\nCNPJ 11.222.333/0001-81\nAtendimento: tel. (11) 3333-4444" in mail["text"]
    assert "<p style=" in mail["html"]  # the same words, as HTML
    assert "Demo Cobranças" in mail["html"]
    link = next(w for w in mail["text"].split() if "/descadastrar/demo/" in w)
    assert link.startswith("https://cobranca.example/descadastrar/demo/")
    assert f'href="{link}"' in mail["html"]
    from moto.core import DEFAULT_ACCOUNT_ID
    from moto.ses.models import ses_backends

    raw = ses_backends[DEFAULT_ACCOUNT_ID]["us-east-1"].sent_messages[-1].raw_data
    headers = email.message_from_string(raw, policy=email.policy.default)
    assert headers["List-Unsubscribe"] == f"<{link}>"  # the mail client's own "cancelar inscrição"
    assert headers["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"

    path = link.removeprefix("https://cobranca.example")
    asked = stack.negocia.call(None, "GET", path)  # a mail scanner opening the link stops nothing
    assert (asked.status, "Confirmar" in asked.body) == (200, True)
    assert stack.api.call(stack.admin, "GET", f"/api/v1/debtors/{d['id']}").body["opted_out"] == []
    body = {"channel": "email", "template_id": templates["email"]}
    queued = stack.api.call(stack.operator, "POST", url, body, headers={"idempotency-key": "optout-mail-2"})
    assert queued.status == 202  # queued before the debtor opts out, delivered after
    done = stack.negocia.call(None, "POST", path)
    assert (done.status, "Pronto" in done.body) == (200, True)
    messaging.drain(monkeypatch)
    dispensed = bootstrap.services().messaging_store.get_message("demo", queued.body["id"])
    assert dispensed is not None
    assert (dispensed.status.value, dispensed.error) == (
        "skipped",
        "o devedor pediu para não receber mensagens por e-mail",
    )
    assert stack.negocia.call(None, "POST", path).status == 200  # again: nothing new
    tampered = path[:-1] + ("0" if path[-1] != "0" else "1")
    assert stack.negocia.call(None, "POST", tampered).status == 404
    debtor = stack.api.call(stack.admin, "GET", f"/api/v1/debtors/{d['id']}").body
    assert debtor["opted_out"] == ["email"]
    history = stack.api.call(stack.admin, "GET", f"/api/v1/debtors/{d['id']}/history").body["items"]
    assert [h["action"] for h in history].count("contact.opted_out") == 1

    choices = stack.api.call(stack.operator, "GET", f"/api/v1/debtors/{d['id']}/message-templates").body
    assert {c["channel"] for c in choices["items"]} == {"sms", "whatsapp"}  # the other channels stay
    before = len(mailbox.messages("us-east-1"))
    sms = send("sms", "optout-sms-1")
    sent = bootstrap.services().messaging_store.get_message("demo", sms["id"])
    assert sent is not None
    assert sent.status.value == "sent"
    assert len(mailbox.messages("us-east-1")) == before  # and no e-mail went out
