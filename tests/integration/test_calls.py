"""F05 on the API in moto: a call's outcome in the history, a wrong number invalidates the phone, what
each outcome needs (the promise's effect on the ruler is in test_ruler.py)."""

from __future__ import annotations

from decimal import Decimal

from cobranca.domain.money import brl
from tests.integration.conftest import Stack
from tests.integration.test_ruler import setup_ruler


def call(stack: Stack, debtor_id: str, body: dict) -> tuple[int, dict]:
    r = stack.api.call(stack.operator, "POST", f"/api/v1/debtors/{debtor_id}/calls", body)
    return r.status, r.body


def test_a_wrong_number_marks_the_phone_invalid_and_other_outcomes_are_recorded(stack: Stack):
    d = setup_ruler(stack, debtors=1)["debtors"][0]
    phone = next(c for c in d["contacts"] if c["kind"] == "phone")
    email = next(c for c in d["contacts"] if c["kind"] == "email")
    assert call(stack, d["id"], {"outcome": "wrong_number"})[1]["errors"][0]["field"] == "contact_id"
    assert call(stack, d["id"], {"outcome": "wrong_number", "contact_id": email["id"]})[0] == 422
    status, entry = call(stack, d["id"], {"outcome": "wrong_number", "contact_id": phone["id"]})
    assert status == 201, entry
    assert entry["detail"] == "Ligação para +5511*****00: número errado"  # masked in the history
    after = stack.api.call(stack.admin, "GET", f"/api/v1/debtors/{d['id']}").body
    assert next(c for c in after["contacts"] if c["id"] == phone["id"])["valid"] is False

    status, entry = call(stack, d["id"], {"outcome": "no_answer", "note": "caixa postal"})
    assert (status, entry["detail"]) == (201, "Ligação: não atendeu. caixa postal")
    too_far = {"outcome": "promise", "promise_date": "2027-03-01", "promise_amount": "10"}
    status, body = call(stack, d["id"], too_far)
    assert (status, body["errors"][0]["field"]) == (422, "promise_date")
    status, body = call(stack, d["id"], {"outcome": "promise", "promise_date": "2026-11-30"})
    assert (status, body["errors"][0]["field"]) == (422, "promise_amount")


def test_a_call_back_becomes_the_operators_task_and_the_next_call_closes_it(stack: Stack):
    from datetime import timedelta

    from cobranca.domain.dates import CLOCK

    d, other = setup_ruler(stack, debtors=2)["debtors"]
    later = (CLOCK.now() + timedelta(hours=2)).isoformat()
    status, _ = call(stack, d["id"], {"outcome": "no_answer", "callback_at": later})
    assert status == 201
    tasks = stack.api.call(stack.operator, "GET", "/api/v1/tasks").body["items"]
    (task,) = [t for t in tasks if t["debtor_id"] == d["id"]]
    assert task["kind"] == "callback"
    assert task["phone"] == "+5511900001000"  # shown to the operator who dials
    assert task["operator_id"] == stack.operator.id
    assert task["due_at"]

    status, _ = call(stack, d["id"], {"outcome": "contacted", "task_id": task["id"]})
    assert status == 201
    assert stack.api.call(stack.operator, "GET", "/api/v1/tasks").body["items"] == []
    done = stack.api.call(stack.operator, "GET", "/api/v1/tasks", query={"status": "done"}).body["items"]
    assert [(t["id"], t["outcome"], t["closed_by"]) for t in done] == [
        (task["id"], "devedor atendeu", stack.operator.id)
    ]
    status, body = call(stack, d["id"], {"outcome": "contacted", "task_id": task["id"]})
    assert status == 409, body  # closed once
    status, body = call(stack, other["id"], {"outcome": "contacted", "task_id": task["id"]})
    assert (status, body["errors"][0]["field"]) == (422, "task_id")


def test_a_promise_is_within_the_open_balance_and_a_new_one_replaces_the_standing_one(stack: Stack):
    from datetime import timedelta

    from cobranca.domain.dates import CLOCK, business_today

    soon, later = (business_today(CLOCK) + timedelta(days=n) for n in (5, 10))
    d = setup_ruler(stack, debtors=1)["debtors"][0]
    lines = stack.api.call(stack.operator, "GET", f"/api/v1/debtors/{d['id']}/statement").body["lines"]
    balance = sum(float(line["total"]) for line in lines)
    absurd = {"outcome": "promise", "promise_date": soon.isoformat(), "promise_amount": "999999999999.00"}
    status, body = call(stack, d["id"], absurd)
    assert (status, body["errors"][0]["field"]) == (422, "promise_amount")
    assert "passa do saldo em aberto" in body["errors"][0]["reason"]
    assert stack.api.call(stack.operator, "GET", f"/api/v1/debtors/{d['id']}").body["promise"] is None

    first = {"outcome": "promise", "promise_date": soon.isoformat(), "promise_amount": f"{balance / 2:.2f}"}
    status, entry = call(stack, d["id"], first)
    assert status == 201, entry
    assert "Substitui" not in entry["detail"]
    second = {"outcome": "promise", "promise_date": later.isoformat(), "promise_amount": f"{balance:.2f}"}
    status, entry = call(stack, d["id"], second)
    assert status == 201, entry
    half = brl(Decimal(first["promise_amount"]))
    assert entry["detail"].endswith(f"Substitui a promessa de {half} até {soon:%d/%m/%Y}.")
    promise = stack.api.call(stack.operator, "GET", f"/api/v1/debtors/{d['id']}").body["promise"]
    assert (promise["date"], promise["amount"]) == (later.isoformat(), f"{balance:.2f}")
