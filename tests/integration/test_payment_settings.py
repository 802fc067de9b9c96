"""Payment settings (admin): the Asaas key and webhook token reach Secrets Manager under the stage and
are never answered back; creditors charged through Asaas need the wallet their split goes to."""

from __future__ import annotations

import boto3

from tests.integration.conftest import Stack
from tests.integration.test_portfolio_api import creditor

KEY = "$aact_YTU5YTE0M2M2N2I4MTliNzk0YTI5N2U5MzdjNWZmNDQ6OjAwMDAwMDAwMDAwMDAwNzQ5OTk6OiRhYWNoX2Q4"
TOKEN = "whsec_9f8e7d6c5b4a39281706f5e4d3c2b1a0ZZ"
WALLET = "48548710-9BAA-4ec1-a11f-9010193527c6"


def test_an_admin_sets_the_asaas_account_and_sees_only_the_last_four_characters(stack: Stack):
    body = {"provider": "asaas", "environment": "sandbox", "api_key": KEY, "webhook_token": TOKEN}
    assert stack.api.call(stack.admin, "GET", "/api/v1/payment-settings").status == 404
    assert stack.api.call(stack.supervisor, "PUT", "/api/v1/payment-settings", body).status == 403
    saved = stack.api.call(stack.admin, "PUT", "/api/v1/payment-settings", body)
    assert saved.status == 200, saved.body
    shown = stack.api.call(stack.admin, "GET", "/api/v1/payment-settings").body
    assert (shown["environment"], shown["api_key_last4"], shown["webhook_token_last4"]) == (
        "sandbox",
        "X2Q4",
        "a0ZZ",
    )
    assert KEY not in str(shown)
    assert TOKEN not in str(saved.body)
    secrets = boto3.client("secretsmanager", region_name="us-east-1")
    stored = secrets.get_secret_value(SecretId="cobranca/local/tenants/demo/asaas-api-key")["SecretString"]
    assert stored == KEY
    token = secrets.get_secret_value(SecretId="cobranca/local/tenants/demo/asaas-webhook-token")[
        "SecretString"
    ]
    assert token == TOKEN
    assert stack.api.call(stack.other_admin, "GET", "/api/v1/payment-settings").status == 404  # per tenant
    short = stack.api.call(stack.admin, "PUT", "/api/v1/payment-settings", {**body, "webhook_token": "curto"})
    assert short.status == 422
    assert short.body["errors"][0]["field"] == "webhook_token"


def test_a_creditor_charged_through_asaas_needs_its_wallet(stack: Stack):
    acme = creditor(stack)
    assert acme["portador"] == "none"
    url = f"/api/v1/creditors/{acme['id']}"
    refused = stack.api.call(stack.admin, "PATCH", url, {"portador": "asaas"})
    assert refused.status == 422
    assert refused.body["errors"][0]["field"] == "wallet_id"
    bad = stack.api.call(stack.admin, "PATCH", url, {"portador": "asaas", "wallet_id": "carteira-1"})
    assert bad.body["errors"][0]["field"] == "wallet_id"
    ok = stack.api.call(stack.admin, "PATCH", url, {"portador": "asaas", "wallet_id": WALLET})
    assert ok.status == 200, ok.body
    assert (ok.body["portador"], ok.body["wallet_id"]) == ("asaas", WALLET.lower())
    assert stack.api.call(stack.admin, "GET", url).body["wallet_id"] == WALLET.lower()
    assert stack.api.call(stack.admin, "PATCH", url, {"wallet_id": None}).status == 422  # still on Asaas
