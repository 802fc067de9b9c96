"""Configurações of the tenant: the company's data, Meu plano, and the e-mail domains it sends from
(SES records; a domain belongs to one tenant, and only its owner may send as it)."""

from __future__ import annotations

from cobranca import bootstrap
from cobranca.domain.portfolio import Service, Tenant
from tests.integration.conftest import Stack

COMPANY = {
    "legal_name": "Demo Cobranças Ltda",
    "trade_name": "Demo Cobranças",
    "document": "11.222.333/0001-81",
    "phone": "(11) 3333-4444",
    "email": "Contato@Demo.example",
    "website": "https://demo.example",
    "service_hours": "seg a sex, 8h às 18h",
    "address": {
        "street": "Rua Augusta",
        "number": "100",
        "city": "São Paulo",
        "uf": "SP",
        "zip_code": "01304-000",
    },
}


def test_an_admin_fills_in_the_company_and_everyone_reads_it(stack: Stack):
    assert stack.api.call(stack.operator, "GET", "/api/v1/company").status == 404
    assert stack.api.call(stack.supervisor, "PUT", "/api/v1/company", COMPANY).status == 403
    saved = stack.api.call(stack.admin, "PUT", "/api/v1/company", COMPANY)
    assert saved.status == 200, saved.body
    assert (saved.body["document"], saved.body["phone"], saved.body["email"]) == (
        "11222333000181",
        "+551133334444",
        "contato@demo.example",
    )
    assert stack.api.call(stack.operator, "GET", "/api/v1/company").body == saved.body
    assert stack.api.call(stack.other_admin, "GET", "/api/v1/company").status == 404  # not another tenant's
    bad = stack.api.call(stack.admin, "PUT", "/api/v1/company", {**COMPANY, "document": "11.222.333/0001-00"})
    assert bad.status == 422
    assert bad.body["errors"][0]["field"] == "document"
    insecure = stack.api.call(
        stack.admin, "PUT", "/api/v1/company", {**COMPANY, "website": "http://demo.example"}
    )
    assert insecure.body["errors"][0]["field"] == "website"


def test_meu_plano_lists_every_service_and_which_are_contracted(stack: Stack):
    bootstrap.services().portfolio_store.put_tenant(
        Tenant(slug="demo", name="Demo Cobranças", services=[Service.EMAIL, Service.SMS])
    )
    plan = stack.api.call(stack.operator, "GET", "/api/v1/plan").body
    assert plan["name"] == "Demo Cobranças"
    contracted = {s["code"]: s["contracted"] for s in plan["services"]}
    assert contracted == {s.value: s in (Service.EMAIL, Service.SMS) for s in Service}


def test_a_domain_gives_its_dns_records_and_only_its_tenant_sends_as_it(stack: Stack):
    settings = {"email": {"mode": "platform", "from_address": "cobranca@minhaempresa.example"}}
    refused = stack.api.call(stack.admin, "PUT", "/api/v1/sending-settings", settings)
    assert refused.status == 422
    assert refused.body["errors"][0]["field"] == "email.from_address"
    assert "Configurações → E-mail" in refused.body["errors"][0]["reason"]

    r = stack.api.call(stack.admin, "POST", "/api/v1/email-domains", {"domain": "MinhaEmpresa.example."})
    assert r.status == 200, r.body
    domain = r.body
    assert domain["domain"] == "minhaempresa.example"
    assert (domain["status"], domain["dkim_status"]) == ("verified", "verified")  # moto verifies at once
    kinds = [(rec["type"], rec["purpose"]) for rec in domain["records"]]
    assert kinds == [
        ("TXT", "verification"),
        ("CNAME", "dkim"),
        ("CNAME", "dkim"),
        ("CNAME", "dkim"),
        ("MX", "mail_from"),
        ("TXT", "spf"),
        ("TXT", "dmarc"),
    ]
    by_purpose = {rec["purpose"]: rec for rec in domain["records"]}
    assert by_purpose["verification"]["name"] == "_amazonses.minhaempresa.example"
    assert by_purpose["spf"] == {
        "type": "TXT",
        "name": "bounce.minhaempresa.example",
        "value": "v=spf1 include:amazonses.com ~all",
        "purpose": "spf",
    }
    assert by_purpose["mail_from"]["value"] == "10 feedback-smtp.us-east-1.amazonses.com"
    dkim = [rec for rec in domain["records"] if rec["purpose"] == "dkim"]
    assert all(rec["value"] == rec["name"].split(".")[0] + ".dkim.amazonses.com" for rec in dkim)
    again = stack.api.call(stack.admin, "POST", "/api/v1/email-domains", {"domain": "minhaempresa.example"})
    assert again.body["records"] == domain["records"]
    listed = stack.api.call(stack.supervisor, "GET", "/api/v1/email-domains").body["items"]
    assert [d["domain"] for d in listed] == ["minhaempresa.example"]

    assert stack.api.call(stack.admin, "PUT", "/api/v1/sending-settings", settings).status == 200
    # the other tenant can neither take the domain nor send as it, though SES has it verified
    taken = stack.api.call(
        stack.other_admin, "POST", "/api/v1/email-domains", {"domain": "minhaempresa.example"}
    )
    assert taken.status == 409
    theirs = stack.api.call(stack.other_admin, "PUT", "/api/v1/sending-settings", settings)
    assert theirs.status == 422


def test_a_domain_must_be_a_domain_and_not_the_platforms(stack: Stack):
    for bad in ("minhaempresa", "http://x.example/", "a..example", "envio.amazonses.com"):
        r = stack.api.call(stack.admin, "POST", "/api/v1/email-domains", {"domain": bad})
        assert r.status == 422, bad
        assert r.body["errors"][0]["field"] == "domain"
    assert (
        stack.api.call(stack.supervisor, "POST", "/api/v1/email-domains", {"domain": "x.example"}).status
        == 403
    )
