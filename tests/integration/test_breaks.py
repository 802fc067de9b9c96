"""Breaks (quebra, F22) on the moto world: the daily schedule breaks an agreement whose installment is
unpaid past the creditor's limit, its open charges are deleted at the (loopback) Asaas, its titles reopen
with what was paid imputed (the statement shows it deducted) and the ruler finds them again."""

from __future__ import annotations

from datetime import date, timedelta
from decimal import Decimal

from cobranca.domain.dates import CLOCK
from infra.local.fake_asaas import FakeAsaas
from tests.integration.conftest import LambdaContext, Stack
from tests.integration.test_agreements_api import close
from tests.integration.test_charges import agreement, on_asaas
from tests.integration.test_settlement import deliver, history


def run_breaks() -> dict:
    from functions.payments import handler

    result: dict = handler.breaks({"tenant": "demo"}, LambdaContext())
    [demo] = result["tenants"]
    return demo


def due_titles(day: str) -> list[str]:
    from cobranca import bootstrap

    due = bootstrap.services().messaging_store.due_items("demo", date.fromisoformat(day))
    return [i.id for i in due if i.kind.value == "titles"]


def test_an_installment_unpaid_past_the_limit_breaks_the_agreement_once_and_reopens_its_titles(
    stack: Stack, fake: FakeAsaas
):
    _, d, title = on_asaas(stack)
    closed = close(stack, d, title, "key-break", payment_method="pix").body
    assert stack.run_queue("ChargeQueue") == 1
    parts = agreement(stack, closed["id"])["installments"]
    first_paid = date.fromisoformat(parts[0]["due_date"])  # the first one paid on its day, then nothing
    deliver(stack, fake.confirm(parts[0]["charge"]["provider_id"], on=first_paid))
    late = parts[1]

    limit_day = date.fromisoformat(late["due_date"]) + timedelta(days=30)
    CLOCK.pin(f"{limit_day.isoformat()}T12:00:00-03:00")  # 30 days late: within the limit
    assert run_breaks()["broken"] == []
    assert agreement(stack, closed["id"])["status"] == "active"

    CLOCK.pin(f"{(limit_day + timedelta(days=1)).isoformat()}T07:00:00-03:00")
    report = run_breaks()
    assert report["broken"] == [closed["id"]]
    assert run_breaks()["broken"] == []  # the schedule retried: nothing more

    broken = agreement(stack, closed["id"])
    assert broken["status"] == "broken"
    assert [i["status"] for i in broken["installments"]] == ["paid"] + ["cancelled"] * (len(parts) - 1)
    [line] = history(stack, d["id"], "agreement.broken")
    paid = Decimal(parts[0]["amount"])
    assert Decimal(line["data"]["imputed"]) == paid
    assert "quebrado" in line["detail"]
    assert "pagos abatidos" in line["detail"]

    # the open charges go from Asaas; the paid one stays
    assert stack.run_queue("ChargeQueue") == 1
    for p in parts[1:]:
        assert fake.payments_for(p["charge"]["reference"]) == []
    assert len(fake.payments_for(parts[0]["charge"]["reference"])) == 1

    # the title is open again, back on the ruler's index, with the payment imputed and deducted
    [reopened] = stack.api.call(stack.admin, "GET", f"/api/v1/debtors/{d['id']}/titles").body["items"]
    assert reopened["status"] == "open"
    assert [Decimal(p["amount"]) for p in reopened["payments"]] == [paid]
    assert title["id"] in due_titles(title["due_date"])
    statement = stack.api.call(stack.admin, "GET", f"/api/v1/debtors/{d['id']}/statement").body
    [line] = statement["lines"]
    assert (Decimal(line["paid"]), Decimal(statement["totals"]["paid"])) == (paid, paid)
    assert Decimal(line["corrected"]) < Decimal(title["original_amount"])  # the payment reached the principal
    # and a new agreement can be closed on what is left
    again = close(stack, d, title, "key-after-break", first_due_date=statement["date"])
    assert again.status == 201, again.body
    assert Decimal(again.body["total"]) < Decimal(closed["total"])


def broken_after_one_payment(stack: Stack, fake: FakeAsaas, key: str) -> tuple[dict, list[dict], dict, dict]:
    """An agreement whose first installment was paid and whose second broke it (its charges not yet
    deleted at Asaas: the deletion job still queued)."""
    _, d, title = on_asaas(stack)
    closed = close(stack, d, title, key, payment_method="pix").body
    assert stack.run_queue("ChargeQueue") == 1
    parts = agreement(stack, closed["id"])["installments"]
    deliver(
        stack, fake.confirm(parts[0]["charge"]["provider_id"], on=date.fromisoformat(parts[0]["due_date"]))
    )
    limit_day = date.fromisoformat(parts[1]["due_date"]) + timedelta(days=31)
    CLOCK.pin(f"{limit_day.isoformat()}T07:00:00-03:00")
    assert run_breaks()["broken"] == [closed["id"]]
    return closed, parts, d, title


