"""Wire shapes of users: who am I."""

from __future__ import annotations

from pydantic import Field

from cobranca.domain.access import Role, Screen
from cobranca.domain.model import Entity


class Me(Entity):
    tenant: str
    user_id: str
    email: str
    name: str = Field("", description="the user's name (empty until their profile exists)")
    role: Role
    screens: list[Screen]
