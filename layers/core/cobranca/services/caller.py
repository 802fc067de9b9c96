"""Who is calling: built only from verified token claims."""

from __future__ import annotations

import json
from dataclasses import dataclass, field

from cobranca.domain.access import Role, Screen, allowed_screens, check_screen, role_from_groups
from cobranca.domain.erp_clients import MACHINE_ACTOR_PREFIX
from cobranca.domain.errors import Forbidden


@dataclass(frozen=True)
class Caller:
    tenant: str
    user_id: str
    email: str
    role: Role
    permissions: list[Screen] | None = field(default=None)
    name: str = ""  # the user's name when their profile was read (the console greets by it)

    def require(self, screen: Screen) -> Caller:
        check_screen(self.role, self.permissions, screen)
        return self

    def require_admin(self, refusal: str) -> Caller:
        """Only an administrator goes on; anyone else gets 403 with `refusal` (pt-BR)."""
        if self.role is not Role.ADMIN:
            raise Forbidden(refusal)
        return self

    @property
    def screens(self) -> list[Screen]:
        return sorted(allowed_screens(self.role, self.permissions))


def groups_claim(value: object) -> list[str]:
    """Cognito groups arrive as a list, or (HTTP API JWT authorizer) as the string '[a b]'."""
    if isinstance(value, list):
        return [str(v) for v in value]
    text = str(value or "").strip()
    if text.startswith("[") and '"' in text:
        try:
            return [str(v) for v in json.loads(text)]
        except ValueError:
            pass
    return text.strip("[]").replace(",", " ").split()


def caller_from_claims(claims: dict[str, object]) -> Caller:
    tenant = str(claims.get("custom:tenant") or "")
    user_id = str(claims.get("sub") or "")
    role = role_from_groups(groups_claim(claims.get("cognito:groups")))
    if not tenant or not user_id or role is None:
        raise Forbidden("token sem empresa ou perfil: peça ao administrador para revisar seu usuário")
    email = str(claims.get("email") or claims.get("cognito:username") or "")
    return Caller(tenant=tenant, user_id=user_id, email=email, role=role)


def caller_from_machine(context: dict[str, object]) -> Caller:
    """An ERP's client, from what the ERP authorizer verified: its tenant, the titles screen only."""
    tenant, name = str(context.get("tenant") or ""), str(context.get("client_name") or "")
    client_id = str(context.get("client_id") or "")
    if not tenant or not client_id:
        raise Forbidden("credencial do ERP sem empresa")
    return Caller(
        tenant=tenant,
        user_id=f"{MACHINE_ACTOR_PREFIX}{name or client_id}",
        email="",
        role=Role.OPERATOR,
        permissions=[Screen.TITLES],
    )
