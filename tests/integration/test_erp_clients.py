"""The ERP's machine credentials on the moto world: the administrator makes a Cognito app client for the
client-credentials grant, the ERP trades its id and secret for an access token at the pool domain's
token endpoint (the local stack's, in Cognito's wire format), the ErpToken authorizer turns that token
into the tenant, and the ERP's routes settle a title at the source. Each kind of token reaches only its
own routes; a revoked client's tokens and secret stop working."""

from __future__ import annotations

import base64
import importlib
from urllib.parse import urlencode

import boto3
import pytest
from moto.utilities.utils import load_resource

from cobranca import bootstrap
from cobranca.domain.erp_clients import ERP_SCOPE, MAX_CLIENTS
from infra.local.fake_cognito import TokenEndpoint
from tests.integration.conftest import LambdaContext, Machine, Stack
from tests.integration.test_negotiation_api import setup
from tests.integration.test_source import history, on_index

ISSUER_HOST = "https://cognito-idp.us-east-1.amazonaws.com"


@pytest.fixture
def erp_authorizer(stack: Stack, monkeypatch: pytest.MonkeyPatch):
    """The authorizer function's handler, reading moto's published keys (in AWS: the pool's JWKS URL)."""
    tokens = bootstrap.services().erp_authorizer.tokens
    monkeypatch.setattr(tokens, "fetch", lambda url: load_resource("cognitoidp/resources/jwks-public.json"))
    handler = importlib.import_module("functions.erp_authorizer.handler").lambda_handler

    def authorize(token: str) -> dict:
        event = {"type": "REQUEST", "headers": {"authorization": f"Bearer {token}"}}
        return handler(event, LambdaContext())

    return authorize


def token_endpoint(stack: Stack) -> TokenEndpoint:
    pool = stack.resources.refs["UserPool"]
    return TokenEndpoint(boto3.client("cognito-idp"), pool, f"{ISSUER_HOST}/{pool}")


def grant(stack: Stack, client_id: str, secret: str) -> tuple[int, dict]:
    basic = base64.b64encode(f"{client_id}:{secret}".encode()).decode()
    body = urlencode({"grant_type": "client_credentials", "scope": ERP_SCOPE}).encode()
    return token_endpoint(stack).token({"Authorization": f"Basic {basic}"}, body)


def test_an_erp_client_settles_a_title_with_its_own_token_and_nothing_else(stack: Stack, erp_authorizer):
    _, d, title = setup(stack)
    made = stack.api.call(stack.admin, "POST", "/api/v1/erp-clients", {"name": "SAP B1"})
    assert made.status == 201, made.body
    assert made.body["scope"] == ERP_SCOPE
    assert made.body["token_url"].endswith("/oauth2/token")
    app_client = boto3.client("cognito-idp").describe_user_pool_client(
        UserPoolId=stack.resources.refs["UserPool"], ClientId=made.body["client_id"]
    )["UserPoolClient"]
    assert app_client["AllowedOAuthFlows"] == ["client_credentials"]
    assert app_client["AllowedOAuthScopes"] == [ERP_SCOPE]
    listed = stack.api.call(stack.admin, "GET", "/api/v1/erp-clients").body["items"]
    assert [c["name"] for c in listed] == ["SAP B1"]
    assert "client_secret" not in listed[0]

    status, answer = grant(stack, made.body["client_id"], made.body["client_secret"])
    assert (status, answer["token_type"]) == (200, "Bearer"), answer
    allowed = erp_authorizer(answer["access_token"])
    assert allowed == {
        "isAuthorized": True,
        "context": {"tenant": "demo", "client_id": made.body["client_id"], "client_name": "SAP B1"},
    }
    erp = Machine(allowed["context"])
    paid = stack.api.call(erp, "POST", f"/api/v1/erp/titles/{title['number']}/settle", {"reason": "NF 55"})
    assert (paid.status, paid.body["status"]) == (200, "paid"), paid.body
    assert not on_index(title)
    line = next(h for h in history(stack, d["id"]) if h["action"] == "title.source")
    assert line["actor"] == "erp:SAP B1"

    # each kind of token reaches only its own routes
    assert stack.api.call(erp, "GET", f"/api/v1/debtors/{d['id']}").status == 401
    assert stack.api.call(erp, "GET", "/api/v1/erp-clients").status == 401
    assert (
        stack.api.call(
            stack.admin, "POST", f"/api/v1/erp/titles/{title['number']}/cancel", {"reason": ""}
        ).status
        == 401
    )
    # an operator's ID token is not an access token of an ERP client
    assert erp_authorizer("eyJ.not.a.token")["isAuthorized"] is False

    revoked = stack.api.call(stack.admin, "DELETE", f"/api/v1/erp-clients/{made.body['client_id']}")
    assert (revoked.status, revoked.body["active"]) == (200, False)
    assert erp_authorizer(answer["access_token"]) == {"isAuthorized": False, "context": {}}
    assert grant(stack, made.body["client_id"], made.body["client_secret"])[0] == 401
    again = stack.api.call(stack.admin, "DELETE", f"/api/v1/erp-clients/{made.body['client_id']}")
    assert again.status == 200


def test_the_erp_speaks_only_for_its_tenant(stack: Stack):
    _, _, title = setup(stack)
    other = Machine({"tenant": "outra", "client_id": "c-outra", "client_name": "Outra"})
    answer = stack.api.call(other, "POST", f"/api/v1/erp/titles/{title['number']}/settle", {"reason": ""})
    assert answer.status == 404
    assert on_index(title)  # still collected: the other tenant's ERP changed nothing


def test_only_the_administrator_makes_clients_within_the_limit_and_with_a_name(stack: Stack):
    refused = stack.api.call(stack.operator, "POST", "/api/v1/erp-clients", {"name": "SAP"})
    assert refused.status == 403
    assert "administrador" in refused.body["message"]
    assert stack.api.call(stack.supervisor, "GET", "/api/v1/erp-clients").status == 403
    bad = stack.api.call(stack.admin, "POST", "/api/v1/erp-clients", {"name": " "})
    assert bad.status == 422
    assert [e["field"] for e in bad.body["errors"]] == ["name"]
    for n in range(MAX_CLIENTS):
        assert stack.api.call(stack.admin, "POST", "/api/v1/erp-clients", {"name": f"ERP {n}"}).status == 201
    full = stack.api.call(stack.admin, "POST", "/api/v1/erp-clients", {"name": "mais um"})
    assert full.status == 409
    assert "limite" in full.body["message"]
    assert stack.api.call(stack.other_admin, "GET", "/api/v1/erp-clients").body["items"] == []
    unknown = stack.api.call(stack.other_admin, "DELETE", "/api/v1/erp-clients/nao-existe")
    assert unknown.status == 404
