"""Statement PDF, the agreement term: rendered, stored in S3, e-mailed, downloadable for 15 minutes."""

from __future__ import annotations

import base64
import io
from urllib.parse import parse_qs, unquote, urlsplit

import boto3
import pytest
from moto.core import DEFAULT_ACCOUNT_ID
from moto.ses.models import ses_backends
from pypdf import PdfReader

from cobranca.domain.dates import CLOCK
from tests.integration.conftest import Stack
from tests.integration.test_agreements_api import close
from tests.integration.test_negotiation_api import setup


def stored_pdf(stack: Stack, location: str) -> bytes:
    bucket = stack.resources.refs["DocumentsBucket"]
    path = urlsplit(location).path.lstrip("/")
    key = unquote(path.removeprefix(f"{bucket}/"))  # path-style or virtual-host-style URL
    return boto3.client("s3").get_object(Bucket=bucket, Key=key)["Body"].read()


def pdf_text(data: bytes) -> str:
    text = " ".join(page.extract_text() for page in PdfReader(io.BytesIO(data)).pages)
    return " ".join(text.split())  # lines wrap where the layout puts them


@pytest.fixture
def pinned_today(monkeypatch: pytest.MonkeyPatch) -> None:
    CLOCK.pin("2026-04-09T12:00:00-03:00")


def test_statement_pdf_identifies_the_creditor_and_shows_each_component(stack: Stack):
    _, d, _ = setup(stack)
    r = stack.api.call(
        stack.operator, "GET", f"/api/v1/debtors/{d['id']}/statement.pdf", query={"date": "2026-04-09"}
    )
    assert r.status == 200
    raw = stack.api.last_raw
    assert raw["headers"]["Content-Type"] == "application/pdf"
    text = pdf_text(base64.b64decode(raw["body"]) if raw["isBase64Encoded"] else raw["body"].encode())
    for expected in (
        "Demonstrativo de débito",
        "Acme Ltda",
        "11.222.333/0001-81",
        "529.982.247-25",
        "1.168,54",
        "20,24",
    ):
        assert expected in text, expected
    assert "IPCA de janeiro de 2026 a março de 2026" in text
    assert "Total devido em 09/04/2026: R$ 1.168,54" in text.replace("\xa0", " ")  # the call-out
    assert "Valores válidos até 09/04/2026" in text
    assert "Negocie e pague online" not in text  # no portal address set: no link, no QR


def test_the_statement_has_the_agencys_letterhead_and_the_portal_link(stack: Stack):
    from tests.integration.test_company import COMPANY

    _, d, _ = setup(stack)
    assert stack.api.call(stack.admin, "PUT", "/api/v1/company", COMPANY).status == 200
    portal = {"negocia_url": "https://cobranca.example/negocia/demo"}
    assert stack.api.call(stack.admin, "PUT", "/api/v1/sending-settings", portal).status == 200
    r = stack.api.call(
        stack.operator, "GET", f"/api/v1/debtors/{d['id']}/statement.pdf", query={"date": "2026-04-09"}
    )
    raw = stack.api.last_raw
    text = pdf_text(base64.b64decode(raw["body"]) if raw["isBase64Encoded"] else raw["body"].encode())
    assert r.status == 200
    assert "Demo Cobranças — CNPJ 11.222.333/0001-81" in text
    assert "tel. (11) 3333-4444" in text
    assert "seg a sex, 8h às 18h" in text
    assert f"https://cobranca.example/negocia/demo?d={d['id']}" in text  # the debtor's personal link


