"""`cobranca asaas create-subaccount` (F30) on the moto world with the Asaas fake as the root account:
the tenant's sub-account is made from its company data with its webhook set to cobranca, the key Asaas
gives once goes to Secrets Manager, and it is never made twice."""

from __future__ import annotations

from typer.testing import CliRunner

from cobranca import bootstrap, secret_names
from cobranca.cli import app
from infra.local.fake_asaas import FakeAsaas
from tests.integration.conftest import Stack

COMPANY = {
    "legal_name": "Demo Cobranças Ltda",
    "document": "34.028.316/0001-03",
    "address": {
        "street": "Rua das Flores",
        "number": "50",
        "complement": "",
        "district": "Centro",
        "city": "Curitiba",
        "uf": "PR",
        "zip_code": "80010-000",
    },
    "phone": "(41) 3000-4000",
    "email": "financeiro@demo.example",
}


def test_the_tenant_gets_its_sub_account_once_with_the_webhook_pointing_at_cobranca(
    stack: Stack, fake: FakeAsaas
):
    assert stack.api.call(stack.admin, "PUT", "/api/v1/company", COMPANY).status == 200
    services = bootstrap.services()
    services.secrets.put(secret_names.asaas_root_key(services.settings.stage), "$aact_root_platform")
    args = [
        "asaas",
        "create-subaccount",
        "--tenant",
        "demo",
        "--income",
        "80000",
        "--webhook-base",
        "https://api.cobranca.example",
    ]
    made = CliRunner().invoke(app, args)
    assert made.exit_code == 0, made.output
    [account] = fake.accounts.values()
    assert (account["cpfCnpj"], account["incomeValue"], account["postalCode"]) == (
        "34028316000103",
        80000.0,
        "80010000",
    )
    [hook] = account["webhooks"]
    assert hook["url"] == "https://api.cobranca.example/webhooks/asaas/demo"
    stored_token = services.secrets.get(secret_names.asaas_webhook_token(services.settings.stage, "demo"))
    assert hook["authToken"] == stored_token
    assert "PAYMENT_RECEIVED" in hook["events"]
    key = services.secrets.get(secret_names.asaas_api_key(services.settings.stage, "demo"))
    assert key is not None
    assert key.startswith("$aact_sub_")
    assert key not in made.output  # only its last four characters are shown
    shown = stack.api.call(stack.admin, "GET", "/api/v1/payment-settings").body
    assert (shown["account_id"], shown["wallet_id"], shown["api_key_last4"]) == (
        account["id"],
        account["walletId"],
        key[-4:],
    )

    again = CliRunner().invoke(app, args)
    assert again.exit_code != 0
    assert "já existe a subconta" in again.output
    assert len(fake.accounts) == 1


def test_a_creditor_gets_its_own_asaas_account_for_the_split_once(stack: Stack, fake: FakeAsaas):
    from tests.integration.test_charges import on_asaas

    cred, _, _ = on_asaas(stack)  # the tenant's Asaas key is set
    body = {
        "email": "financeiro@acme.example",
        "mobile_phone": "(11) 98845-1155",
        "income": "150000",
        "company_type": "LIMITED",
    }
    path = f"/api/v1/creditors/{cred['id']}/asaas-account"
    without_address = stack.api.call(stack.admin, "POST", path, body)
    assert (without_address.status, without_address.body["errors"][0]["field"]) == (422, "address")
    address = {"address": COMPANY["address"]}
    assert stack.api.call(stack.admin, "PATCH", f"/api/v1/creditors/{cred['id']}", address).status == 200
    assert stack.api.call(stack.supervisor, "POST", path, body).status == 403  # administrators only

    made = stack.api.call(stack.admin, "POST", path, body)
    assert made.status == 200, made.body
    [account] = fake.accounts.values()
    assert (made.body["portador"], made.body["wallet_id"]) == ("asaas", account["walletId"])
    assert (account["email"], account["mobilePhone"], account["incomeValue"]) == (
        "financeiro@acme.example",
        "11988451155",
        150000.0,
    )
    assert "webhooks" not in account or account["webhooks"] == []
    services = bootstrap.services()
    key = services.secrets.get(secret_names.creditor_asaas_key(services.settings.stage, "demo", cred["id"]))
    assert key is not None
    assert key.startswith("$aact_sub_")
    again = stack.api.call(stack.admin, "POST", path, body)
    assert again.status == 409
    assert len(fake.accounts) == 1
