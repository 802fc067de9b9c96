"""Settlement from Asaas's webhooks (F32, B4), on the moto world with the loopback fake making the events:
the token is checked (401, never 500), the body queued and 200 answered; the worker applies each event
once by its id, in any order, and the last installment paid makes the agreement and its titles paid."""

from __future__ import annotations

import base64
import json
import threading
from datetime import date
from decimal import Decimal
from typing import Any

import pytest

from cobranca import bootstrap
from cobranca.jobs import ChargeJob, PaymentEventJob
from infra.local.fake_asaas import FakeAsaas
from tests.integration.conftest import LambdaContext, Stack
from tests.integration.test_agreements_api import close
from tests.integration.test_charges import agreement, on_asaas
from tests.integration.test_documents_api import stored_pdf as stored_file

TOKEN = "t" * 40  # the webhook token on_asaas sets


def post(body: object, token: str | None = TOKEN, tenant: str = "demo", raw: bytes | None = None) -> dict:
    """POST /webhooks/asaas/{tenant} as API Gateway hands it to WebhooksFunction."""
    from functions.webhooks import handler

    data = raw if raw is not None else json.dumps(body).encode()
    event = {
        "version": "2.0",
        "routeKey": "POST /webhooks/asaas/{tenant}",
        "rawPath": f"/webhooks/asaas/{tenant}",
        "headers": {"content-type": "application/json"} | ({"asaas-access-token": token} if token else {}),
        "pathParameters": {"tenant": tenant},
        "isBase64Encoded": True,
        "body": base64.b64encode(data).decode(),
        "requestContext": {"http": {"method": "POST", "path": f"/webhooks/asaas/{tenant}"}},
    }
    result: dict = handler.asaas(event, LambdaContext())
    return result


def deliver(stack: Stack, events: list[dict]) -> int:
    for body in events:
        assert post(body)["statusCode"] == 200
    return stack.run_queue("PaymentEventQueue")


@pytest.fixture
def charged(stack: Stack, fake: FakeAsaas) -> dict:
    _, d, title = on_asaas(stack)
    closed = close(stack, d, title, "key-settle", payment_method="pix").body
    assert stack.run_queue("ChargeQueue") == 1
    return agreement(stack, closed["id"]) | {"debtor_id": d["id"]}


def history(stack: Stack, debtor_id: str, action: str) -> list[dict]:
    items = stack.api.call(stack.admin, "GET", f"/api/v1/debtors/{debtor_id}/history").body["items"]
    return [h for h in items if h["action"] == action]


def due_installments(agreement_id: str, day: str) -> list[str]:
    """The agreement's installments on the ruler's due-date index for that day."""
    due = bootstrap.services().messaging_store.due_items("demo", date.fromisoformat(day))
    return [i.id for i in due if i.id.startswith(f"{agreement_id}.")]


def titles(stack: Stack, debtor_id: str) -> set[str]:
    found = stack.api.call(stack.admin, "GET", f"/api/v1/debtors/{debtor_id}/titles").body["items"]
    return {t["status"] for t in found}


def test_a_wrong_or_missing_token_is_401_and_a_bad_body_400_never_a_5xx(stack: Stack, charged: dict):
    assert post({"id": "evt_1"}, token=None)["statusCode"] == 401
    assert post({"id": "evt_1"}, token="x" * 40)["statusCode"] == 401
    assert post({"id": "evt_1"}, tenant="outra")["statusCode"] == 401  # another tenant's hook, no token
    assert post({"id": "evt_1"}, tenant="../x")["statusCode"] == 401
    bad = post(None, raw=b"{not json")
    assert (bad["statusCode"], json.loads(bad["body"])) == (400, {"message": "corpo: JSON inválido"})
    assert post({"event": "PAYMENT_RECEIVED"})["statusCode"] == 400
    deep = post(None, raw=b"[" * 1000 + b"]" * 1000)
    assert (deep["statusCode"], json.loads(deep["body"])) == (400, {"message": "corpo: JSON inválido"})
    for payment, field in (
        ({"id": "pay_1", "externalReference": 123}, "payment.externalReference: deveria ser um texto"),
        ({"id": "pay_1", "value": "100"}, "payment.value: deveria ser um número"),
        ({"id": "pay_1", "installmentNumber": True}, "payment.installmentNumber: deveria ser um número"),
        ({"externalReference": "x"}, "payment.id: a cobrança não tem id"),
    ):
        refused = post({"id": "evt_9&1", "event": "PAYMENT_RECEIVED", "payment": payment})
        assert (refused["statusCode"], json.loads(refused["body"])["message"]) == (400, field)
    assert post({"id": "evt_9&1", "event": ["PAYMENT_RECEIVED"]})["statusCode"] == 400
    assert stack.run_queue("PaymentEventQueue") == 0  # nothing refused was queued
    unknown = {"id": "evt_x&1", "event": "ACCOUNT_STATUS_UPDATED", "dateCreated": "2026-04-09 10:00:00"}
    assert deliver(stack, [unknown]) == 1  # acknowledged, dropped


