"""Manual batch action (F41): a filtered group gets one extra message, through the same sender.

The batch queue is drained the way Lambda's event source mapping does it (functions/ruler/handler.py
gets the SQS event), then the send queue as in test_ruler.
"""

from __future__ import annotations

from typing import Any

import pytest

from infra.local.events import sqs_event
from tests.integration.conftest import LambdaContext, Stack
from tests.integration.test_ruler import SENDERS, Messaging, messaging, setup_ruler  # noqa: F401

SECOND_CNPJ = "11.444.777/0001-61"
KEY = {"idempotency-key": "lote-2026-11-23-a"}


def plan_batches(stack: Stack, sqs: Any) -> int:
    """What the ruler function does with each record of the batch queue; returns how many it planned."""
    import functions.ruler.handler as ruler_handler

    url = stack.resources.refs["BatchQueue"]
    planned = 0
    while messages := sqs.receive_message(QueueUrl=url, MaxNumberOfMessages=10).get("Messages", []):
        result = ruler_handler.batch(sqs_event(messages, "arn:aws:sqs:::batch"), LambdaContext())
        assert result["batchItemFailures"] == []
        for m in messages:
            sqs.delete_message(QueueUrl=url, ReceiptHandle=m["ReceiptHandle"])
        planned += len(messages)
    return planned


@pytest.fixture
def portfolio(stack: Stack, messaging: Messaging) -> dict:  # noqa: F811
    """Three debtors with two Acme titles due 2026-11-20 and one on 2026-11-25; the first also owes a
    second creditor R$ 900 due 2026-11-01. The clock says Monday 2026-11-23, 10:00 in São Paulo."""
    setup = setup_ruler(stack, debtors=3)
    r = stack.api.call(
        stack.admin, "POST", "/api/v1/creditors", {"code": "BETA", "name": "Beta SA", "document": SECOND_CNPJ}
    )
    assert r.status == 201, r.body
    setup["beta"] = r.body
    first = setup["debtors"][0]["id"]
    title = {
        "creditor_id": r.body["id"],
        "number": "BETA-1",
        "original_amount": "900.00",
        "due_date": "2026-11-01",
    }
    assert stack.api.call(stack.admin, "POST", f"/api/v1/debtors/{first}/titles", title).status == 201
    return setup


def batch(setup: dict, channel: str = "sms", **filter_: Any) -> dict:
    return {"channel": channel, "template_id": setup["templates"][channel], "filter": filter_}


def test_a_dry_run_counts_and_samples_what_the_filter_reaches(stack: Stack, portfolio: dict):
    acme = portfolio["creditor"]["id"]
    r = stack.api.call(
        stack.admin,
        "POST",
        "/api/v1/actions/batch",
        {**batch(portfolio, creditor_id=acme, days_late={"min": 1, "max": 30}), "dry_run": True},
    )
    assert r.status == 200, r.body
    # NF-n-A and NF-n-B are 3 days late; NF-n-C is not due yet; one message per debtor
    assert (r.body["actions"], r.body["titles"], r.body["total_amount"]) == (3, 6, "900.00")
    assert sorted(s["debtor_name"] for s in r.body["sample"]) == [
        "Maria 0 Souza",
        "Maria 1 Souza",
        "Maria 2 Souza",
    ]
    assert {t["label"] for s in r.body["sample"] for t in s["titles"]} == {
        f"NF-{n}-{x}" for n in range(3) for x in "AB"
    }

    every_creditor = stack.api.call(
        stack.admin, "POST", "/api/v1/actions/batch", {**batch(portfolio), "dry_run": True}
    ).body
    assert (every_creditor["actions"], every_creditor["titles"]) == (4, 7)  # one message per creditor
    # the first debtor's second message would meet the cap (1 contact a day) its first one filled
    assert (every_creditor["checked"], every_creditor["held"]) == (4, {"cap": 1})
    texts = {
        s["debtor_name"] + "/" + s["creditor_id"]: s["message"]["body"] for s in every_creditor["sample"]
    }
    assert (
        texts[f"Maria 0 Souza/{portfolio['beta']['id']}"]
        == "Maria, seu débito com Beta SA venceu em 01/11/2026. CNPJ 11.444.777/0001-61"
    )

    third = portfolio["debtors"][2]
    phone = next(c for c in third["contacts"] if c["kind"] == "phone")
    url = f"/api/v1/debtors/{third['id']}/contacts/{phone['id']}"
    assert stack.api.call(stack.admin, "PATCH", url, {"valid": False, "invalid_reason": "x"}).status == 200
    again = stack.api.call(
        stack.admin, "POST", "/api/v1/actions/batch", {**batch(portfolio), "dry_run": True}
    )
    assert again.body["held"] == {"cap": 1, "no_contact": 1}

    big = batch(portfolio, days_late={"min": 20, "max": 60}, amount={"min": "500.00"})
    only_beta = stack.api.call(stack.admin, "POST", "/api/v1/actions/batch", {**big, "dry_run": True}).body
    assert only_beta["actions"] == 1
    assert only_beta["sample"][0]["creditor_id"] == portfolio["beta"]["id"]
    assert only_beta["total_amount"] == "900.00"


