"""Negocia Online API: one-time code by e-mail, lock-out, a session bound to tenant + debtor, and the
debtor closing their own agreement."""

from __future__ import annotations

import io
import re
import threading
from decimal import Decimal

import pytest
from moto.core import DEFAULT_ACCOUNT_ID
from moto.ses.models import ses_backends
from pypdf import PdfReader

from cobranca import bootstrap
from cobranca.domain.dates import CLOCK
from cobranca.domain.errors import TooManyRequests, Unauthorized
from cobranca.domain.portfolio import Service, Tenant
from cobranca.schemas.portal import CodeIn, SessionIn
from tests.fakes import a_cpf
from tests.integration.conftest import Stack
from tests.integration.test_negotiation_api import POLICY, setup

CPF = "529.982.247-25"


SETUP_DAY = "2026-04-07T12:00:00-03:00"  # contacts exist for more than a day when the debtor logs in
TODAY = "2026-04-09T12:00:00-03:00"


@pytest.fixture
def portal(stack: Stack, monkeypatch: pytest.MonkeyPatch):
    CLOCK.pin(SETUP_DAY)
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
    CLOCK.pin(TODAY)
    return d, title


def sent_mail() -> list:
    return list(ses_backends[DEFAULT_ACCOUNT_ID]["us-east-1"].sent_messages)


def last_code() -> str:
    mail = sent_mail()[-1].raw_data
    found = re.search(r"c=C3=B3digo de acesso =C3=A9 (\d{6})|código de acesso é (\d{6})", mail)
    assert found, mail
    return found.group(1) or found.group(2)


def request_code(stack: Stack, document: str = CPF, ip: str | None = None):
    r = stack.negocia.call(None, "POST", "/negocia/api/demo/code", {"document": document}, source_ip=ip)
    stack.send_login_codes()
    return r


def identify(stack: Stack) -> dict[str, str]:
    assert request_code(stack).status == 202
    r = stack.negocia.call(None, "POST", "/negocia/api/demo/session", {"document": CPF, "code": last_code()})
    assert r.status == 200, r.body
    return {"authorization": f"Bearer {r.body['token']}"}


def test_unknown_and_known_documents_get_the_same_answer(stack: Stack, portal):
    known = request_code(stack)
    unknown = request_code(stack, "111.444.777-35")
    assert (known.status, known.body) == (unknown.status, unknown.body)
    assert known.status == 202
    assert len(sent_mail()) == 1  # only the real debtor


def test_a_personal_link_fills_the_document_in_masked_and_logs_no_one_in(stack: Stack, portal):
    d, _ = portal
    shown = stack.negocia.call(None, "GET", f"/negocia/api/demo/link/{d['id']}")
    assert (shown.status, shown.body) == (200, {"document_masked": "***.982.247-**"})
    assert stack.negocia.call(None, "GET", "/negocia/api/demo/link/" + "0" * 28).status == 404
    link = {"link": d["id"]}
    guessed = stack.negocia.call(None, "POST", "/negocia/api/demo/session", {**link, "code": "123456"})
    assert guessed.status == 401  # the link alone opens nothing
    r = stack.negocia.call(None, "POST", "/negocia/api/demo/code", link)
    stack.send_login_codes()
    assert r.status == 202
    assert len(sent_mail()) == 1
    ok = stack.negocia.call(None, "POST", "/negocia/api/demo/session", {**link, "code": last_code()})
    assert ok.status == 200
    nobody = stack.negocia.call(None, "POST", "/negocia/api/demo/code", {"link": "0" * 28})
    stack.send_login_codes()
    assert (nobody.status, nobody.body) == (r.status, r.body)
    assert len(sent_mail()) == 1
    both = stack.negocia.call(None, "POST", "/negocia/api/demo/code", {**link, "document": CPF})
    assert both.status == 422
    assert both.body["errors"][0]["field"] == "document"


def test_a_code_works_once_and_a_wrong_code_is_refused(stack: Stack, portal):
    request_code(stack)
    code = last_code()
    wrong = "000000" if code != "000000" else "111111"
    bad = stack.negocia.call(None, "POST", "/negocia/api/demo/session", {"document": CPF, "code": wrong})
    assert (bad.status, bad.body["message"]) == (401, "código inválido ou expirado")
    ok = stack.negocia.call(None, "POST", "/negocia/api/demo/session", {"document": CPF, "code": code})
    assert ok.status == 200
    again = stack.negocia.call(None, "POST", "/negocia/api/demo/session", {"document": CPF, "code": code})
    assert again.status == 401