@pytest.mark.usefixtures("pinned_today")
def test_closing_sends_the_term_by_email_and_offers_a_15_minute_link(stack: Stack):
    _, d, title = setup(stack)
    a = close(stack, d, title, "key-term-0001").body
    sent = ses_backends[DEFAULT_ACCOUNT_ID]["us-east-1"].sent_messages
    assert len(sent) == 1
    raw_mail = sent[0].raw_data
    assert "termo-A-000001.pdf" in raw_mail
    assert "To: jose@example.com" in raw_mail
    from infra.local.mailbox import messages

    mail = messages("us-east-1")[0]
    assert mail["subject"] == "Termo de acordo A-000001"
    assert mail["text"].startswith("Olá,")
    assert mail["attachments"][0]["filename"] == "termo-A-000001.pdf"
    history = stack.api.call(stack.admin, "GET", f"/api/v1/debtors/{d['id']}/history").body["items"]
    assert any(h["action"] == "agreement.term_sent" and "j***@example.com" in h["detail"] for h in history)

    link = stack.api.call(stack.operator, "GET", f"/api/v1/agreements/{a['id']}/term.pdf")
    assert link.status == 302
    location = stack.api.last_raw["headers"]["Location"]
    assert parse_qs(urlsplit(location).query)["X-Amz-Expires"] == ["900"]
    text = pdf_text(stored_pdf(stack, location))
    assert "TERMO DE ACORDO E CONFISSÃO DE DÍVIDA Nº A-000001" in text
    assert "José da Silva, inscrito(a) no CPF sob o nº 529.982.247-25" in text  # CPF for a person
    assert "R$ 1.206,19" in text
    assert "mil duzentos e seis reais e dezenove centavos" in text
    assert "Parcela 3/3: vencimento 15/07/2026, R$ 324,16, por boleto" in text
    assert "NF-1: valor original R$ 1.000,00, vencimento 10/01/2026" in text  # the title renegotiated
    assert "somava R$ 1.168,54" in text  # what it owed that day
    assert "CET" in text
    assert "arts. 354 e 355" in text  # what a break does to what was paid
    assert "Acordo registrado por operador, pelo atendimento da empresa" in text  # the operator's name
    assert "@demo.local" not in text  # never an internal e-mail


@pytest.mark.usefixtures("pinned_today")
def test_a_creditor_template_overrides_the_tenant_and_unknown_wildcards_are_refused(stack: Stack):
    cred, d, title = setup(stack)
    bad = stack.api.call(
        stack.admin, "PUT", f"/api/v1/term-templates/{cred['id']}", {"text": "Oi #NOME_DEVEDRO#"}
    )
    assert (bad.status, bad.body["errors"][0]["field"]) == (422, "text")
    assert "#NOME_DEVEDRO#" in bad.body["errors"][0]["reason"]
    text = "ACORDO #NUMERO_ACORDO# DA ACME\n\n#NOME_DEVEDOR# pagará #VALOR_TOTAL#."
    assert (
        stack.api.call(stack.admin, "PUT", f"/api/v1/term-templates/{cred['id']}", {"text": text}).status
        == 200
    )
    assert stack.api.call(stack.admin, "GET", "/api/v1/term-templates/default").body["source"] == "system"
    a = close(stack, d, title, "key-term-0002").body
    stack.api.call(stack.operator, "GET", f"/api/v1/agreements/{a['id']}/term.pdf")
    location = stack.api.last_raw["headers"]["Location"]
    assert "ACORDO A-000001 DA ACME" in pdf_text(stored_pdf(stack, location))
    assert (
        stack.api.call(stack.operator, "PUT", "/api/v1/term-templates/default", {"text": "x"}).status == 403
    )


@pytest.mark.usefixtures("pinned_today")
def test_a_debtor_in_agreement_gets_the_agreements_balance_not_an_empty_table(stack: Stack):
    _, d, title = setup(stack)
    closed = close(stack, d, title, "key-statement-agreement").body
    statement = stack.api.call(stack.operator, "GET", f"/api/v1/debtors/{d['id']}/statement").body
    assert statement["lines"] == []
    [balance] = statement["agreements"]
    first = closed["installments"][0]
    assert (balance["number"], balance["creditor_name"]) == (closed["number"], "Acme Ltda")
    assert (balance["paid_count"], balance["installments"]) == (0, len(closed["installments"]))
    assert balance["balance"] == balance["total"] == closed["total"]
    assert (balance["next_due"], balance["next_amount"]) == (first["due_date"], first["amount"])
    r = stack.api.call(stack.operator, "GET", f"/api/v1/debtors/{d['id']}/statement.pdf")
    assert r.status == 200
    raw = stack.api.last_raw
    text = pdf_text(base64.b64decode(raw["body"])).replace("\xa0", " ")
    assert "Nenhum título em aberto fora de acordo" in text
    assert "Acordos em andamento" in text
    assert closed["number"] in text
    total = f"{closed['total'].replace('.', ',')}"
    assert f"Saldo do acordo em 09/04/2026: R$ {total}" in text.replace(".", "")  # R$ 1.234,56 → 1234,56
    assert "Total devido" not in text  # nothing open outside the agreement
