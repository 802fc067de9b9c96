"""The ERP's machine credentials (F04 in): an OAuth 2.0 client (client-credentials grant) per integration,
made by the tenant's administrator, whose access tokens reach only the machine routes (/api/v1/erp/...).

- The client is a Cognito app client with a secret, allowed only the client-credentials flow and the
  ERP scope; Cognito shows the secret once, and so do we.
- Which tenant a token speaks for comes from our registry of clients, written only when an administrator
  of that tenant makes the client: a token names its client (`client_id`, verified with its signature),
  never its tenant. A revoked client's tokens are refused even before they expire.
- The token must be an access token of our user pool, unexpired, carrying the ERP scope.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Annotated

from pydantic import StringConstraints

from cobranca.domain.model import Command, Entity

# The resource server and scope declared in template.yaml (ErpResourceServer); a unit test holds them equal.
ERP_RESOURCE_SERVER = "cobranca-erp"
ERP_SCOPE = f"{ERP_RESOURCE_SERVER}/titles.write"
MAX_CLIENTS = 5  # per tenant: one per ERP or integration, a couple while a secret is rotated
MACHINE_ACTOR_PREFIX = "erp:"


class ErpClientIn(Command):
    name: Annotated[str, StringConstraints(strip_whitespace=True, min_length=2, max_length=60)]


class ErpClient(Entity):
    """One integration's credentials, as listed: never the secret."""

    client_id: str
    tenant: str
    name: str
    created_at: str
    created_by: str
    active: bool = True
    revoked_at: str | None = None


class ErpClientCreated(ErpClient):
    """The answer to creating a client: the only time its secret is shown."""

    client_secret: str
    token_url: str
    scope: str


def grants(scope_claim: object, required: str = ERP_SCOPE) -> bool:
    """Whether an access token's space-separated `scope` claim holds `required`."""
    return required in str(scope_claim or "").split()


def machine_context(client: ErpClient | None, claims: Mapping[str, object]) -> dict[str, str] | None:
    """What the authorizer hands the API for a verified access token: the tenant and the client, or None
    (refused) for a token of no registered, active client or without the ERP scope."""
    if claims.get("token_use") != "access" or not grants(claims.get("scope")):
        return None
    if client is None or not client.active or client.client_id != claims.get("client_id"):
        return None
    return {"tenant": client.tenant, "client_id": client.client_id, "client_name": client.name}
