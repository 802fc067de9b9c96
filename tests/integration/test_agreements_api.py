"""Agreements: one conditional transaction per close, idempotent by key, never two over one title."""

from __future__ import annotations

from concurrent.futures import ThreadPoolExecutor
from datetime import date
from decimal import Decimal
from threading import Barrier
from typing import cast

import pytest

from cobranca import bootstrap
from cobranca.domain.access import Role
from cobranca.domain.agreements import AgreementIn, PaymentMethod
from cobranca.domain.dates import CLOCK
from cobranca.domain.errors import Conflict, InvalidInput
from cobranca.services.caller import Caller
from tests.fakes import a_cpf
from tests.integration.conftest import Stack
from tests.integration.test_negotiation_api import POLICY, setup
from tests.integration.test_portfolio_api import debtor


@pytest.fixture
def pinned_today(monkeypatch: pytest.MonkeyPatch) -> None:
    CLOCK.pin("2026-04-09T12:00:00-03:00")


def close(stack: Stack, d: dict, title: dict, key: str, **overrides):
    body = {
        "debtor_id": d["id"],
        "title_ids": [title["id"]],
        "offer_code": "3X",
        "payment_method": "boleto",
        "first_due_date": "2026-04-15",
        "email": "jose@example.com",
        **overrides,
    }
    headers_key = key
    return stack.api.call(
        stack.operator, "POST", "/api/v1/agreements", body, headers={"idempotency-key": headers_key}
    )


@pytest.mark.usefixtures("pinned_today")
def test_closing_an_agreement_moves_titles_and_sums_exactly(stack: Stack):
    cred, d, title = setup(stack)
    commission = {"policy": {**POLICY, "commission_percent": "15"}}
    assert stack.api.call(stack.admin, "PATCH", f"/api/v1/creditors/{cred['id']}", commission).status == 200
    statement = stack.api.call(stack.admin, "GET", f"/api/v1/debtors/{d['id']}/statement").body["totals"]
    r = close(stack, d, title, "key-0000001")
    assert r.status == 201, r.body
    a = r.body
    assert a["number"] == "A-000001"
    assert sum(Decimal(i["amount"]) for i in a["installments"]) == Decimal(a["total"])
    assert [i["due_date"] for i in a["installments"]] == [
        "2026-04-15",
        "2026-05-15",
        "2026-06-15",
        "2026-07-15",
    ]
    assert {i["status"] for i in a["installments"]} == {"pending"}
    verified = stack.negocia.call(None, "GET", f"/verificar/{a['verification_code']}")
    assert (verified.status, "o atendimento da empresa de cobrança" in verified.body) == (200, True)
    # the split's base, fixed now: the statement's total less its honorários (the 3X offer discounts
    # nothing; its installment interest is not part of the debt), and the policy's commission then
    assert Decimal(a["creditor_share"]) == Decimal(statement["total"]) - Decimal(statement["fees"])
    assert Decimal(a["commission_percent"]) == Decimal("15")
    assert (
        stack.api.call(stack.admin, "GET", f"/api/v1/agreements/{a['id']}").body["creditor_share"]
        == a["creditor_share"]
    )
    titles = stack.api.call(stack.admin, "GET", f"/api/v1/debtors/{d['id']}/titles").body["items"]
    assert titles[0]["status"] == "in_agreement"
    history = stack.api.call(stack.admin, "GET", f"/api/v1/debtors/{d['id']}/history").body["items"]
    assert [h["action"] for h in history[:2]] == ["agreement.term_sent", "agreement.created"]


@pytest.mark.usefixtures("pinned_today")
def test_the_same_key_returns_the_same_agreement_and_another_body_is_refused(stack: Stack):
    _, d, title = setup(stack)
    first = close(stack, d, title, "key-0000002")
    again = close(stack, d, title, "key-0000002")
    assert (again.status, again.body["id"]) == (201, first.body["id"])
    other = close(stack, d, title, "key-0000002", offer_code="AV")
    assert other.status == 409
    listed = stack.api.call(stack.admin, "GET", "/api/v1/agreements").body["items"]
    assert [a["id"] for a in listed] == [first.body["id"]]
    by = {"operator": stack.operator.id}
    mine = stack.api.call(stack.admin, "GET", "/api/v1/agreements", query=by).body["items"]
    assert [a["id"] for a in mine] == [first.body["id"]]
    theirs = stack.api.call(stack.admin, "GET", "/api/v1/agreements", query={"operator": stack.admin.id})
    assert theirs.body["items"] == []