def test_a_payment_after_the_break_is_imputed_to_the_reopened_titles_once(stack: Stack, fake: FakeAsaas):
    closed, parts, d, _ = broken_after_one_payment(stack, fake, "key-late")
    [before] = stack.api.call(stack.admin, "GET", f"/api/v1/debtors/{d['id']}/titles").body["items"]
    paid_late = fake.confirm(parts[1]["charge"]["provider_id"], on=date.fromisoformat(parts[1]["due_date"]))
    deliver(stack, paid_late)  # the debtor paid the PIX while its deletion was still queued
    deliver(stack, paid_late)  # Asaas sent it again: nothing more

    [line] = history(stack, d["id"], "agreement.late_payment")
    assert Decimal(line["data"]["imputed"]) == Decimal(parts[1]["amount"])
    assert "abatidos dos títulos reabertos" in line["detail"]
    assert "alert" not in line["data"]
    [record] = [h for h in history(stack, d["id"], "payment.record") if "depois da quebra" in h["detail"]]
    assert "alert" not in record["data"]  # nothing for the operator to do: it was imputed
    [after] = stack.api.call(stack.admin, "GET", f"/api/v1/debtors/{d['id']}/titles").body["items"]
    assert [Decimal(p["amount"]) for p in after["payments"]] == [
        Decimal(parts[0]["amount"]),
        Decimal(parts[1]["amount"]),
    ]
    statement = stack.api.call(stack.admin, "GET", f"/api/v1/debtors/{d['id']}/statement").body
    assert Decimal(statement["totals"]["paid"]) == Decimal(parts[0]["amount"]) + Decimal(parts[1]["amount"])
    assert after["status"] == before["status"] == "open"
    assert agreement(stack, closed["id"])["status"] == "broken"


def test_a_payment_after_the_break_on_titles_no_longer_open_is_the_debtors_credit(
    stack: Stack, fake: FakeAsaas
):
    _, parts, d, title = broken_after_one_payment(stack, fake, "key-late-credit")
    settled = stack.api.call(
        stack.admin, "POST", f"/api/v1/titles/{title['number']}/settle", {"reason": "ERP"}
    )
    assert settled.status == 200, settled.body  # paid at the source meanwhile
    deliver(
        stack, fake.confirm(parts[1]["charge"]["provider_id"], on=date.fromisoformat(parts[1]["due_date"]))
    )
    [line] = history(stack, d["id"], "agreement.late_payment")
    assert Decimal(line["data"]["imputed"]) == 0
    assert Decimal(line["data"]["credit"]) == Decimal(parts[1]["amount"])
    assert line["data"]["alert"]
    [after] = stack.api.call(stack.admin, "GET", f"/api/v1/debtors/{d['id']}/titles").body["items"]
    assert after["status"] == "paid"
    assert [Decimal(p["amount"]) for p in after["payments"]] == [Decimal(parts[0]["amount"])]


def test_an_agreement_the_debtor_had_no_way_to_pay_never_breaks(stack: Stack):
    """A creditor without a portador nor payment instructions: nothing was ever sent to pay with, so no
    day counts; once it has instructions (a PIX key), the limit counts from that day."""
    from tests.integration.test_negotiation_api import setup

    CLOCK.pin("2026-04-09T12:00:00-03:00")
    cred, d, title = setup(stack)
    closed = close(stack, d, title, "key-no-way").body
    CLOCK.pin("2026-06-20T07:00:00-03:00")  # the entry (15/04) is 66 days late
    assert run_breaks()["broken"] == []
    assert agreement(stack, closed["id"])["status"] == "active"
    pix = {"payment_instructions": {"pix_key": "financeiro@acme.example"}}
    patched = stack.api.call(stack.admin, "PATCH", f"/api/v1/creditors/{cred['id']}", pix).body
    assert patched["payable_since"] == "2026-06-20"
    assert run_breaks()["broken"] == []  # the 66 days without a way to pay do not count
    policy = patched["policy"]
    limit = policy["first_break_after_days"] or policy["break_after_days"]
    last_day = date(2026, 6, 20) + timedelta(days=limit)
    CLOCK.pin(f"{last_day.isoformat()}T07:00:00-03:00")
    assert run_breaks()["broken"] == []
    CLOCK.pin(f"{(last_day + timedelta(days=1)).isoformat()}T07:00:00-03:00")
    assert run_breaks()["broken"] == [closed["id"]]
