"""The newcomer's path through `make dev`, over HTTP: login, create, list, import, isolation, hours."""

from __future__ import annotations

import time

import httpx
import pytest

from infra.template import ROOT

pytestmark = [pytest.mark.e2e, pytest.mark.xdist_group("local-stack")]


def test_seeded_portfolio_and_logins(base_url: str, login):
    seeded = httpx.get(f"{base_url}/local/health").json()["seeded"]
    assert seeded["debtors"] >= 300
    assert seeded["titles"] >= 600
    for user in ("admin@demo.local", "supervisor@demo.local", "operador@demo.local", "admin@outra.local"):
        me = httpx.get(f"{base_url}/api/v1/me", headers=login(user)).json()
        assert me["email"] == user


def test_links_in_messages_point_at_this_stacks_address(base_url: str, login):
    """The stack runs on a free port here: a link to port 8000 would be dead."""
    settings = httpx.get(f"{base_url}/api/v1/sending-settings", headers=login("admin@demo.local")).json()
    assert settings["negocia_url"] == f"{base_url}/negocia/demo"


def test_wrong_password_and_missing_or_forged_tokens_are_refused(base_url: str):
    r = httpx.post(f"{base_url}/local/token", json={"username": "admin@demo.local", "password": "errada"})
    assert r.status_code == 401
    assert httpx.get(f"{base_url}/api/v1/debtors").status_code == 401
    forged = {"Authorization": "Bearer eyJhbGciOiJub25lIn0.eyJjdXN0b206dGVuYW50IjoiZGVtbyJ9."}
    assert httpx.get(f"{base_url}/api/v1/debtors", headers=forged).status_code == 401


def test_create_then_find_by_name_and_document(base_url: str, login):
    headers = login("supervisor@demo.local")
    body = {"document": "12.ABC.345/01DE-35", "name": "Zélia Comércio Ltda", "uf": "RJ"}
    created = httpx.post(f"{base_url}/api/v1/debtors", json=body, headers=headers)
    assert created.status_code == 201, created.text
    found = httpx.get(f"{base_url}/api/v1/debtors", params={"q": "zelia"}, headers=headers).json()["items"]
    assert [d["id"] for d in found] == [created.json()["id"]]
    by_doc = httpx.get(f"{base_url}/api/v1/debtors/by-document/12abc34501de35", headers=headers)
    assert by_doc.json()["name"] == "Zélia Comércio Ltda"


def test_list_pages_through_the_whole_portfolio(base_url: str, login):
    headers, seen, cursor = login("admin@demo.local"), set(), None
    while True:
        params = {"limit": "200", **({"cursor": cursor} if cursor else {})}
        page = httpx.get(f"{base_url}/api/v1/debtors", params=params, headers=headers).json()
        seen |= {d["id"] for d in page["items"]}
        cursor = page["next_cursor"]
        if not cursor:
            break
    assert len(seen) >= 320


def test_import_with_bad_rows_reports_exactly_which_and_why(base_url: str, login):
    headers = {**login("admin@demo.local"), "Content-Type": "text/csv"}
    content = (ROOT / "examples" / "import-with-errors.csv").read_bytes()
    started = httpx.post(f"{base_url}/api/v1/imports", content=content, headers=headers)
    assert started.status_code == 202, started.text
    report = {}
    for _ in range(60):
        report = httpx.get(f"{base_url}/api/v1/imports/{started.json()['id']}", headers=headers).json()
        if report["job"]["status"] in ("done", "failed"):
            break
        time.sleep(0.5)
    assert report["job"]["status"] == "done"
    assert report["job"]["counts"]["titles_created"] == 4
    assert [(r["row"], r["field"]) for r in report["rejected_rows"]] == [
        (6, "document"),
        (7, "amount"),
        (8, "creditor"),
        (8, "due_date"),
        (9, "title_number"),
    ]


def test_outra_cannot_see_demo_data(base_url: str, login):
    demo = httpx.get(f"{base_url}/api/v1/debtors", params={"limit": "1"}, headers=login("admin@demo.local"))
    debtor = demo.json()["items"][0]
    outra = login("admin@outra.local")
    assert httpx.get(f"{base_url}/api/v1/debtors/{debtor['id']}", headers=outra).status_code == 404
    assert httpx.get(f"{base_url}/api/v1/debtors/{debtor['id']}/history", headers=outra).status_code == 404
    by_doc = httpx.get(f"{base_url}/api/v1/debtors/by-document/{debtor['document']}", headers=outra)
    assert by_doc.status_code == 404
    assert httpx.get(f"{base_url}/api/v1/debtors", headers=outra).json()["items"] == []


def test_access_outside_the_users_hours_is_denied(base_url: str, login):
    admin, operator = login("admin@demo.local"), login("operador@demo.local")
    me = httpx.get(f"{base_url}/api/v1/me", headers=operator).json()
    closed = [{"weekdays": [7], "start": "00:00", "end": "00:01"}]
    r = httpx.patch(f"{base_url}/api/v1/users/{me['user_id']}", json={"access_ranges": closed}, headers=admin)
    assert r.status_code == 200, r.text
    try:
        denied = httpx.get(f"{base_url}/api/v1/debtors", headers=operator)
        assert denied.status_code == 403
        assert "fora do horário permitido" in denied.json()["message"]
    finally:
        httpx.patch(f"{base_url}/api/v1/users/{me['user_id']}", json={"access_ranges": []}, headers=admin)
    assert httpx.get(f"{base_url}/api/v1/debtors", headers=operator).status_code == 200


