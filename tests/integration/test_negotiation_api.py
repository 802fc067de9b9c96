"""Creditor policy, price indices, the statement (demonstrativo) and offers through the API."""

from __future__ import annotations

from decimal import Decimal

from tests.integration.conftest import Stack
from tests.integration.test_portfolio_api import creditor, debtor

POLICY = {
    "fine_percent": "2",
    "interest_percent_month": "1",
    "correction_index": "IPCA",
    "fees_percent": "10",
    "min_installment": "50.00",
    "max_first_due_days": 10,
    "offers": [
        {
            "code": "AV",
            "name": "À vista",
            "installments": 0,
            "discount_principal_percent": "10",
            "discount_charges_percent": "50",
        },
        {
            "code": "3X",
            "name": "Entrada + 3x",
            "installments": 3,
            "entry_min_percent": "20",
            "interest_percent_month": "2",
        },
        {"code": "24X", "name": "24x", "installments": 24},
    ],
}


def setup(stack: Stack) -> tuple[dict, dict, dict]:
    cred = creditor(stack)
    r = stack.api.call(stack.admin, "PATCH", f"/api/v1/creditors/{cred['id']}", {"policy": POLICY})
    assert r.status == 200, r.body
    series = {"2026-01": "0.50", "2026-02": "0.40", "2026-03": "0.30"}
    assert stack.api.call(stack.admin, "PUT", "/api/v1/indices/IPCA", series).status == 200
    d = debtor(stack)
    body = {
        "creditor_id": cred["id"],
        "number": "NF-1",
        "original_amount": "1000.00",
        "due_date": "2026-01-10",
    }
    title = stack.api.call(stack.admin, "POST", f"/api/v1/debtors/{d['id']}/titles", body).body
    return cred, d, title


def test_a_consumer_fine_above_two_percent_is_refused(stack: Stack):
    cred = creditor(stack)
    r = stack.api.call(
        stack.admin, "PATCH", f"/api/v1/creditors/{cred['id']}", {"policy": {"fine_percent": "2.5"}}
    )
    assert r.status == 422
    assert r.body["errors"] == [
        {
            "field": "policy.fine_percent",
            "reason": "multa acima de 2% é vedada em relação de consumo (CDC art. 52 §1º)",
        }
    ]


def test_indices_are_admin_only_and_months_are_validated(stack: Stack):
    assert stack.api.call(stack.supervisor, "PUT", "/api/v1/indices/IPCA", {"2026-01": "0.5"}).status == 403
    bad = stack.api.call(stack.admin, "PUT", "/api/v1/indices/IPCA", {"2026-13": "0.5"})
    assert (bad.status, bad.body["errors"][0]["field"]) == (422, "2026-13")
    assert stack.api.call(stack.admin, "PUT", "/api/v1/indices/SELIC", {"2026-01": "0.5"}).status == 422
    stack.api.call(stack.admin, "PUT", "/api/v1/indices/INPC", {"2026-01": "0.5"})
    merged = stack.api.call(stack.admin, "PUT", "/api/v1/indices/INPC", {"2026-02": "-0.1"}).body
    assert merged["values"] == {"2026-01": "0.5", "2026-02": "-0.1"}


def test_statement_shows_every_component_the_rule_and_the_creditor(stack: Stack):
    _, d, _ = setup(stack)
    s = stack.api.call(
        stack.operator, "GET", f"/api/v1/debtors/{d['id']}/statement", query={"date": "2026-04-09"}
    )
    assert s.status == 200, s.body
    line = s.body["lines"][0]
    assert (
        line["days_late"],
        line["corrected"],
        line["fine"],
        line["interest"],
        line["fees"],
        line["total"],
    ) == (
        89,
        "1012.05",
        "20.24",
        "30.02",
        "106.23",
        "1168.54",
    )
    assert line["rules"]["correction"] == "IPCA de janeiro de 2026 a março de 2026: fator 1.01204706"
    assert "CDC art. 52" in line["rules"]["fine"]
    assert s.body["totals"]["total"] == "1168.54"
    assert s.body["creditors"][0]["document"] == "11.222.333/0001-81"
    assert s.body["debtor_document"] == "529.982.247-25"