def concurrently(stack: Stack, d: dict, title: dict, keys: list[str]) -> list[str]:
    """Closes in parallel threads at the service layer (in AWS each request has its own container;
    one in-process Powertools resolver is not meant to be shared by threads)."""
    services = bootstrap.services()
    caller = Caller("demo", stack.operator.id, stack.operator.email, Role.OPERATOR)
    body = AgreementIn(
        debtor_id=d["id"],
        title_ids=[title["id"]],
        offer_code="3X",
        payment_method=PaymentMethod.BOLETO,
        first_due_date=date(2026, 4, 15),
        email="jose@example.com",
    )
    barrier = Barrier(len(keys))

    def attempt(key: str) -> str:
        barrier.wait()
        try:
            return services.agreements.create(caller, body, key).id
        except Conflict:
            return "409"

    with ThreadPoolExecutor(len(keys)) as pool:
        return list(pool.map(attempt, keys))


@pytest.mark.usefixtures("pinned_today")
def test_concurrent_agreements_on_the_same_title_one_wins_one_gets_409(stack: Stack):
    _, d, title = setup(stack)
    results = concurrently(stack, d, title, ["key-race-000A", "key-race-000B", "key-race-000C"])
    assert sorted(results).count("409") == 2
    assert len(stack.api.call(stack.admin, "GET", "/api/v1/agreements").body["items"]) == 1


@pytest.mark.usefixtures("pinned_today")
def test_concurrent_retries_with_one_key_create_one_agreement(stack: Stack):
    _, d, title = setup(stack)
    results = concurrently(stack, d, title, ["key-retry-0001"] * 3)
    assert len(set(results)) == 1
    assert "409" not in results
    assert len(stack.api.call(stack.admin, "GET", "/api/v1/agreements").body["items"]) == 1


@pytest.mark.usefixtures("pinned_today")
def test_bad_requests_name_the_field(stack: Stack):
    _, d, title = setup(stack)
    no_key = stack.api.call(stack.operator, "POST", "/api/v1/agreements", {"debtor_id": d["id"]})
    assert no_key.status == 422
    missing = close(stack, d, title, "")
    assert missing.body["errors"][0]["field"] == "Idempotency-Key"
    late = close(stack, d, title, "key-late-0001", first_due_date="2026-04-30")  # policy allows 10 days
    assert (late.status, late.body["errors"][0]["field"]) == (422, "first_due_date")
    assert "09/04/2026 e 19/04/2026" in late.body["errors"][0]["reason"]
    gone = close(stack, d, title, "key-gone-0001", offer_code="24X")
    assert (gone.status, gone.body["errors"][0]["field"]) == (422, "offer_code")
    card = close(stack, d, title, "key-card-0001", payment_method="card")
    assert (card.status, card.body["errors"][0]["field"]) == (422, "payment_method")


@pytest.mark.usefixtures("pinned_today")
def test_cancelling_reopens_the_titles_once(stack: Stack):
    _, d, title = setup(stack)
    a = close(stack, d, title, "key-cancel-01").body
    cancelled = stack.api.call(stack.supervisor, "POST", f"/api/v1/agreements/{a['id']}/cancel")
    assert cancelled.body["status"] == "cancelled"
    assert {i["status"] for i in cancelled.body["installments"]} == {"cancelled"}
    assert (
        stack.api.call(stack.admin, "GET", f"/api/v1/debtors/{d['id']}/titles").body["items"][0]["status"]
        == "open"
    )
    assert stack.api.call(stack.supervisor, "POST", f"/api/v1/agreements/{a['id']}/cancel").status == 409
    assert (
        stack.api.call(stack.admin, "GET", "/api/v1/agreements", query={"status": "active"}).body["items"]
        == []
    )
    assert stack.api.call(stack.other_admin, "GET", f"/api/v1/agreements/{a['id']}").status == 404


