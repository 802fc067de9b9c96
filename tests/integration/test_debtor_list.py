"""The Devedores list with balances (open titles updated today, the oldest one's days late, the status)
and the filters on them; a filter that skips most debtors reads on and says where it stopped."""

from __future__ import annotations

from datetime import timedelta

from cobranca.domain.dates import CLOCK, business_today
from tests.fakes import a_cpf
from tests.integration.conftest import Stack
from tests.integration.test_negotiation_api import POLICY
from tests.integration.test_portfolio_api import creditor, debtor


def title(stack: Stack, debtor_id: str, creditor_id: str, number: str, amount: str, days_late: int) -> dict:
    due = business_today(CLOCK) - timedelta(days=days_late)
    body = {
        "creditor_id": creditor_id,
        "number": number,
        "original_amount": amount,
        "due_date": due.isoformat(),
    }
    r = stack.api.call(stack.admin, "POST", f"/api/v1/debtors/{debtor_id}/titles", body)
    assert r.status == 201, r.body
    return r.body


def rows(stack: Stack, **query: str) -> dict[str, dict]:
    r = stack.api.call(stack.operator, "GET", "/api/v1/debtors", query={"balance": "true", **query})
    assert r.status == 200, r.body
    return {d["name"]: d for d in r.body["items"]}


def test_each_row_has_its_balance_as_the_ficha_computes_it_and_the_filters_apply(stack: Stack):
    acme = creditor(stack)
    assert (
        stack.api.call(stack.admin, "PATCH", f"/api/v1/creditors/{acme['id']}", {"policy": POLICY}).status
        == 200
    )
    late = debtor(stack, document=a_cpf(1), name="Ana Atrasada")
    title(stack, late["id"], acme["id"], "NF-1", "1000.00", days_late=45)
    title(stack, late["id"], acme["id"], "NF-2", "200.00", days_late=-10)  # not due yet
    fresh = debtor(stack, document=a_cpf(2), name="Bruno Recente")
    title(stack, fresh["id"], acme["id"], "NF-3", "50.00", days_late=3)
    settled = debtor(stack, document=a_cpf(3), name="Carla Quitada")
    paid = title(stack, settled["id"], acme["id"], "NF-4", "80.00", days_late=20)
    changed = stack.api.call(
        stack.admin, "POST", f"/api/v1/debtors/{settled['id']}/titles/{paid['id']}/status", {"status": "paid"}
    )
    assert changed.status == 200, changed.body
    debtor(stack, document=a_cpf(4), name="Davi Sem Títulos")

    found = rows(stack)
    ana = found["Ana Atrasada"]["balance"]
    statement = stack.api.call(stack.operator, "GET", f"/api/v1/debtors/{late['id']}/statement").body
    assert ana["updated_amount"] == statement["totals"]["total"]
    assert (ana["open_titles"], ana["original_amount"], ana["days_late"], ana["status"]) == (
        2,
        "1200.00",
        45,
        "open",
    )
    assert found["Bruno Recente"]["balance"]["days_late"] == 3
    assert found["Carla Quitada"]["balance"]["status"] == "settled"
    assert found["Davi Sem Títulos"]["balance"] == {
        "open_titles": 0,
        "original_amount": "0.00",
        "updated_amount": "0.00",
        "oldest_due_date": None,
        "days_late": 0,
        "status": "no_titles",
    }
    assert stack.api.call(stack.operator, "GET", "/api/v1/debtors").body["items"][0].get("balance") is None

    assert set(rows(stack, status="open")) == {"Ana Atrasada", "Bruno Recente"}
    assert set(rows(stack, min_days_late="30")) == {"Ana Atrasada"}
    assert set(rows(stack, max_amount="100")) == {"Bruno Recente", "Carla Quitada", "Davi Sem Títulos"}
    assert set(rows(stack, q="ana", status="open")) == {"Ana Atrasada"}
    bad = stack.api.call(stack.operator, "GET", "/api/v1/debtors", query={"status": "quase"})
    assert bad.status == 422
    assert bad.body["errors"][0]["field"] == "status"


def test_a_filter_reads_on_until_it_has_a_page_and_its_cursor_goes_on(stack: Stack):
    acme = creditor(stack)
    for n in range(7):
        d = debtor(stack, document=a_cpf(10 + n), name=f"Pessoa {n}")
        if n in (1, 5):
            title(stack, d["id"], acme["id"], f"NF-{n}", "100.00", days_late=60)
    first = stack.api.call(
        stack.operator, "GET", "/api/v1/debtors", query={"min_days_late": "30", "limit": "1"}
    ).body
    assert [d["name"] for d in first["items"]] == ["Pessoa 1"]  # Pessoa 0 read and skipped
    assert first["next_cursor"]
    rest = stack.api.call(
        stack.operator,
        "GET",
        "/api/v1/debtors",
        query={"min_days_late": "30", "limit": "1", "cursor": first["next_cursor"]},
    ).body
    assert [d["name"] for d in rest["items"]] == ["Pessoa 5"]
