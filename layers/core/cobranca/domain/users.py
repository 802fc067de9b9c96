"""Operator accounts: profile, per-screen permissions and access-hour windows (F06)."""

from __future__ import annotations

from typing import Annotated

from pydantic import AfterValidator, Field, StringConstraints

from cobranca.domain.access import AccessRange, Role, Screen
from cobranca.domain.contacts import Email
from cobranca.domain.model import Command, Entity, Patch
from cobranca.domain.text import Plain

ProfileName = Annotated[str, StringConstraints(min_length=1, max_length=60), Plain]


def _screens(value: list[Screen]) -> list[Screen]:
    if Screen.USERS in value:
        raise ValueError("a tela de usuários é só do administrador")
    return sorted(set(value))


Screens = Annotated[list[Screen], AfterValidator(_screens)]


class Profile(Entity):
    """A named access profile (F06: "Operador WhatsApp"): the screens its users may open. An admin's
    role opens everything, whatever the profile."""

    id: str
    name: str
    screens: list[Screen]
    created_at: str
    updated_at: str


class ProfileIn(Command):
    name: ProfileName
    screens: Screens


class ProfilePatch(Patch):
    name: ProfileName | None = None
    screens: Screens | None = None


class User(Entity):
    id: str
    email: str
    name: str
    role: Role
    permissions: list[Screen] | None = Field(None, description="Screens allowed; null = the role's defaults")
    profile_id: str | None = Field(None, description="The named profile whose screens `permissions` copies")
    access_ranges: list[AccessRange] = Field(default_factory=list, description="Empty = no restriction")
    active: bool = True
    created_at: str
    updated_at: str


class Operator(Entity):
    """Who can be given debtors and tasks, as a supervisor picks them."""

    id: str
    name: str
    role: Role


class UserIn(Command):
    email: Email
    name: Annotated[str, StringConstraints(min_length=1, max_length=120), Plain]
    role: Role
    permissions: list[Screen] | None = None
    profile_id: str | None = None
    access_ranges: list[AccessRange] = Field(default_factory=list, max_length=20)
    temporary_password: Annotated[str, StringConstraints(min_length=10, max_length=100)] | None = None


class UserPatch(Patch):
    clearable = frozenset({"permissions", "profile_id"})  # null: the role's default screens
    name: Annotated[str, StringConstraints(min_length=1, max_length=120), Plain] | None = None
    role: Role | None = None
    permissions: list[Screen] | None = None
    profile_id: str | None = None
    access_ranges: list[AccessRange] | None = Field(None, max_length=20)
    active: bool | None = None