def test_five_failures_lock_the_document_even_for_the_right_code(stack: Stack, portal):
    request_code(stack)
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
    assert offers.body["margin"] is None  # what operators may add is not the debtor's to see
    body = {
        "title_ids": [title["id"]],
        "offer_code": "AV",
        "payment_method": "pix",
        "first_due_date": "2026-04-15",
        "email": "jose@example.com",
    }
    widened = {**body, "extra_discount_percent": "5"}
    refused = stack.negocia.call(
        None,
        "POST",
        "/negocia/api/agreements",
        widened,
        headers={**headers, "idempotency-key": "portal-key-0000"},
    )
    assert refused.status == 422  # the portal has no margin to give
    unread = stack.negocia.call(
        None, "POST", "/negocia/api/agreements", body, headers={**headers, "idempotency-key": "portal-key-x"}
    )
    assert (unread.status, unread.body["errors"][0]["field"]) == (422, "accepted_term_sha256")
    preview = stack.negocia.call(None, "POST", "/negocia/api/term-preview", body, headers=headers).body
    assert "TERMO DE ACORDO" in preview["text"]
    assert "(a atribuir na confirmação)" in preview["text"]  # no number is taken by reading it
    assert "989,10" in preview["text"]
    other = {**body, "accepted_term_sha256": "0" * 64}
    changed = stack.negocia.call(
        None, "POST", "/negocia/api/agreements", other, headers={**headers, "idempotency-key": "portal-key-y"}
    )
    assert changed.status == 409  # not the termo this agreement makes
    closed = stack.negocia.call(
        None,
        "POST",
        "/negocia/api/agreements",
        {**body, "accepted_term_sha256": preview["sha256"]},
        headers={**headers, "idempotency-key": "portal-key-0001", "user-agent": "Mozilla/5.0 (Teste)"},
        source_ip="198.51.100.7",
    )
    assert closed.status == 201, closed.body
    acceptance = closed.body["acceptance"]
    assert (acceptance["ip"], acceptance["user_agent"]) == ("198.51.100.7", "Mozilla/5.0 (Teste)")
    assert acceptance["text_sha256"] == preview["sha256"]
    assert acceptance["channel"] == "Negocia Online"
    pdf = bootstrap.services().terms.render_term(
        "demo", bootstrap.services().agreements.agreements.get("demo", closed.body["id"])
    )
    words = " ".join(p.extract_text() for p in PdfReader(io.BytesIO(pdf)).pages)
    assert "ACEITE ELETRÔNICO" in words
    assert "Negocia Online, pelo próprio devedor" in " ".join(words.split())
    assert "198.51.100.7" in words
    assert preview["sha256"][:32] in words.replace("\n", "")
    code = closed.body["verification_code"]
    assert re.fullmatch(r"[0-9A-F]{4}(-[0-9A-F]{4}){3}", code)
    assert f"CÓDIGO DE VERIFICAÇÃO: {code}" in words
    assert "Confira a autenticidade com a empresa de cobrança" in " ".join(words.split())  # no portal URL
    portal_url = {"negocia_url": "https://cobranca.example/negocia/demo"}
    assert stack.api.call(stack.admin, "PUT", "/api/v1/sending-settings", portal_url).status == 200
    again = bootstrap.services().terms.render_term(
        "demo", bootstrap.services().agreements.agreements.get("demo", closed.body["id"])
    )
    words = "".join(p.extract_text() for p in PdfReader(io.BytesIO(again)).pages).replace("\n", "")
    assert f"https://cobranca.example/verificar/{code}" in words
    typed = code.replace("-", "").lower()  # as someone types it from the paper
    page = stack.negocia.call(None, "GET", f"/verificar/{typed}")
    assert page.status == 200
    assert "Termo de acordo autêntico" in page.body
    assert closed.body["number"] in page.body
    assert "José da Silva" in page.body
    assert "***.982.247-**" in page.body  # the document masked
    assert "R$" not in page.body
    assert "989" not in page.body
    assert "aceite eletrônico" in page.body
    assert "default-src 'none'" in stack.negocia.last_raw["headers"]["Content-Security-Policy"]
    unknown = stack.negocia.call(None, "GET", "/verificar/0000-0000-0000-0000")
    assert (unknown.status, "Código não encontrado" in unknown.body) == (404, True)
    assert stack.negocia.call(None, "GET", "/verificar/not-a-code").status == 404
    assert closed.body["debtor_id"] == d["id"]
    assert closed.body["total"] == "989.10"
    term = stack.negocia.call(
        None, "GET", f"/negocia/api/agreements/{closed.body['id']}/term.pdf", headers=headers
    )
    assert term.status == 302


