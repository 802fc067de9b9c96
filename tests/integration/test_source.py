"""Titles paid or cancelled at the source (F04) on the moto world: found by the ERP's number, all
collection stops at once (the ruler's index, an agreement holding it and its charges at Asaas), and
telling it again changes nothing."""

from __future__ import annotations

from datetime import date

from cobranca import bootstrap
from infra.local.fake_asaas import FakeAsaas
from tests.integration.conftest import Stack
from tests.integration.test_agreements_api import close
from tests.integration.test_charges import agreement, on_asaas
from tests.integration.test_negotiation_api import setup


def on_index(title: dict) -> bool:
    due = bootstrap.services().messaging_store.due_items("demo", date.fromisoformat(title["due_date"]))
    return any(i.id == title["id"] for i in due)


def history(stack: Stack, debtor_id: str) -> list[dict]:
    return stack.api.call(stack.admin, "GET", f"/api/v1/debtors/{debtor_id}/history").body["items"]


def test_an_open_title_paid_at_the_source_leaves_collection_once(stack: Stack):
    _, d, title = setup(stack)
    assert on_index(title)
    paid = stack.api.call(
        stack.operator, "POST", f"/api/v1/titles/{title['number']}/settle", {"reason": "ERP 55"}
    )
    assert (paid.status, paid.body["status"]) == (200, "paid"), paid.body
    assert not on_index(title)  # the ruler no longer reaches it
    again = stack.api.call(
        stack.operator, "POST", f"/api/v1/titles/{title['number'].lower()}/settle", {"reason": ""}
    )
    assert (again.status, again.body["status"]) == (200, "paid")
    lines = [h for h in history(stack, d["id"]) if h["action"] == "title.source"]
    assert len(lines) == 1
    assert "pago na origem (ERP): ERP 55" in lines[0]["detail"]
    refused = stack.api.call(
        stack.operator, "POST", f"/api/v1/titles/{title['number']}/cancel", {"reason": ""}
    )
    assert refused.status == 409
    assert (
        stack.api.call(stack.operator, "POST", "/api/v1/titles/NAO-EXISTE/settle", {"reason": ""}).status
        == 404
    )


def test_a_title_in_an_agreement_paid_at_the_source_cancels_it_and_its_charges(stack: Stack, fake: FakeAsaas):
    _, d, title = on_asaas(stack)
    closed = close(stack, d, title, "key-source-1", payment_method="pix").body
    stack.run_queue("ChargeQueue")
    parts = agreement(stack, closed["id"])["installments"]
    assert all(fake.payments_for(p["charge"]["reference"]) for p in parts)

    answer = stack.api.call(
        stack.admin, "POST", f"/api/v1/titles/{title['number']}/cancel", {"reason": "nota de crédito"}
    )
    assert (answer.status, answer.body["status"]) == (200, "cancelled"), answer.body
    ended = agreement(stack, closed["id"])
    assert ended["status"] == "cancelled"
    assert {i["status"] for i in ended["installments"]} == {"cancelled"}
    assert stack.run_queue("ChargeQueue") == 1  # the charges go from Asaas
    assert not any(fake.payments_for(p["charge"]["reference"]) for p in parts)
    [line] = [h for h in history(stack, d["id"]) if h["action"] == "agreement.cancelled"]
    assert "cancelado na origem (ERP): nota de crédito" in line["detail"]
    assert not on_index(title)


def test_a_csv_row_marked_pago_settles_a_stored_title_and_cancels_its_agreement(
    stack: Stack, fake: FakeAsaas
):
    from tests.integration.test_imports import post_csv
    from tests.integration.test_portfolio_api import CPF

    cred, d, title = on_asaas(stack)
    closed = close(stack, d, title, "key-source-csv", payment_method="pix").body
    stack.run_queue("ChargeQueue")
    header = "document;name;creditor;title_number;amount;due_date;status\n"
    row = f"{CPF};José da Silva;{cred['code']};{title['number']};1000,00;10/01/2026;pago\n"
    new = f"{CPF};José da Silva;{cred['code']};NF-OUTRO;50,00;10/02/2026;cancelado\n"
    bad = f"{CPF};José da Silva;{cred['code']};NF-X;50,00;10/02/2026;talvez\n"
    started = post_csv(stack, (header + row + new + bad).encode())
    assert started.status == 202, started.body
    assert stack.run_queue("ImportQueue") == 1
    report = stack.api.call(stack.admin, "GET", f"/api/v1/imports/{started.body['id']}").body
    counts = report["job"]["counts"]
    assert (counts["titles_existing"], counts["titles_settled"], counts["titles_created"]) == (1, 1, 1)
    assert [(e["field"], e["reason"]) for e in report["rejected_rows"]] == [
        ("status", "use aberto, pago ou cancelado (ou deixe vazio)")
    ]
    assert agreement(stack, closed["id"])["status"] == "cancelled"
    titles = {
        t["number"]: t["status"]
        for t in stack.api.call(stack.admin, "GET", f"/api/v1/debtors/{d['id']}/titles").body["items"]
    }
    assert titles == {title["number"]: "paid", "NF-OUTRO": "cancelled"}
    assert stack.run_queue("ChargeQueue") == 1  # the agreement's charges go from Asaas
    # the same file again changes nothing
    again = post_csv(stack, (header + row).encode())
    stack.run_queue("ImportQueue")
    report = stack.api.call(stack.admin, "GET", f"/api/v1/imports/{again.body['id']}").body
    assert report["job"]["counts"]["titles_settled"] == 0
