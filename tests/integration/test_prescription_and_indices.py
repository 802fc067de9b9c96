"""B12 prescription (five years after the due date) and price-index gaps that are never silent."""

from __future__ import annotations

import pytest

from cobranca.domain.dates import CLOCK
from tests.integration.conftest import Stack
from tests.integration.test_agreements_api import close
from tests.integration.test_imports import post_csv, run_worker
from tests.integration.test_negotiation_api import setup
from tests.integration.test_portfolio_api import creditor

TODAY = "2026-04-09T12:00:00-03:00"


@pytest.fixture
def dated(monkeypatch: pytest.MonkeyPatch):
    CLOCK.pin(TODAY)


def old_title(stack: Stack, debtor_id: str, creditor_id: str, due: str = "2021-04-08") -> dict:
    body = {"creditor_id": creditor_id, "number": "OLD-1", "original_amount": "500.00", "due_date": due}
    r = stack.api.call(stack.admin, "POST", f"/api/v1/debtors/{debtor_id}/titles", body)
    assert r.status == 201, r.body
    return r.body


def test_a_title_due_more_than_five_years_ago_is_marked_and_never_offered(stack: Stack, dated):
    cred, d, title = setup(stack)
    old = old_title(stack, d["id"], cred["id"])
    statement = stack.api.call(stack.admin, "GET", f"/api/v1/debtors/{d['id']}/statement").body
    marks = {line["number"]: line["prescribed"] for line in statement["lines"]}
    assert marks == {"NF-1": False, "OLD-1": True}
    offers = stack.api.call(
        stack.admin, "POST", f"/api/v1/debtors/{d['id']}/offers", {"title_ids": [old["id"]]}
    )
    assert offers.status == 422
    assert "prescrito" in offers.body["errors"][0]["reason"]
    fine = stack.api.call(
        stack.admin, "POST", f"/api/v1/debtors/{d['id']}/offers", {"title_ids": [title["id"]]}
    )
    assert fine.status == 200


def test_five_years_to_the_day_is_not_yet_prescribed(stack: Stack, dated):
    cred, d, _ = setup(stack)
    edge = old_title(stack, d["id"], cred["id"], due="2021-04-09")
    r = stack.api.call(stack.admin, "POST", f"/api/v1/debtors/{d['id']}/offers", {"title_ids": [edge["id"]]})
    assert r.status == 200


def test_the_portal_never_shows_a_prescribed_title(stack: Stack, dated, monkeypatch):
    from cobranca import bootstrap
    from cobranca.services.portal import DebtorSession

    cred, d, _ = setup(stack)
    old_title(stack, d["id"], cred["id"])
    shown = bootstrap.services().portal.titles(DebtorSession("demo", d["id"]))
    assert [line.number for line in shown.lines] == ["NF-1"]


def test_the_ruler_never_contacts_for_a_prescribed_title():
    from datetime import date
    from decimal import Decimal

    from cobranca.domain.channels import Channel
    from cobranca.domain.rulers import AppliesTo, DueItem, Ruler, RulerScope, RulerStep, plan_actions

    # no step reaches that far today (offsets stop at 365 days, batches at 1825): the rule holds anyway
    step = RulerStep.model_construct(offset_days=1830, channel=Channel.CALL_TASK)
    ruler = Ruler(
        id="r", name="r", active=True, scope=RulerScope(), steps=[step], created_at="", updated_at=""
    )

    def item(due: date) -> DueItem:
        return DueItem(AppliesTo.TITLES, "t", "d", "c", Decimal(10), due, None, None)

    run = date(2026, 4, 5)
    assert plan_actions("demo", run, [(ruler, step)], [item(date(2021, 4, 1))]) == []  # prescribed
    assert len(plan_actions("demo", run, [(ruler, step)], [item(date(2021, 4, 5))])) == 1  # not yet


def test_the_import_accepts_a_prescribed_title_with_a_warning(stack: Stack, dated):
    creditor(stack)
    csv = (
        b"document,name,creditor,title_number,amount,due_date\n"
        b"529.982.247-25,Jose,ACME,T-1,10.00,2020-01-10\n"
    )
    r = post_csv(stack, csv)
    run_worker(stack)
    report = stack.api.call(stack.admin, "GET", f"/api/v1/imports/{r.body['id']}").body
    assert report["job"]["counts"]["titles_created"] == 1
    assert [(w["field"], "prescrito" in w["reason"]) for w in report["warnings"]] == [("due_date", True)]


