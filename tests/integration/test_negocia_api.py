"""Negocia Online API: one-time code by e-mail, lock-out, a session bound to tenant + debtor, and the
debtor closing their own agreement."""

from __future__ import annotations

import re

import pytest
from moto.core import DEFAULT_ACCOUNT_ID
from moto.ses.models import ses_backends

from cobranca import bootstrap
from cobranca.domain.portfolio import Service, Tenant
from tests.integration.conftest import Stack
from tests.integration.test_negotiation_api import setup

CPF = "529.982.247-25"


@pytest.fixture
def portal(stack: Stack, monkeypatch: pytest.MonkeyPatch):
    monkeypatch.setenv("COBRANCA_NOW", "2026-04-09T12:00:00-03:00")
    bootstrap.services().portfolio.repo.put_tenant(
        Tenant(slug="demo", name="Demo", services=[Service.NEGOCIA_ONLINE])
    )
    _, d, title = setup(stack)
    stack.api.call(
        stack.admin,
        "POST",
        f"/api/v1/debtors/{d['id']}/contacts",
        {"kind": "email", "value": "jose@example.com"},
    )
    return d, title


def last_code() -> str:
    mail = ses_backends[DEFAULT_ACCOUNT_ID]["us-east-1"].sent_messages[-1].raw_data
    found = re.search(r"c=C3=B3digo de acesso =C3=A9 (\d{6})|código de acesso é (\d{6})", mail)
    assert found, mail
    return found.group(1) or found.group(2)


def identify(stack: Stack) -> dict[str, str]:
    assert stack.negocia.call(None, "POST", "/negocia/api/demo/code", {"document": CPF}).status == 202
    r = stack.negocia.call(None, "POST", "/negocia/api/demo/session", {"document": CPF, "code": last_code()})
    assert r.status == 200, r.body
    return {"authorization": f"Bearer {r.body['token']}"}


def test_unknown_and_known_documents_get_the_same_answer(stack: Stack, portal):
    known = stack.negocia.call(None, "POST", "/negocia/api/demo/code", {"document": CPF})
    unknown = stack.negocia.call(None, "POST", "/negocia/api/demo/code", {"document": "111.444.777-35"})
    assert (known.status, known.body) == (unknown.status, unknown.body)
    assert known.status == 202
    assert len(ses_backends[DEFAULT_ACCOUNT_ID]["us-east-1"].sent_messages) == 1  # only the real debtor


def test_a_code_works_once_and_a_wrong_code_is_refused(stack: Stack, portal):
    stack.negocia.call(None, "POST", "/negocia/api/demo/code", {"document": CPF})
    code = last_code()
    wrong = "000000" if code != "000000" else "111111"
    bad = stack.negocia.call(None, "POST", "/negocia/api/demo/session", {"document": CPF, "code": wrong})
    assert (bad.status, bad.body["message"]) == (401, "código inválido ou expirado")
    ok = stack.negocia.call(None, "POST", "/negocia/api/demo/session", {"document": CPF, "code": code})
    assert ok.status == 200
    again = stack.negocia.call(None, "POST", "/negocia/api/demo/session", {"document": CPF, "code": code})
    assert again.status == 401


def test_five_failures_lock_the_document_even_for_the_right_code(stack: Stack, portal):
    stack.negocia.call(None, "POST", "/negocia/api/demo/code", {"document": CPF})
    code = last_code()
    wrong = "000000" if code != "000000" else "111111"
    for _ in range(5):
        assert (
            stack.negocia.call(
                None, "POST", "/negocia/api/demo/session", {"document": CPF, "code": wrong}
            ).status
            == 401
        )
    locked = stack.negocia.call(None, "POST", "/negocia/api/demo/session", {"document": CPF, "code": code})
    assert locked.status == 429
    assert "aguarde 15 minutos" in locked.body["message"]


def test_the_debtor_sees_titles_simulates_and_closes_their_agreement(stack: Stack, portal):
    d, title = portal
    headers = identify(stack)
    titles = stack.negocia.call(None, "GET", "/negocia/api/titles", headers=headers)
    assert titles.status == 200
    assert titles.body["lines"][0]["total"] == "1168.54"
    offers = stack.negocia.call(
        None,
        "POST",
        "/negocia/api/offers",
        {"title_ids": [title["id"]], "first_due_date": "2026-04-15"},
        headers=headers,
    )
    assert {o["code"] for o in offers.body["offers"]} == {"AV", "3X"}
    body = {
        "title_ids": [title["id"]],
        "offer_code": "AV",
        "payment_method": "pix",
        "first_due_date": "2026-04-15",
        "email": "jose@example.com",
    }
    closed = stack.negocia.call(
        None,
        "POST",
        "/negocia/api/agreements",
        body,
        headers={**headers, "idempotency-key": "portal-key-0001"},
    )
    assert closed.status == 201, closed.body
    assert closed.body["debtor_id"] == d["id"]
    assert closed.body["total"] == "989.10"
    term = stack.negocia.call(
        None, "GET", f"/negocia/api/agreements/{closed.body['id']}/term.pdf", headers=headers
    )
    assert term.status == 302


def test_a_session_only_reaches_its_own_debtor_and_tenant(stack: Stack, portal):
    assert stack.negocia.call(None, "GET", "/negocia/api/titles").status == 401
    assert (
        stack.negocia.call(
            None, "GET", "/negocia/api/titles", headers={"authorization": "Bearer forged"}
        ).status
        == 401
    )
    headers = identify(stack)
    other_tenant = stack.negocia.call(None, "POST", "/negocia/api/outra/code", {"document": CPF})
    assert other_tenant.status == 404  # outra has not contracted Negocia Online
    missing = stack.negocia.call(
        None, "GET", "/negocia/api/agreements/someone-else/term.pdf", headers=headers
    )
    assert missing.status == 404


def test_the_sample_event_requests_a_code(stack: Stack, portal):
    import json

    from tests.integration.conftest import EVENTS, LambdaContext

    event = json.loads((EVENTS / "negocia_post_code.json").read_text())
    result = stack.negocia.handler.lambda_handler(event, LambdaContext())
    assert result["statusCode"] == 202
    assert "código de 6 dígitos" in json.loads(result["body"])["message"]
