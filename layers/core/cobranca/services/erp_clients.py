"""The ERP's machine credentials (domain/erp_clients.py): the administrator makes, lists and revokes them
(API), and the ERP authorizer (functions/erp_authorizer) turns an access token into the tenant it speaks
for, or refuses it."""

from __future__ import annotations

from typing import Any, Protocol

from cobranca.domain.dates import Clock, utc_timestamp
from cobranca.domain.erp_clients import (
    ERP_SCOPE,
    MAX_CLIENTS,
    ErpClient,
    ErpClientCreated,
    ErpClientIn,
    machine_context,
)
from cobranca.domain.errors import Conflict, NotFound
from cobranca.gateways import MachineClients
from cobranca.services.caller import Caller

REFUSAL = "somente o administrador cria e revoga as credenciais do ERP"


class ClientRegistry(Protocol):
    def put_client(self, client: ErpClient) -> None: ...
    def get_client(self, client_id: str) -> ErpClient | None: ...
    def list_clients(self, tenant: str) -> list[ErpClient]: ...


class TokenVerifier(Protocol):
    def verify(self, token: str) -> dict[str, Any] | None: ...


class ErpClients:
    def __init__(
        self, registry: ClientRegistry, identity: MachineClients, clock: Clock, token_url: str
    ) -> None:
        self.registry = registry
        self.identity = identity
        self.clock = clock
        self.token_url = token_url

    def list(self, caller: Caller) -> list[ErpClient]:
        caller.require_admin(REFUSAL)
        return self.registry.list_clients(caller.tenant)

    def create(self, caller: Caller, body: ErpClientIn) -> ErpClientCreated:
        caller.require_admin(REFUSAL)
        active = [c for c in self.registry.list_clients(caller.tenant) if c.active]
        if len(active) >= MAX_CLIENTS:
            raise Conflict(f"limite de {MAX_CLIENTS} credenciais ativas: revogue uma antes de criar outra")
        if any(c.name.casefold() == body.name.casefold() for c in active):
            raise Conflict("já existe uma credencial ativa com este nome")
        # The app client's name carries the tenant for whoever reads the user pool; the registry is
        # what the authorizer trusts.
        client_id, secret = self.identity.create_machine_client(
            f"erp-{caller.tenant}-{body.name}"[:128], ERP_SCOPE
        )
        client = ErpClient(
            client_id=client_id,
            tenant=caller.tenant,
            name=body.name,
            created_at=utc_timestamp(self.clock),
            created_by=caller.user_id,
        )
        self.registry.put_client(client)
        return ErpClientCreated(
            **client.model_dump(), client_secret=secret, token_url=self.token_url, scope=ERP_SCOPE
        )

    def revoke(self, caller: Caller, client_id: str) -> ErpClient:
        caller.require_admin(REFUSAL)
        client = self.registry.get_client(client_id)
        if client is None or client.tenant != caller.tenant:
            raise NotFound("credencial não encontrada")
        if not client.active:
            return client
        revoked = client.model_copy(update={"active": False, "revoked_at": utc_timestamp(self.clock)})
        self.registry.put_client(revoked)  # first: the authorizer refuses its tokens from now on
        self.identity.delete_machine_client(client_id)
        return revoked


class ErpAuthorizer:
    """The HTTP API's Lambda authorizer for /api/v1/erp/...: a verified access token of a registered,
    active client with the ERP scope → {tenant, client_id, client_name}; anything else → None."""

    def __init__(self, tokens: TokenVerifier, registry: ClientRegistry) -> None:
        self.tokens = tokens
        self.registry = registry

    def authorize(self, authorization: str | None) -> dict[str, str] | None:
        scheme, _, token = (authorization or "").strip().partition(" ")
        if scheme.lower() != "bearer" or not token.strip():
            return None
        claims = self.tokens.verify(token.strip())
        if claims is None:
            return None
        client = self.registry.get_client(str(claims.get("client_id") or ""))
        return machine_context(client, claims)
