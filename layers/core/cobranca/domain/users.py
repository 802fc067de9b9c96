"""Operator accounts: profile, per-screen permissions and access-hour windows (F06)."""

from __future__ import annotations

from typing import Annotated

from pydantic import Field, StringConstraints

from cobranca.domain.access import AccessRange, Role, Screen
from cobranca.domain.contacts import Email
from cobranca.domain.model import Command, Entity, Patch
from cobranca.domain.text import Plain


class User(Entity):
    id: str
    email: str
    name: str
    role: Role
    permissions: list[Screen] | None = Field(None, description="Screens allowed; null = the role's defaults")
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
    access_ranges: list[AccessRange] = Field(default_factory=list, max_length=20)
    temporary_password: Annotated[str, StringConstraints(min_length=10, max_length=100)] | None = None


class UserPatch(Patch):
    clearable = frozenset({"permissions"})  # null: the role's default screens
    name: Annotated[str, StringConstraints(min_length=1, max_length=120), Plain] | None = None
    role: Role | None = None
    permissions: list[Screen] | None = None
    access_ranges: list[AccessRange] | None = Field(None, max_length=20)
    active: bool | None = None