def test_missing_index_months_are_named_on_the_statement_and_the_offers(stack: Stack, dated):
    _, d, title = setup(stack)  # IPCA known for 2026-01..03; the title is due 2026-01-10
    r = stack.api.call(stack.admin, "PUT", "/api/v1/indices/IPCA", {"2025-12": "0.3"})
    assert r.status == 200
    statement = stack.api.call(stack.admin, "GET", f"/api/v1/debtors/{d['id']}/statement").body
    assert statement["warnings"] == []
    later = stack.api.call(
        stack.admin, "GET", f"/api/v1/debtors/{d['id']}/statement", query={"date": "2026-06-01"}
    ).body
    assert later["warnings"] == [
        "Índice IPCA sem os meses abril de 2026, maio de 2026: a correção desses meses foi considerada 0%."
    ]
    offers = stack.api.call(
        stack.admin,
        "POST",
        f"/api/v1/debtors/{d['id']}/offers",
        {"title_ids": [title["id"]], "date": "2026-06-01", "first_due_date": "2026-06-05"},
    ).body
    assert offers["warnings"] == later["warnings"]


def test_health_tells_an_admin_which_index_series_went_stale(stack: Stack, dated):
    setup(stack)  # IPCA up to 2026-03 (fresh on 2026-04-09); INPC and IGPM: nothing
    admin = stack.api.call(stack.admin, "GET", "/health").body
    stale = {i["name"]: (i["last_month"], i["stale"]) for i in admin["indices"]}
    assert stale == {"IPCA": ("2026-03", False), "INPC": (None, True), "IGPM": (None, True)}
    assert admin["status"] == "degraded"
    assert stack.api.call(stack.operator, "GET", "/health").body == {"status": "ok", "indices": None}


def test_an_agreement_computed_with_missing_months_says_so_in_its_termo(stack: Stack, monkeypatch):
    import io

    from pypdf import PdfReader

    from cobranca import bootstrap

    CLOCK.pin("2026-06-01T12:00:00-03:00")  # April and May are not in the series
    _, d, title = setup(stack)
    r = close(stack, d, title, "key-termo-1", offer_code="AV", first_due_date="2026-06-05")
    assert r.status == 201, r.body
    assert r.body["warnings"] == [
        "Índice IPCA sem os meses abril de 2026, maio de 2026: a correção desses meses foi considerada 0%."
    ]
    services = bootstrap.services()
    agreement = services.agreements.agreements.get("demo", r.body["id"])
    pdf = services.terms.render_term("demo", agreement)
    text = " ".join((page.extract_text() or "") for page in PdfReader(io.BytesIO(pdf)).pages)
    assert "abril de 2026, maio de 2026" in " ".join(text.split())


def test_an_index_series_is_bounded_to_a_century_of_months_from_1944(stack: Stack):
    """36,000 months once made a 500 (an item over DynamoDB's 400 KB): a clear 422 now."""
    huge = {f"{1000 + n // 12:04d}-{n % 12 + 1:02d}": "0.1" for n in range(36_000)}
    r = stack.api.call(stack.admin, "PUT", "/api/v1/indices/IPCA", huge)
    assert (r.status, r.body["errors"][0]["field"]) == (422, "values")
    assert "1200 meses" in r.body["errors"][0]["reason"]
    old = stack.api.call(stack.admin, "PUT", "/api/v1/indices/IPCA", {"1900-01": "0.1"})
    assert (old.status, old.body["errors"][0]["field"]) == (422, "1900-01")
    century = {f"{1950 + n // 12}-{n % 12 + 1:02d}": "0.1" for n in range(1200)}
    assert stack.api.call(stack.admin, "PUT", "/api/v1/indices/IPCA", century).status == 200
    one_more = stack.api.call(stack.admin, "PUT", "/api/v1/indices/IPCA", {"2050-01": "0.1"})
    assert one_more.status == 422  # counted with what is stored
    assert stack.api.call(stack.admin, "PUT", "/api/v1/indices/IPCA", {"1950-01": "0.2"}).status == 200