def test_paying_every_installment_settles_them_and_the_agreement_and_its_titles(
    stack: Stack,
    fake: FakeAsaas,
    charged: dict,
):
    parts = charged["installments"]
    first = fake.confirm(parts[0]["charge"]["provider_id"])
    assert deliver(stack, first) == 1
    after = agreement(stack, charged["id"])
    paid = after["installments"][0]
    assert paid["status"] == "paid"
    assert paid["charge"]["status"] == "paid"
    assert Decimal(paid["charge"]["paid_amount"]) == Decimal(paid["amount"])
    assert Decimal(paid["charge"]["fee"]) == Decimal("1.99")  # PIX: value − netValue
    assert paid["charge"]["credit_date"] == paid["charge"]["paid_on"]  # PIX is credited on D+0
    assert after["status"] == "active"
    [line] = history(stack, charged["debtor_id"], "payment.settle")
    assert (
        line["detail"].startswith(f"Entrada do acordo {charged['number']} paga: R$")
        or "Parcela 1/" in line["detail"]
    )
    assert "(PIX)" in line["detail"]

    for p in parts[1:]:
        deliver(stack, fake.confirm(p["charge"]["provider_id"]))
    done = agreement(stack, charged["id"])
    assert done["status"] == "paid"
    assert {p["status"] for p in done["installments"]} == {"paid"}
    assert titles(stack, charged["debtor_id"]) == {"paid"}
    assert len(history(stack, charged["debtor_id"], "agreement.paid")) == 1
    # no reminder is left for them: the ruler's due-date index holds none of its installments
    assert not due_installments(charged["id"], parts[0]["due_date"])


def test_a_boleto_is_confirmed_then_received_with_its_credit_on_the_next_day(stack: Stack, fake: FakeAsaas):
    _, d, title = on_asaas(stack)
    closed = close(stack, d, title, "key-boleto-settle", payment_method="boleto").body
    stack.run_queue("ChargeQueue")
    first = agreement(stack, closed["id"])["installments"][0]
    events = fake.confirm(first["charge"]["provider_id"])
    assert [e["event"] for e in events] == ["PAYMENT_CONFIRMED", "PAYMENT_RECEIVED"]
    assert deliver(stack, events) == 2
    paid = agreement(stack, closed["id"])["installments"][0]
    assert paid["status"] == "paid"
    assert paid["charge"]["credit_date"] > paid["charge"]["paid_on"]
    assert len(history(stack, d["id"], "payment.settle")) == 1  # confirmed settles, received adds the credit