def test_bad_requests_name_the_field(stack: Stack, portfolio: dict):
    def post(body: dict, user: Any = None, headers: dict | None = None) -> Any:
        return stack.api.call(user or stack.admin, "POST", "/api/v1/actions/batch", body, headers=headers)

    wrong_channel = {**batch(portfolio), "template_id": portfolio["templates"]["email"], "dry_run": True}
    r = post(wrong_channel)
    assert (r.status, "template_id" in str(r.body)) == (422, True)
    r = post({**batch(portfolio, creditor_id="nope"), "dry_run": True})
    assert (r.status, "filter.creditor_id" in str(r.body)) == (422, True)
    r = post({**batch(portfolio, days_late={"min": 30, "max": 10}), "dry_run": True})
    assert r.status == 422
    assert "days_late" in str(r.body)
    r = post(batch(portfolio))  # a real action needs an Idempotency-Key
    assert (r.status, "Idempotency-Key" in str(r.body)) == (422, True)
    assert post({**batch(portfolio), "dry_run": True}, user=stack.operator).status == 403


def test_the_action_goes_through_the_sender_once_under_the_same_limits(
    stack: Stack,
    portfolio: dict,
    messaging: Messaging,  # noqa: F811
    monkeypatch,
):
    body = batch(portfolio)  # every creditor, 1 to 365 days late (the default)
    r = stack.api.call(stack.admin, "POST", "/api/v1/actions/batch", body, headers=KEY)
    assert r.status == 202, r.body
    assert r.body["status"] == "accepted"
    again = stack.api.call(stack.admin, "POST", "/api/v1/actions/batch", body, headers=KEY)
    assert (again.status, again.body["id"]) == (200, r.body["id"])
    other = stack.api.call(
        stack.admin, "POST", "/api/v1/actions/batch", batch(portfolio, "whatsapp"), headers=KEY
    )
    assert other.status == 409

    assert plan_batches(stack, messaging.sqs) == 2  # the re-sent request queued its planning again
    url = f"/api/v1/actions/batch/{r.body['id']}"
    done = stack.api.call(stack.admin, "GET", url).body
    assert (done["status"], done["actions"]) == ("queued", 4)
    assert done["progress"] == {"status": "queued", "actions": 4, "counts": {"queued": 4}}
    messaging.drain(monkeypatch)
    sent = messaging.fake.sent
    # the first debtor owes two creditors: its second message waits for tomorrow (1 contact a day)
    assert len(sent) == 3
    progress = stack.api.call(stack.admin, "GET", url).body["progress"]
    assert progress == {"status": "sending", "actions": 4, "counts": {"sent": 3, "deferred": 1}}
    run = stack.api.call(stack.supervisor, "GET", f"/api/v1/rulers/runs/{done['run_date']}").body
    [step] = [s for s in run["steps"] if s["origin"] == f"batch:{r.body['id']}"]
    assert (step["label"], step["total"], step["counts"]) == ("ação em lote", 4, {"sent": 3, "deferred": 1})
    assert step["reasons"] == {"deferred": {"limite de contatos do devedor": 1}}
    assert len({m["to"] for m in sent}) == 3
    assert all(m["text"].startswith("Maria, seu débito com") for m in sent)

    messaging.at("2026-11-24T08:00:00-03:00", monkeypatch)
    from cobranca import bootstrap

    assert bootstrap.services().ruler.release_deferred("demo") == 1
    messaging.drain(monkeypatch)
    assert len(messaging.fake.sent) == 4
    assert "Beta SA" in messaging.fake.sent[-1]["text"]
    assert stack.api.call(stack.admin, "GET", url).body["progress"]["status"] == "done"

    # the same request once more, a day later: the action keeps its date and decides nothing new
    assert stack.api.call(stack.admin, "POST", "/api/v1/actions/batch", body, headers=KEY).status == 200
    assert plan_batches(stack, messaging.sqs) == 1
    messaging.drain(monkeypatch)
    assert len(messaging.fake.sent) == 4
    listed = stack.api.call(stack.supervisor, "GET", "/api/v1/actions/batch").body["items"]
    assert [b["id"] for b in listed] == [r.body["id"]]