def test_offers_show_the_discount_the_cet_and_the_dates_the_policy_allows(stack: Stack, portal):
    _, title = portal
    headers = identify(stack)
    offers = stack.negocia.call(
        None, "POST", "/negocia/api/offers", {"title_ids": [title["id"]]}, headers=headers
    ).body
    assert (offers["first_due_min"], offers["first_due_max"]) == ("2026-04-09", "2026-04-19")  # 10 days
    by_code = {o["code"]: o for o in offers["offers"]}
    cash = by_code["AV"]
    assert Decimal(cash["owed"]) == Decimal("1168.54")  # what the title owes today
    assert Decimal(cash["owed"]) - Decimal(cash["discount"]) == Decimal(cash["discounted"])
    assert Decimal(cash["discount"]) > 0
    assert Decimal(cash["discount_percent"]) == round(
        Decimal(cash["discount"]) * 100 / Decimal(cash["owed"]), 2
    )
    assert cash["cet_month_percent"] is None  # one payment: nothing financed
    parcels = by_code["3X"]
    assert parcels["cet_month_percent"] is not None
    assert Decimal(parcels["cet_year_percent"]) >= Decimal(parcels["cet_month_percent"])
    late = stack.negocia.call(
        None,
        "POST",
        "/negocia/api/offers",
        {"title_ids": [title["id"]], "first_due_date": "2026-04-20"},
        headers=headers,
    )
    assert (late.status, late.body["errors"][0]["field"]) == (422, "first_due_date")  # refused at offers


def test_the_debtor_alone_gets_the_portal_offers_not_the_operators(stack: Stack, portal):
    d, title = portal
    creditor_id = title["creditor_id"]
    rules = [
        {"code": "AV", "name": "À vista", "installments": 0},
        {"code": "SO-OPER", "name": "Só com o operador", "installments": 0, "scope": "operator"},
        {"code": "SO-PORTAL", "name": "Só no portal", "installments": 0, "scope": "self_service"},
        {"code": "ACABOU", "name": "Campanha de março", "installments": 0, "valid_until": "2026-03-31"},
    ]
    policy = {"policy": {**POLICY, "offers": rules}}
    assert stack.api.call(stack.admin, "PATCH", f"/api/v1/creditors/{creditor_id}", policy).status == 200
    headers = identify(stack)
    mine = stack.negocia.call(
        None, "POST", "/negocia/api/offers", {"title_ids": [title["id"]]}, headers=headers
    )
    assert [o["code"] for o in mine.body["offers"]] == ["AV", "SO-PORTAL"]
    body = {"title_ids": [title["id"]]}
    theirs = stack.api.call(stack.operator, "POST", f"/api/v1/debtors/{d['id']}/offers", body)
    assert [o["code"] for o in theirs.body["offers"]] == ["AV", "SO-OPER"]
    agreement = {"title_ids": [title["id"]], "offer_code": "SO-OPER", "payment_method": "boleto"}
    agreement |= {"first_due_date": "2026-04-10", "email": "jose@example.com"}
    preview = stack.negocia.call(None, "POST", "/negocia/api/term-preview", agreement, headers=headers)
    assert (preview.status, preview.body["errors"][0]["field"]) == (422, "offer_code")