def test_offers_follow_the_policy_and_drop_payments_below_the_minimum(stack: Stack):
    _, d, title = setup(stack)
    body = {"title_ids": [title["id"]], "date": "2026-04-09", "first_due_date": "2026-04-30"}
    r = stack.api.call(stack.operator, "POST", f"/api/v1/debtors/{d['id']}/offers", body)
    assert r.status == 200, r.body
    offers = {o["code"]: o for o in r.body["offers"]}
    assert set(offers) == {"AV", "3X"}  # 24x would pay 48.69 a month, below the 50.00 minimum
    assert offers["AV"]["total"] == "989.10"
    assert [p["amount"] for p in offers["3X"]["payments"]] == ["233.71", "324.16", "324.16", "324.16"]
    assert [p["due_date"] for p in offers["3X"]["payments"]] == [
        "2026-04-30",
        "2026-05-30",
        "2026-06-30",
        "2026-07-30",
    ]


def test_offers_refuse_titles_that_are_not_open_or_not_the_debtors(stack: Stack):
    _, d, title = setup(stack)
    other = debtor(stack, document="111.444.777-35", name="Maria")
    r = stack.api.call(
        stack.operator, "POST", f"/api/v1/debtors/{other['id']}/offers", {"title_ids": [title["id"]]}
    )
    assert (r.status, r.body["errors"][0]["field"]) == (422, "title_ids")
    stack.api.call(
        stack.admin, "POST", f"/api/v1/debtors/{d['id']}/titles/{title['id']}/status", {"status": "paid"}
    )
    paid = stack.api.call(
        stack.operator, "POST", f"/api/v1/debtors/{d['id']}/offers", {"title_ids": [title["id"]]}
    )
    assert paid.status == 422
    assert "não está em aberto" in paid.body["errors"][0]["reason"]


def test_an_operator_widens_an_offer_within_the_creditors_margin(stack: Stack):
    cred, d, title = setup(stack)
    margin = {"extra_discount_percent_max": "5", "extra_installments_max": 2}
    policy = {**POLICY, "operator_margin": margin}
    assert (
        stack.api.call(stack.admin, "PATCH", f"/api/v1/creditors/{cred['id']}", {"policy": policy}).status
        == 200
    )
    body = {"title_ids": [title["id"]], "first_due_date": None}

    def offers(**extra) -> dict:
        r = stack.api.call(stack.operator, "POST", f"/api/v1/debtors/{d['id']}/offers", {**body, **extra})
        assert r.status == 200, r.body
        return {o["code"]: o for o in r.body["offers"]}

    plain = offers()
    wide = offers(extra_discount_percent="5", extra_installments=2)
    expected = Decimal(plain["AV"]["total"]) * Decimal("0.95")
    assert abs(Decimal(wide["AV"]["total"]) - expected) <= Decimal("0.02")  # each part rounded to the cent
    assert (plain["3X"]["installments"], wide["3X"]["installments"]) == (3, 5)
    assert len(wide["3X"]["payments"]) == 6  # the entry and five installments
    limits = stack.api.call(stack.operator, "POST", f"/api/v1/debtors/{d['id']}/offers", body).body["margin"]
    assert limits == {"extra_discount_percent_max": "5", "extra_installments_max": 2}

    too_much = stack.api.call(
        stack.operator, "POST", f"/api/v1/debtors/{d['id']}/offers", {**body, "extra_discount_percent": "6"}
    )
    assert (too_much.status, too_much.body["errors"][0]["field"]) == (422, "extra_discount_percent")
    agreement = {
        "debtor_id": d["id"],
        "title_ids": [title["id"]],
        "offer_code": "AV",
        "payment_method": "pix",
        "first_due_date": wide["AV"]["payments"][0]["due_date"],
        "email": "jose@example.com",
        "extra_discount_percent": "5",
    }
    closed = stack.api.call(
        stack.operator, "POST", "/api/v1/agreements", agreement, headers={"idempotency-key": "margin-0001"}
    )
    assert closed.status == 201, closed.body
    assert closed.body["total"] == wide["AV"]["total"]
    history = stack.api.call(stack.operator, "GET", f"/api/v1/debtors/{d['id']}/history").body["items"]
    [created] = [h for h in history if h["action"] == "agreement.created"]
    assert created["detail"].endswith("À vista, margem do operador: +5% de desconto")