def test_each_event_ten_times_in_sequence_and_ten_at_once_settles_once(
    stack: Stack,
    fake: FakeAsaas,
    charged: dict,
):
    one, two = charged["installments"][:2]
    [first] = fake.confirm(one["charge"]["provider_id"])
    assert deliver(stack, [first] * 10) == 10
    [second] = fake.confirm(two["charge"]["provider_id"])
    settlement = bootstrap.services().settlement
    outcomes: list[str] = []
    errors: list[BaseException] = []

    def worker() -> None:  # ten workers with the same event at once, against the real store
        try:
            outcomes.append(settlement.apply(PaymentEventJob(tenant="demo", event=second)))
        except Exception as exc:  # a lost transaction race: SQS would hand the job over again
            errors.append(exc)

    threads = [threading.Thread(target=worker) for _ in range(10)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    for _ in errors:  # the redeliveries of the ones that lost
        outcomes.append(settlement.apply(PaymentEventJob(tenant="demo", event=second)))
    assert outcomes.count("PAYMENT_RECEIVED: settled") == 1
    assert len(history(stack, charged["debtor_id"], "payment.settle")) == 2  # one per installment
    paid = [p for p in agreement(stack, charged["id"])["installments"] if p["status"] == "paid"]
    assert len(paid) == 2


def test_a_redelivery_is_known_from_the_installment_read_without_reading_the_guard(
    stack: Stack,
    fake: FakeAsaas,
    charged: dict,
    monkeypatch: pytest.MonkeyPatch,
):
    settlement = bootstrap.services().settlement
    [event] = fake.confirm(charged["installments"][0]["charge"]["provider_id"])
    assert settlement.apply(PaymentEventJob(tenant="demo", event=event)) == "PAYMENT_RECEIVED: settled"

    def no_guard_read(*_: object) -> bool:
        raise AssertionError("the guard was read")

    monkeypatch.setattr(type(settlement.agreements), "event_applied", no_guard_read)
    assert settlement.apply(PaymentEventJob(tenant="demo", event=event)) == "duplicate"
    assert len(history(stack, charged["debtor_id"], "payment.settle")) == 1


def test_the_last_two_installments_settled_on_the_same_read_still_complete_the_agreement(
    stack: Stack,
    fake: FakeAsaas,
    charged: dict,
    monkeypatch: pytest.MonkeyPatch,
):
    """Two workers read the agreement before either wrote: the second write fails on the first's change
    (a condition check on every other installment) and is applied again on a fresh read."""
    settlement = bootstrap.services().settlement
    *before, one, two = charged["installments"]
    deliver(stack, [e for p in before for e in fake.confirm(p["charge"]["provider_id"])])
    store = settlement.agreements
    stale = store.get("demo", charged["id"], consistent=True)  # both still pending
    [first] = fake.confirm(one["charge"]["provider_id"])
    [second] = fake.confirm(two["charge"]["provider_id"])
    assert settlement.apply(PaymentEventJob(tenant="demo", event=first)) == "PAYMENT_RECEIVED: settled"
    reads: list[bool] = []
    fresh = type(store).get

    def racing(self: Any, tenant: str, agreement_id: str, *, consistent: bool = False) -> Any:
        reads.append(consistent)
        return stale if len(reads) == 1 else fresh(self, tenant, agreement_id, consistent=consistent)

    monkeypatch.setattr(type(store), "get", racing)
    assert settlement.apply(PaymentEventJob(tenant="demo", event=second)) == "PAYMENT_RECEIVED: settled"
    assert len(reads) == 2  # the stale read, then one fresh one after the refused write
    monkeypatch.undo()
    done = agreement(stack, charged["id"])
    assert done["status"] == "paid"
    assert len(history(stack, charged["debtor_id"], "payment.settle")) == len(charged["installments"])
    assert len(history(stack, charged["debtor_id"], "agreement.paid")) == 1


def test_a_crash_after_the_effect_and_before_the_ack_applies_it_once(
    stack: Stack,
    fake: FakeAsaas,
    charged: dict,
    monkeypatch: pytest.MonkeyPatch,
):
    settlement = bootstrap.services().settlement
    last = charged["installments"][-1]
    events = [fake.confirm(p["charge"]["provider_id"]) for p in charged["installments"][:-1]]
    deliver(stack, [e for batch in events for e in batch])
    [final] = fake.confirm(last["charge"]["provider_id"])

    def crash(*_: object) -> None:
        raise RuntimeError("the function died after the settlement was written")

    monkeypatch.setattr(type(settlement), "_paid", crash)
    with pytest.raises(RuntimeError):
        settlement.apply(PaymentEventJob(tenant="demo", event=final))
    monkeypatch.undo()
    assert agreement(stack, charged["id"])["status"] == "active"  # paid, not yet completed
    # SQS hands it over again: the settlement is not repeated, and the agreement is completed
    assert settlement.apply(PaymentEventJob(tenant="demo", event=final)) == "duplicate"
    assert len(history(stack, charged["debtor_id"], "payment.settle")) == len(charged["installments"])
    assert agreement(stack, charged["id"])["status"] == "paid"
    assert len(history(stack, charged["debtor_id"], "agreement.paid")) == 1


def test_out_of_order_a_payment_before_the_charge_was_recorded_and_a_refund_before_its_payment(
    stack: Stack,
    fake: FakeAsaas,
):
    _, d, title = on_asaas(stack)
    closed = close(stack, d, title, "key-order", payment_method="pix").body
    charger = bootstrap.services().charger
    from cobranca.jobs import ChargeJob

    # the charger made the payments at Asaas but died before writing them; the debtor paid at once
    stack.run_queue("ChargeQueue")
    first = agreement(stack, closed["id"])["installments"][0]
    pay_id = first["charge"]["provider_id"]
    received = fake.confirm(pay_id)
    created = fake.event("PAYMENT_CREATED", {**fake.payments[pay_id], "status": "PENDING"})
    deliver(stack, [*received, created])  # RECEIVED, then a late CREATED
    paid = agreement(stack, closed["id"])["installments"][0]
    assert (paid["status"], paid["charge"]["status"]) == ("paid", "paid")
    charger.run(ChargeJob(tenant="demo", agreement_id=closed["id"]))  # a redelivered charge job
    assert agreement(stack, closed["id"])["installments"][0]["charge"]["status"] == "paid"

    # the second installment: a refund's event arrives before the payment it undoes
    second = agreement(stack, closed["id"])["installments"][1]["charge"]["provider_id"]
    [pay] = fake.confirm(second)
    [refund] = fake.refund(second)
    deliver(stack, [refund, pay])
    undone = agreement(stack, closed["id"])["installments"][1]
    assert undone["status"] == "pending"
    assert undone["charge"]["status"] == "refunded"


def test_a_refund_after_the_agreement_was_paid_reopens_the_installment_and_the_agreement(
    stack: Stack,
    fake: FakeAsaas,
    charged: dict,
):
    for p in charged["installments"]:
        deliver(stack, fake.confirm(p["charge"]["provider_id"]))
    assert agreement(stack, charged["id"])["status"] == "paid"
    deliver(stack, fake.refund(charged["installments"][1]["charge"]["provider_id"]))
    after = agreement(stack, charged["id"])
    assert after["status"] == "active"
    assert after["installments"][1]["status"] == "pending"
    assert titles(stack, charged["debtor_id"]) == {"in_agreement"}
    [line] = history(stack, charged["debtor_id"], "payment.reverse")
    assert "pagamento desfeito (estornado)" in line["detail"]
    assert line["data"]["alert"] is True
    assert due_installments(charged["id"], after["installments"][1]["due_date"])  # where the ruler looks
    # the console's Início lists it for the whole tenant, with the debtor to open
    alerts = stack.api.call(stack.supervisor, "GET", "/api/v1/alerts").body["items"]
    assert [(a["id"], a["debtor_id"]) for a in alerts] == [(line["id"], charged["debtor_id"])]
    assert stack.api.call(stack.other_admin, "GET", "/api/v1/alerts").body["items"] == []  # another tenant

    # owed again, it is charged again: a new payment under the next reference, which settles as any
    refunded = charged["installments"][1]["charge"]
    assert stack.run_queue("ChargeQueue") == 1
    again = agreement(stack, charged["id"])["installments"][1]["charge"]
    assert (again["status"], again["reference"]) == ("created", refunded["reference"] + "r2")
    assert again["provider_id"] != refunded["provider_id"]
    assert len(fake.payments_for(again["reference"])) == 1
    assert stack.run_queue("ChargeQueue") == 0
    bootstrap.services().charger.run(ChargeJob(tenant="demo", agreement_id=charged["id"]))  # a redelivery
    assert len(fake.payments_for(again["reference"])) == 1  # still one
    deliver(stack, fake.confirm(again["provider_id"]))
    assert agreement(stack, charged["id"])["status"] == "paid"


def test_an_updated_charge_refreshes_the_pix_code_and_overdue_marks_it(
    stack: Stack,
    fake: FakeAsaas,
    charged: dict,
):
    first = charged["installments"][0]["charge"]
    deliver(stack, fake.update(first["provider_id"], value=123.45))
    refreshed = agreement(stack, charged["id"])["installments"][0]["charge"]
    assert "123.45" in refreshed["pix_payload"]
    assert refreshed["pix_payload"] != first["pix_payload"]
    deliver(stack, fake.overdue(first["provider_id"]))
    assert agreement(stack, charged["id"])["installments"][0]["charge"]["status"] == "overdue"


def test_a_poison_event_ends_in_the_dead_letter_queue_after_its_tries_and_the_rest_go_on(
    stack: Stack, caplog: pytest.LogCaptureFixture
):
    """A job the worker can never apply (not a job at all) is reported failed each time, so SQS hands it
    over again; after the queue's maxReceiveCount it lands in the DLQ, which an alarm watches."""
    import boto3

    from functions.payments import handler
    from infra import template
    from infra.local.events import sqs_event

    sqs = boto3.client("sqs")
    queue, dlq = (
        stack.resources.refs["PaymentEventQueue"],
        stack.resources.refs["PaymentEventDeadLetterQueue"],
    )
    sqs.send_message(QueueUrl=queue, MessageBody="{not a job")
    tries = 0
    for _ in range(20):
        got = sqs.receive_message(QueueUrl=queue, MaxNumberOfMessages=10, VisibilityTimeout=0).get("Messages")
        if not got:
            break
        result = handler.events(sqs_event(got, stack.resources.arns["PaymentEventQueue"]), LambdaContext())
        assert [f["itemIdentifier"] for f in result["batchItemFailures"]] == [got[0]["MessageId"]]
        tries += 1
    redrive = json.loads(
        sqs.get_queue_attributes(QueueUrl=queue, AttributeNames=["RedrivePolicy"])["Attributes"][
            "RedrivePolicy"
        ]
    )
    assert tries == int(redrive["maxReceiveCount"]) == 10
    poison = [r for r in caplog.records if r.getMessage() == "poison payment event"]
    assert len(poison) == tries  # each try says why
    assert "Invalid JSON" in poison[0].__dict__["reason"]
    [dead] = sqs.receive_message(QueueUrl=dlq, MaxNumberOfMessages=10)["Messages"]
    assert dead["Body"] == "{not a job"
    alarms = template.resources("AWS::CloudWatch::Alarm").values()
    assert any(
        (a["Properties"].get("Dimensions") or [{}])[0].get("Value")
        == {"Fn::GetAtt": ["PaymentEventDeadLetterQueue", "QueueName"]}
        for a in alarms
    )


def test_a_forged_payment_event_settles_nothing_and_amounts_come_from_asaas(
    stack: Stack, fake: FakeAsaas, charged: dict
):
    """Anyone with the webhook token could once mark any installment paid at any amount: each event that
    moves money is now checked against Asaas's own record of the payment (GET /v3/payments/{id})."""
    first = charged["installments"][0]
    payment_id = first["charge"]["provider_id"]
    pending = fake.event("PAYMENT_RECEIVED", {**fake.payments[payment_id], "value": 999999.0})
    assert deliver(stack, [pending]) == 1
    after = agreement(stack, charged["id"])["installments"][0]
    assert (after["status"], after["charge"]["status"]) == ("pending", "created")  # Asaas: still PENDING
    assert not history(stack, charged["debtor_id"], "payment.settle")

    another = fake.event("PAYMENT_RECEIVED", {**fake.payments[payment_id], "externalReference": "x-01"})
    assert deliver(stack, [another]) == 1
    [real] = fake.confirm(payment_id)
    real["payment"] = {**real["payment"], "value": 999999.0, "netValue": 999997.01}  # tampered on the way
    assert deliver(stack, [real]) == 1
    paid = agreement(stack, charged["id"])["installments"][0]
    assert paid["status"] == "paid"
    assert Decimal(paid["charge"]["paid_amount"]) == Decimal(first["amount"])  # what Asaas says was paid


def test_a_creditor_without_a_portador_has_its_payment_registered_by_hand_once(stack: Stack):
    """ACME in the demo: no Asaas. Its instructions are kept with it; a supervisor registers what the
    debtor paid, with a portador's effects (history, the agreement paid), once."""
    from cobranca.domain.dates import CLOCK
    from tests.integration.test_negotiation_api import setup

    CLOCK.pin("2026-04-09T12:00:00-03:00")  # close()'s first due date is 2026-04-15
    cred, d, title = setup(stack)
    instructions = {"pix_key": "11.222.333/0001-81", "holder": "Acme Ltda"}
    r = stack.api.call(
        stack.admin, "PATCH", f"/api/v1/creditors/{cred['id']}", {"payment_instructions": instructions}
    )
    assert r.status == 200, r.body
    assert r.body["payment_instructions"]["pix_key"] == "11.222.333/0001-81"
    assert r.body["payable_since"] == "2026-04-09"  # breaks count from today, not from before
    bad = stack.api.call(
        stack.admin, "PATCH", f"/api/v1/creditors/{cred['id']}", {"payment_instructions": {"bank": "BB"}}
    )
    assert (bad.status, bad.body["errors"][0]["field"]) == (422, "payment_instructions.pix_key")

    a = close(stack, d, title, "key-manual").body
    inst = a["installments"][0]
    # the termo e-mail says how to pay it: the key, the amount and the agreement's number
    from email import message_from_bytes

    from tests.integration.test_negocia_api import sent_mail

    mail = message_from_bytes(sent_mail()[-1].raw_data.encode())
    [plain] = [part for part in mail.walk() if part.get_content_type() == "text/plain"]
    payload = plain.get_payload(decode=True)
    assert isinstance(payload, bytes)
    text = payload.decode()
    assert f"referente ao acordo {a['number']}" in text
    assert "PIX — chave 11.222.333/0001-81 (Acme Ltda)" in text
    path = f"/api/v1/agreements/{a['id']}/installments/{inst['number']}/payment"
    body = {"paid_on": a["created_at"][:10], "amount": inst["amount"], "method": "transferencia"}
    assert stack.api.call(stack.operator, "POST", path, body).status == 403
    short = stack.api.call(stack.supervisor, "POST", path, {**body, "amount": "1.00"})
    assert (short.status, short.body["errors"][0]["field"]) == (422, "amount")
    fake = {"filename": "x.exe", "content": base64.b64encode(b"MZ\x90\x00 not a receipt").decode()}
    refused = stack.api.call(stack.supervisor, "POST", path, {**body, "receipt": fake})
    assert (refused.status, refused.body["errors"][0]["field"]) == (422, "receipt.content")
    assert "PDF, JPG ou PNG" in refused.body["errors"][0]["reason"]
    proof = b"%PDF-1.4 comprovante de transferencia"
    receipt = {"filename": "comprovante.pdf", "content": base64.b64encode(proof).decode()}
    done = stack.api.call(stack.supervisor, "POST", path, {**body, "receipt": receipt})
    assert done.status == 200, done.body
    paid = done.body["installments"][0]
    assert (paid["status"], paid["charge"]["status"]) == ("paid", "paid")
    link = f"/api/v1/agreements/{a['id']}/installments/{inst['number']}/receipt"
    got = stack.api.call(stack.operator, "GET", link)
    assert got.status == 302
    assert stored_file(stack, stack.api.last_raw["headers"]["Location"]) == proof
    none = f"/api/v1/agreements/{a['id']}/installments/{a['installments'][1]['number']}/receipt"
    assert stack.api.call(stack.operator, "GET", none).status == 404
    again = stack.api.call(stack.supervisor, "POST", path, body)
    assert again.status == 200
    [line] = history(stack, d["id"], "payment.settle")
    assert "transferência, registrada à mão" in line["detail"]
    assert "Registrado por supervisor@demo.local." in line["detail"]
    assert "Comprovante anexado." in line["detail"]
    assert line["actor"] == stack.supervisor.id


def test_an_agreement_without_a_portador_asks_its_operator_to_send_how_to_pay_once(stack: Stack):
    from cobranca.domain.dates import CLOCK
    from tests.integration.test_negotiation_api import setup

    CLOCK.pin("2026-04-09T12:00:00-03:00")
    _, d, title = setup(stack)
    closed = close(stack, d, title, "key-payment-task").body
    assert stack.run_queue("ChargeQueue") == 1  # the charger: no portador, so the operator's task
    tasks = stack.api.call(stack.operator, "GET", "/api/v1/tasks").body["items"]
    [task] = [t for t in tasks if t["debtor_id"] == d["id"]]
    assert task["kind"] == "payment"
    assert task["operator_id"] == stack.operator.id  # who closed it
    assert task["step"].startswith(f"enviar a forma de pagamento do acordo {closed['number']} (R$")
    from cobranca import bootstrap
    from cobranca.jobs import ChargeJob

    bootstrap.services().charger.run(ChargeJob(tenant="demo", agreement_id=closed["id"]))  # sent again
    again = stack.api.call(stack.operator, "GET", "/api/v1/tasks").body["items"]
    assert len([t for t in again if t["debtor_id"] == d["id"]]) == 1