def test_my_agreements_lists_each_installment_with_its_state_after_closing(stack: Stack, portal):
    _, title = portal
    headers = identify(stack)
    assert stack.negocia.call(None, "GET", "/negocia/api/agreements", headers=headers).body["items"] == []
    body = {
        "title_ids": [title["id"]],
        "offer_code": "3X",
        "payment_method": "boleto",
        "first_due_date": "2026-04-15",
        "email": "jose@example.com",
    }
    sha = stack.negocia.call(None, "POST", "/negocia/api/term-preview", body, headers=headers).body["sha256"]
    closed = stack.negocia.call(
        None,
        "POST",
        "/negocia/api/agreements",
        {**body, "accepted_term_sha256": sha},
        headers={**headers, "idempotency-key": "portal-mine-1"},
    ).body
    mine = stack.negocia.call(None, "GET", "/negocia/api/agreements", headers=headers).body["items"]
    [a] = mine
    assert (a["id"], a["number"], a["status"], a["payment_method"]) == (
        closed["id"],
        closed["number"],
        "active",
        "boleto",
    )
    assert a["creditor_name"]
    assert [p["number"] for p in a["installments"]] == [i["number"] for i in closed["installments"]]
    assert {p["charge"] for p in a["installments"]} == {"none"}  # the creditor charges through no portador
    assert {str(p["instructions"]) for p in a["installments"]} == {"None"}  # and it has no instructions yet
    titles = stack.negocia.call(None, "GET", "/negocia/api/titles", headers=headers).body
    assert titles["lines"] == []  # in the agreement now: the agreements are what the debtor comes back to

    # with the creditor's instructions, the debtor reads how to pay: the key, the amount, the number
    creditor = stack.api.call(stack.admin, "GET", "/api/v1/creditors").body["items"][0]
    pix = {"payment_instructions": {"pix_key": "cobranca@acme.example", "holder": "Acme Ltda"}}
    assert stack.api.call(stack.admin, "PATCH", f"/api/v1/creditors/{creditor['id']}", pix).status == 200
    first = stack.negocia.call(
        None, "GET", f"/negocia/api/agreements/{a['id']}/payment", headers=headers
    ).body
    assert first["charge"] == "none"
    assert first["instructions"][0].startswith("Pague R$")
    assert first["instructions"][0].endswith(f"referente ao acordo {a['number']}:")
    assert "PIX — chave cobranca@acme.example (Acme Ltda)" in first["instructions"]


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


# ---------------------------------------------------------------- lockout under concurrency
class CountingStore:
    """The real store (moto), counting how many times a stored code is looked at (= a code checked)."""

    def __init__(self, inner) -> None:
        self.inner = inner
        self.checked = 0
        self.lock = threading.Lock()

    def get_code(self, tenant: str, document: str):
        with self.lock:
            self.checked += 1
        return self.inner.get_code(tenant, document)

    def __getattr__(self, name: str):
        return getattr(self.inner, name)


def attack(
    stack: Stack, attempts: list[tuple[str, str]], monkeypatch: pytest.MonkeyPatch
) -> tuple[int, list[int]]:
    """Sends every (document, ip) attempt with a wrong code at once, from one thread each."""
    service = bootstrap.services().portal
    store = CountingStore(service.store)
    monkeypatch.setattr(service, "store", store)
    barrier = threading.Barrier(len(attempts))
    statuses: list[int] = []

    def one(document: str, ip: str) -> None:
        barrier.wait()
        try:
            service.open_session("demo", SessionIn(document=document, code="000000"), ip)
            statuses.append(200)
        except TooManyRequests:
            statuses.append(429)
        except Unauthorized:
            statuses.append(401)

    threads = [threading.Thread(target=one, args=a) for a in attempts]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    return store.checked, statuses


def test_simultaneous_codes_for_one_document_check_at_most_five(stack: Stack, portal, monkeypatch):
    checked, statuses = attack(stack, [(CPF, f"198.51.100.{i}") for i in range(25)], monkeypatch)
    assert checked <= 5
    assert statuses.count(429) >= 20
    assert 200 not in statuses


def test_simultaneous_documents_from_one_ip_check_at_most_twenty(stack: Stack, portal, monkeypatch):
    documents = [a_cpf(i) for i in range(30)]
    checked, statuses = attack(stack, [(d, "198.51.100.7") for d in documents], monkeypatch)
    assert checked <= 20
    assert statuses.count(429) >= 10