@pytest.mark.usefixtures("pinned_today")
def test_a_flash_offer_closes_as_many_agreements_as_its_quota_even_at_once(stack: Stack):
    cred, d, title = setup(stack)
    flash = {"code": "FLASH", "name": "10% para os 2 primeiros", "installments": 0, "quota": 2}
    flash |= {"discount_principal_percent": "10", "valid_until": "2026-04-30"}
    only_portal = {"code": "PORTAL", "name": "Só no portal", "installments": 0, "scope": "self_service"}
    rules = [*cast(list, POLICY["offers"]), flash, only_portal]
    policy = {"policy": {**POLICY, "offers": rules}}
    assert stack.api.call(stack.admin, "PATCH", f"/api/v1/creditors/{cred['id']}", policy).status == 200

    def offered() -> dict[str, dict]:
        body = {"title_ids": [title["id"]]}
        found = stack.api.call(stack.operator, "POST", f"/api/v1/debtors/{d['id']}/offers", body)
        return {o["code"]: o for o in found.body["offers"]}

    assert (offered()["FLASH"]["remaining"], offered()["FLASH"]["valid_until"]) == (2, "2026-04-30")
    assert "PORTAL" not in offered()  # the debtor's alone, not an operator's
    racers = []
    for n in range(1, 4):
        other = debtor(stack, document=a_cpf(n), name=f"Devedor {n}")
        body = {"creditor_id": cred["id"], "number": f"NF-F{n}", "original_amount": "500.00"}
        body["due_date"] = "2026-02-10"
        made = stack.api.call(stack.admin, "POST", f"/api/v1/debtors/{other['id']}/titles", body)
        racers.append((other, made.body))
    services = bootstrap.services()
    caller = Caller("demo", stack.operator.id, stack.operator.email, Role.OPERATOR)
    barrier = Barrier(len(racers))

    def attempt(pair: tuple[dict, dict]) -> str:
        owner, owed = pair
        body = AgreementIn(
            debtor_id=owner["id"],
            title_ids=[owed["id"]],
            offer_code="FLASH",
            payment_method=PaymentMethod.BOLETO,
            first_due_date=date(2026, 4, 15),
            email="jose@example.com",
        )
        barrier.wait()
        try:
            return services.agreements.create(caller, body, f"key-flash-{owner['id'][:12]}").number
        except (Conflict, InvalidInput) as exc:  # spent while closing, or before its offers were read
            return str(exc)

    with ThreadPoolExecutor(len(racers)) as pool:
        results = sorted(pool.map(attempt, racers))
    won = [r for r in results if r.startswith("A-")]  # agreement numbers (they may gap)
    lost = {r for r in results if not r.startswith("A-")}
    spent = "esta oferta acabou de esgotar: escolha outra"
    # never more than the quota; a loser is told the offer is spent, or (DynamoDB cancels concurrent
    # transactions on one item) to try again
    assert len(won) <= 2, results
    gone = "offer_code: oferta 'FLASH' não disponível para estes títulos (AV, 3X)"  # already spent
    assert lost <= {spent, gone, "outro acordo está sendo fechado para estes títulos; tente de novo"}, results
    assert len(won) == 2 or not lost & {spent, gone}, results
    if len(won) == 2:
        assert "FLASH" not in offered()  # spent: no longer offered, the others still are
    assert {"AV", "3X"} <= set(offered())


@pytest.mark.usefixtures("pinned_today")
def test_an_agreement_closes_on_the_offer_the_operator_saw_or_not_at_all(stack: Stack):
    """Calcular ofertas, then a margin typed without recalculating, then Fechar acordo: 409, nothing
    closed; recalculated, the same close goes through."""
    cred, d, title = setup(stack)
    margin = {"policy": {**POLICY, "operator_margin": {"extra_discount_percent_max": "5"}}}
    assert stack.api.call(stack.admin, "PATCH", f"/api/v1/creditors/{cred['id']}", margin).status == 200

    def offer(**extra: str) -> dict:
        body = {"title_ids": [title["id"]], "first_due_date": "2026-04-15", **extra}
        found = stack.api.call(stack.operator, "POST", f"/api/v1/debtors/{d['id']}/offers", body).body
        chosen = next(o for o in found["offers"] if o["code"] == "3X")
        return {"total": chosen["total"], "payments": chosen["payments"]}

    seen = offer()
    stale = close(stack, d, title, "key-stale-001", extra_discount_percent="2", shown=seen)
    assert stale.status == 409, stale.body
    assert "recalcule as ofertas" in stale.body["message"]
    assert stack.api.call(stack.admin, "GET", "/api/v1/agreements").body["items"] == []

    recalculated = offer(extra_discount_percent="2")
    assert Decimal(recalculated["total"]) < Decimal(seen["total"])
    closed = close(stack, d, title, "key-fresh-001", extra_discount_percent="2", shown=recalculated)
    assert closed.status == 201, closed.body
    assert closed.body["total"] == recalculated["total"]


@pytest.mark.usefixtures("pinned_today")
def test_the_ficha_lists_one_debtors_agreements(stack: Stack):
    _, d, title = setup(stack)
    closed = close(stack, d, title, "key-ficha-001").body
    other = debtor(stack, document=a_cpf(7), name="Outro Devedor")
    mine = stack.api.call(stack.operator, "GET", "/api/v1/agreements", query={"debtor": d["id"]}).body[
        "items"
    ]
    assert [a["number"] for a in mine] == [closed["number"]]
    theirs = stack.api.call(stack.operator, "GET", "/api/v1/agreements", query={"debtor": other["id"]})
    assert theirs.body["items"] == []
    paid = stack.api.call(
        stack.operator, "GET", "/api/v1/agreements", query={"debtor": d["id"], "status": "paid"}
    ).body["items"]
    assert paid == []