def test_a_batch_action_is_planned_by_the_ruler_function_from_its_queue(base_url: str, login):
    headers = login("admin@demo.local")
    sms = next(
        t
        for t in httpx.get(f"{base_url}/api/v1/templates", headers=headers).json()["items"]
        if t["channel"] == "sms"
    )
    body = {"channel": "sms", "template_id": sms["id"], "filter": {"days_late": {"min": 1, "max": 365}}}
    preview = httpx.post(
        f"{base_url}/api/v1/actions/batch", json={**body, "dry_run": True}, headers=headers, timeout=90
    )
    assert preview.status_code == 200, preview.text
    assert preview.json()["actions"] > 0
    key = {**headers, "Idempotency-Key": f"e2e-batch-{time.time_ns()}"}
    accepted = httpx.post(f"{base_url}/api/v1/actions/batch", json=body, headers=key, timeout=90)
    assert accepted.status_code == 202, accepted.text
    batch = accepted.json()
    # the BatchQueue poller invokes BatchPlanFunction, as Lambda's event source mapping (about 5 s alone;
    # a minute allows for a busy CI machine)
    for _ in range(300):
        batch = httpx.get(f"{base_url}/api/v1/actions/batch/{batch['id']}", headers=headers).json()
        if batch["status"] == "queued":
            break
        time.sleep(0.2)
    assert batch["status"] == "queued"
    assert batch["actions"] == preview.json()["actions"]


def test_the_consoles_login_is_on_the_stacks_origin_while_moto_refuses_preflights(base_url: str):
    """The browser tests' stack runs with moto's preflight broken on purpose (tests/e2e/
    moto_without_preflight.py): the console's login endpoint still answers the browser."""
    from infra.local.cognito_proxy import answers_a_preflight
    from tests.e2e.conftest import MOTO

    refused = answers_a_preflight(f"{MOTO[base_url]}/", base_url)
    assert refused is not None
    assert "HTTP 500" in refused  # the premise: moto itself refuses
    config = httpx.get(f"{base_url}/app/config.json").json()
    endpoint = config["cognito"]["endpoint"]
    assert endpoint == f"{base_url}/local/cognito-idp/"
    assert answers_a_preflight(endpoint, base_url) is None
    csp = httpx.get(f"{base_url}/app/").headers["Content-Security-Policy"]
    assert f"connect-src 'self' {endpoint};" in csp


def test_an_erp_client_settles_a_title_with_the_client_credentials_grant(base_url: str, login):
    """Configurações → Credenciais do ERP, then what the ERP does: trade its id and secret for an access
    token at the pool domain's /oauth2/token and tell the API a title was paid at the source."""
    from cobranca.domain.documents import cpf_check_digits

    admin = login("admin@demo.local")
    creditor = httpx.get(f"{base_url}/api/v1/creditors", headers=admin).json()["items"][0]
    document = "390533447" + cpf_check_digits("390533447")
    debtor = httpx.post(
        f"{base_url}/api/v1/debtors",
        json={"document": document, "name": "Teste ERP", "uf": "SP"},
        headers=admin,
    ).json()
    title = {
        "creditor_id": creditor["id"],
        "number": "ERP-E2E-1",
        "original_amount": "80.00",
        "due_date": "2026-01-10",
    }
    assert httpx.post(
        f"{base_url}/api/v1/debtors/{debtor['id']}/titles", json=title, headers=admin
    ).is_success
    made = httpx.post(f"{base_url}/api/v1/erp-clients", json={"name": "Bling"}, headers=admin)
    assert made.status_code == 201, made.text
    client = made.json()
    assert client["token_url"] == f"{base_url}/oauth2/token"

    granted = httpx.post(
        client["token_url"],
        data={"grant_type": "client_credentials", "scope": client["scope"]},
        auth=(client["client_id"], client["client_secret"]),
    )
    assert granted.status_code == 200, granted.text
    machine = {"Authorization": f"Bearer {granted.json()['access_token']}"}
    settle = f"{base_url}/api/v1/erp/titles/ERP-E2E-1/settle"
    paid = httpx.post(settle, json={"reason": "baixa no ERP"}, headers=machine)
    assert (paid.status_code, paid.json()["status"]) == (200, "paid"), paid.text
    titles = httpx.get(f"{base_url}/api/v1/debtors/{debtor['id']}/titles", headers=admin).json()["items"]
    assert [t["status"] for t in titles] == ["paid"]
    hist = httpx.get(f"{base_url}/api/v1/debtors/{debtor['id']}/history", headers=admin).json()["items"]
    assert any(h["actor"] == "erp:Bling" and h["action"] == "title.source" for h in hist)

    # each token reaches only its routes: the gateway's JWT authorizer, then the ERP authorizer
    assert httpx.get(f"{base_url}/api/v1/debtors", headers=machine).status_code == 401
    assert httpx.post(settle, json={"reason": ""}, headers=admin).status_code == 403
    assert httpx.post(settle, json={"reason": ""}).status_code == 401
    wrong = httpx.post(
        client["token_url"], data={"grant_type": "client_credentials"}, auth=(client["client_id"], "errado")
    )
    assert (wrong.status_code, wrong.json()) == (401, {"error": "invalid_client"})

    revoked = httpx.delete(f"{base_url}/api/v1/erp-clients/{client['client_id']}", headers=admin)
    assert revoked.json()["active"] is False
    again = httpx.post(
        client["token_url"],
        data={"grant_type": "client_credentials"},
        auth=(client["client_id"], client["client_secret"]),
    )
    assert again.status_code == 401