# ---------------------------------------------------------------- no enumeration by timing
class Recorder:
    """Wraps a port and writes down every call's name, in order."""

    def __init__(self, inner, calls: list[str], name: str) -> None:
        self.inner, self.calls, self.name = inner, calls, name

    def __getattr__(self, attr: str):
        target = getattr(self.inner, attr)

        def call(*args, **kwargs):
            self.calls.append(f"{self.name}.{attr}")
            return target(*args, **kwargs)

        return call


def test_known_and_unknown_documents_make_the_same_calls_before_the_answer(
    stack: Stack, portal, monkeypatch: pytest.MonkeyPatch
):
    service = bootstrap.services().portal
    store, portfolio, codes = service.store, service.portfolio, service.codes
    seen: dict[str, list[str]] = {}
    for label, document in (("known", CPF), ("unknown", "111.444.777-35")):
        calls: list[str] = []
        monkeypatch.setattr(service, "store", Recorder(store, calls, "store"))
        monkeypatch.setattr(service, "portfolio", Recorder(portfolio, calls, "portfolio"))
        monkeypatch.setattr(service, "codes", Recorder(codes, calls, "queue"))
        service.request_code("demo", CodeIn(document=document), "203.0.113.5")
        seen[label] = calls
    assert seen["known"] == seen["unknown"]
    assert "queue.send" in seen["known"]
    assert not any("debtor" in c for c in seen["known"])  # nobody looked the document up


# ---------------------------------------------------------------- who receives the code
def add_contact(stack: Stack, debtor_id: str, kind: str, value: str) -> dict:
    r = stack.api.call(
        stack.admin, "POST", f"/api/v1/debtors/{debtor_id}/contacts", {"kind": kind, "value": value}
    )
    assert r.status == 201, r.body
    return r.body


def history(stack: Stack, debtor_id: str) -> list[str]:
    return [
        h["detail"]
        for h in stack.api.call(stack.admin, "GET", f"/api/v1/debtors/{debtor_id}/history").body["items"]
    ]


def test_a_contact_added_today_never_receives_the_login_code(stack: Stack, portal):
    d, _ = portal
    add_contact(stack, d["id"], "email", "aaa-intruso@example.com")  # sorts first, added now
    request_code(stack)
    assert [set(m.destinations) for m in sent_mail()] == [{"jose@example.com"}]
    assert "Código do Negocia Online enviado por e-mail para j***@example.com" in history(stack, d["id"])


def test_the_designated_login_contact_receives_the_code(stack: Stack, portal, monkeypatch):
    d, _ = portal
    CLOCK.pin(SETUP_DAY)
    other = add_contact(stack, d["id"], "email", "jose.trabalho@example.com")
    CLOCK.pin(TODAY)
    r = stack.api.call(
        stack.admin, "PATCH", f"/api/v1/debtors/{d['id']}/contacts/{other['id']}", {"login": True}
    )
    assert (r.status, r.body["login"]) == (200, True)
    request_code(stack)
    assert set(sent_mail()[-1].destinations) == {"jose.trabalho@example.com"}


def test_an_invalid_contact_cannot_be_the_login_contact(stack: Stack, portal):
    d, _ = portal
    phone = add_contact(stack, d["id"], "phone", "(11) 3333-4444")  # a landline: no SMS
    r = stack.api.call(
        stack.admin, "PATCH", f"/api/v1/debtors/{d['id']}/contacts/{phone['id']}", {"login": True}
    )
    assert r.status == 422
    assert r.body["errors"][0]["field"] == "login"


