"""Wire shapes of users: who am I."""

from __future__ import annotations

from cobranca.domain.access import Role, Screen
from cobranca.domain.model import Entity


class Me(Entity):
    tenant: str
    user_id: str
    email: str
    role: Role
    screens: list[Screen]
