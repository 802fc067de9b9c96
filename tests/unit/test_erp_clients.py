"""The ERP's machine credentials (domain/erp_clients.py, services/erp_clients.py): only a verified access
token of a registered, active client with the ERP scope speaks for a tenant, and only the tenant's
administrator makes and revokes clients."""

from __future__ import annotations

import time
from datetime import UTC, datetime

import jwt
import pytest
from cryptography.hazmat.primitives.asymmetric import rsa

from cobranca.domain.access import Role, Screen
from cobranca.domain.erp_clients import ERP_SCOPE, MAX_CLIENTS, ErpClient, ErpClientIn, machine_context
from cobranca.domain.errors import Conflict, Forbidden, NotFound
from cobranca.providers.cognito_tokens import AccessTokens
from cobranca.services.caller import Caller, caller_from_machine
from cobranca.services.erp_clients import ErpAuthorizer, ErpClients

ISSUER = "https://cognito-idp.us-east-1.amazonaws.com/us-east-1_pool"
KEY = rsa.generate_private_key(public_exponent=65537, key_size=2048)
OTHER_KEY = rsa.generate_private_key(public_exponent=65537, key_size=2048)
JWKS = {"keys": [{**jwt.algorithms.RSAAlgorithm.to_jwk(KEY.public_key(), as_dict=True), "kid": "k1"}]}
ADMIN = Caller(tenant="demo", user_id="u-admin", email="admin@demo.local", role=Role.ADMIN)
OPERATOR = Caller(tenant="demo", user_id="u-op", email="op@demo.local", role=Role.OPERATOR)


class Clock:
    def now(self) -> datetime:
        return datetime(2026, 12, 3, 12, 0, tzinfo=UTC)


class Registry:
    def __init__(self) -> None:
        self.items: dict[str, ErpClient] = {}

    def put_client(self, client: ErpClient) -> None:
        self.items[client.client_id] = client

    def get_client(self, client_id: str) -> ErpClient | None:
        return self.items.get(client_id)

    def list_clients(self, tenant: str) -> list[ErpClient]:
        return sorted((c for c in self.items.values() if c.tenant == tenant), key=lambda c: c.created_at)


class Identity:
    """Cognito's app clients: records what was made and what was deleted, and what the registry said
    about the client at the moment it was deleted."""

    def __init__(self, registry: Registry) -> None:
        self.registry = registry
        self.made: list[tuple[str, str]] = []
        self.deleted: list[tuple[str, bool]] = []

    def create_machine_client(self, name: str, scope: str) -> tuple[str, str]:
        self.made.append((name, scope))
        return f"client{len(self.made)}", f"secret{len(self.made)}"

    def delete_machine_client(self, client_id: str) -> None:
        self.deleted.append((client_id, self.registry.items[client_id].active))


def access_token(key: rsa.RSAPrivateKey = KEY, kid: str = "k1", **overrides: object) -> str:
    now = int(time.time())
    claims: dict[str, object] = {
        "sub": "client1",
        "client_id": "client1",
        "token_use": "access",
        "scope": ERP_SCOPE,
        "iss": ISSUER,
        "iat": now,
        "exp": now + 3600,
    }
    claims.update(overrides)
    return jwt.encode({k: v for k, v in claims.items() if v is not None}, key, "RS256", headers={"kid": kid})


def authorizer(*clients: ErpClient) -> tuple[ErpAuthorizer, list[str]]:
    fetched: list[str] = []

    def fetch(url: str) -> dict:
        fetched.append(url)
        return JWKS

    registry = Registry()
    for c in clients:
        registry.put_client(c)
    return ErpAuthorizer(AccessTokens(ISSUER, f"{ISSUER}/.well-known/jwks.json", fetch), registry), fetched


def client(**overrides: object) -> ErpClient:
    fields: dict[str, object] = {
        "client_id": "client1",
        "tenant": "demo",
        "name": "SAP",
        "created_at": "2026-12-01T12:00:00Z",
        "created_by": "u-admin",
    }
    return ErpClient.model_validate({**fields, **overrides})


def test_a_registered_clients_access_token_speaks_for_its_tenant_and_the_keys_are_fetched_once():
    auth, fetched = authorizer(client())
    assert auth.authorize(f"Bearer {access_token()}") == {
        "tenant": "demo",
        "client_id": "client1",
        "client_name": "SAP",
    }
    assert auth.authorize(f"bearer {access_token()}") is not None
    assert len(fetched) == 1


@pytest.mark.parametrize(
    "token",
    [
        lambda: access_token(exp=int(time.time()) - 120),
        lambda: access_token(token_use="id"),
        lambda: access_token(scope="aws.cognito.signin.user.admin"),
        lambda: access_token(scope=None),
        lambda: access_token(iss="https://cognito-idp.us-east-1.amazonaws.com/another_pool"),
        lambda: access_token(key=OTHER_KEY),
        lambda: access_token(kid="unknown"),
        lambda: access_token(client_id="client2", sub="client2"),
        lambda: access_token(client_id=None),
        lambda: "not.a.jwt",
    ],
    ids=[
        "expired",
        "id-token",
        "other-scope",
        "no-scope",
        "other-issuer",
        "forged-signature",
        "unknown-kid",
        "unregistered-client",
        "no-client-id",
        "garbage",
    ],
)
def test_tokens_that_are_not_a_registered_clients_valid_access_token_are_refused(token):
    auth, _ = authorizer(client())
    assert auth.authorize(f"Bearer {token()}") is None