def test_a_debtor_with_only_a_mobile_gets_the_code_by_sms(stack: Stack, portal, monkeypatch):
    import json

    import boto3

    from infra.local.fake_messaging import ZENVIA_TOKEN, FakeMessaging

    fake = FakeMessaging()
    try:
        monkeypatch.setenv("ZENVIA_BASE_URL", fake.url)
        secret = json.dumps({"zenvia_token": ZENVIA_TOKEN})
        boto3.client("secretsmanager").create_secret(Name="cobranca/local/providers", SecretString=secret)
        bootstrap.reset()
        assert (
            stack.api.call(stack.admin, "PUT", "/api/v1/sending-settings", {"sms_from": "DEMO"}).status == 200
        )
        CLOCK.pin(SETUP_DAY)
        body = {
            "document": "111.444.777-35",
            "name": "Maria",
            "contacts": [{"kind": "phone", "value": "11 98765-4321"}],
        }
        only_phone = stack.api.call(stack.admin, "POST", "/api/v1/debtors", body).body
        CLOCK.pin(TODAY)
        request_code(stack, "111.444.777-35")
        sms = fake.sent[-1]
        assert sms["to"] == "5511987654321"
        found = re.search(r"(\d{6})", sms["text"])
        assert found
        code = found.group(1)
        ok = stack.negocia.call(
            None, "POST", "/negocia/api/demo/session", {"document": "111.444.777-35", "code": code}
        )
        assert ok.status == 200
        assert "Código do Negocia Online enviado por SMS para +5511*****21" in history(
            stack, only_phone["id"]
        )
    finally:
        fake.stop()


def test_a_redelivered_code_job_sends_nothing_new(stack: Stack, portal):
    import boto3

    r = stack.negocia.call(None, "POST", "/negocia/api/demo/code", {"document": CPF})
    assert r.status == 202
    sqs = boto3.client("sqs")
    url = stack.resources.refs["LoginCodeQueue"]
    body = sqs.receive_message(QueueUrl=url, VisibilityTimeout=0)["Messages"][0]["Body"]
    sqs.send_message(QueueUrl=url, MessageBody=body)  # the same job twice, as SQS may deliver it
    stack.send_login_codes()
    assert len(sent_mail()) == 1


# ---------------------------------------------------------------- limits on code requests
def test_one_address_asks_codes_for_ten_documents_an_hour_at_most(stack: Stack, portal):
    answers = [request_code(stack, a_cpf(i), ip="198.51.100.9") for i in range(11)]
    assert [a.status for a in answers] == [202] * 10 + [429]
    retry = int(stack.negocia.last_raw["headers"]["Retry-After"])
    assert 0 < retry <= 3600
    assert request_code(stack, a_cpf(3), ip="198.51.100.9").status == 202  # the same document again is fine


def test_every_429_says_when_to_retry(stack: Stack, portal):
    for _ in range(3):
        assert request_code(stack).status == 202
    fourth = request_code(stack)
    assert fourth.status == 429
    assert 0 < int(stack.negocia.last_raw["headers"]["Retry-After"]) <= 600


def test_codes_are_stored_as_an_hmac_with_a_secret(stack: Stack, portal):
    import hashlib

    from cobranca.store.portal import DynamoPortal

    request_code(stack)
    code = last_code()
    stored = DynamoPortal().get_code("demo", "52998224725")
    assert stored is not None
    assert stored.digest != hashlib.sha256(f"demo|52998224725|{code}".encode()).hexdigest()
    key = bootstrap.services().portal.key()
    assert len(key) >= 32


def test_refused_requests_never_use_up_the_tenants_budget_and_a_full_one_is_alarmed(
    stack: Stack, portal, monkeypatch: pytest.MonkeyPatch, caplog: pytest.LogCaptureFixture
):
    """2,001 requests from one address once shut the portal for everyone until the next hour."""
    from cobranca.domain import portal as rules

    monkeypatch.setattr(rules, "MAX_CODES_PER_TENANT", 20)  # 13 pass the client limits below
    flood = [request_code(stack, CPF, ip="203.0.113.66").status for _ in range(40)]
    assert flood == [202] * 3 + [429] * 37  # the document's own limit
    many = [request_code(stack, a_cpf(i), ip="203.0.113.66").status for i in range(20)]
    assert many.count(202) <= 10  # the address's own limit
    assert not [r for r in caplog.records if r.getMessage() == "shared limit reached"]
    # the budget is what was sent, nothing refused: a real debtor elsewhere still gets a code
    assert request_code(stack, a_cpf(90), ip="198.51.100.1").status == 202

    others = [request_code(stack, a_cpf(100 + i), ip=f"198.51.100.{10 + i}").status for i in range(10)]
    assert 429 in others  # now the tenant's shared budget is spent
    assert [r for r in caplog.records if r.getMessage() == "shared limit reached"]