@pytest.mark.parametrize("header", [None, "", "Bearer", "Bearer  ", "Basic abc"])
def test_no_bearer_token_is_refused(header):
    auth, fetched = authorizer(client())
    assert auth.authorize(header) is None
    assert fetched == []


def test_a_revoked_clients_unexpired_token_is_refused():
    auth, _ = authorizer(client(active=False, revoked_at="2026-12-02T12:00:00Z"))
    assert auth.authorize(f"Bearer {access_token()}") is None


def test_the_registry_item_must_be_the_tokens_client():
    claims = {"token_use": "access", "scope": ERP_SCOPE, "client_id": "client1"}
    assert machine_context(client(client_id="client9"), claims) is None
    assert machine_context(client(), {**claims, "scope": f"openid {ERP_SCOPE}"}) is not None


def test_a_machine_caller_is_its_tenants_erp_reaching_the_titles_screen_alone():
    caller = caller_from_machine({"tenant": "demo", "client_id": "client1", "client_name": "SAP"})
    assert (caller.tenant, caller.user_id, caller.role, caller.email) == (
        "demo",
        "erp:SAP",
        Role.OPERATOR,
        "",
    )
    assert caller.screens == [Screen.TITLES]
    caller.require(Screen.TITLES)
    with pytest.raises(Forbidden):
        caller.require(Screen.DEBTORS)
    with pytest.raises(Forbidden):
        caller.require_admin("não")
    with pytest.raises(Forbidden):
        caller_from_machine({"client_id": "client1"})


def service() -> tuple[ErpClients, Registry, Identity]:
    registry = Registry()
    identity = Identity(registry)
    return ErpClients(registry, identity, Clock(), "https://auth.example/oauth2/token"), registry, identity


def test_the_administrator_makes_a_client_whose_secret_is_shown_once():
    clients, registry, identity = service()
    made = clients.create(ADMIN, ErpClientIn(name="  SAP B1 "))
    assert (made.client_id, made.client_secret, made.scope) == ("client1", "secret1", ERP_SCOPE)
    assert made.token_url == "https://auth.example/oauth2/token"
    assert (made.tenant, made.name, made.created_by, made.active) == ("demo", "SAP B1", "u-admin", True)
    assert identity.made == [("erp-demo-SAP B1", ERP_SCOPE)]
    listed = clients.list(ADMIN)
    assert [c.client_id for c in listed] == ["client1"]
    assert "client_secret" not in listed[0].model_dump()
    assert "secret1" not in str(registry.items)


def test_only_the_administrator_makes_lists_or_revokes():
    clients, _, identity = service()
    for call in (
        lambda: clients.list(OPERATOR),
        lambda: clients.create(OPERATOR, ErpClientIn(name="SAP")),
        lambda: clients.revoke(OPERATOR, "client1"),
    ):
        with pytest.raises(Forbidden, match="administrador"):
            call()
    assert identity.made == []


def test_a_tenant_has_at_most_the_limit_of_active_clients_with_distinct_names():
    clients, _, _ = service()
    for n in range(MAX_CLIENTS):
        clients.create(ADMIN, ErpClientIn(name=f"ERP {n}"))
    with pytest.raises(Conflict, match="limite"):
        clients.create(ADMIN, ErpClientIn(name="mais um"))
    clients.revoke(ADMIN, "client1")
    with pytest.raises(Conflict, match="nome"):
        clients.create(ADMIN, ErpClientIn(name="erp 1"))
    assert clients.create(ADMIN, ErpClientIn(name="ERP 0")).active  # the revoked one's name is free


def test_revoking_marks_the_registry_before_the_app_client_goes_and_twice_is_the_same():
    clients, registry, identity = service()
    clients.create(ADMIN, ErpClientIn(name="SAP"))
    revoked = clients.revoke(ADMIN, "client1")
    assert (revoked.active, revoked.revoked_at) == (False, "2026-12-03T12:00:00.000Z")
    assert identity.deleted == [("client1", False)]  # the authorizer refused it before Cognito forgot it
    assert clients.revoke(ADMIN, "client1") == revoked
    assert identity.deleted == [("client1", False)]
    assert not registry.items["client1"].active


def test_another_tenants_client_is_not_found():
    clients, _, identity = service()
    clients.create(ADMIN, ErpClientIn(name="SAP"))
    other = Caller(tenant="outra", user_id="u-x", email="x@outra.local", role=Role.ADMIN)
    with pytest.raises(NotFound):
        clients.revoke(other, "client1")
    assert clients.list(other) == []
    assert identity.deleted == []
