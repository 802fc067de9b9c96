"""Roles, per-screen permissions and access-hour windows (F06). ADM is never restricted."""

from __future__ import annotations

from datetime import datetime
from enum import StrEnum
from typing import Annotated

from pydantic import Field, model_validator

from cobranca.domain.dates import LocalTime
from cobranca.domain.errors import Forbidden
from cobranca.domain.model import Command

WEEKDAY_NAMES = {1: "seg", 2: "ter", 3: "qua", 4: "qui", 5: "sex", 6: "sáb", 7: "dom"}


class Role(StrEnum):
    ADMIN = "admin"
    SUPERVISOR = "supervisor"
    OPERATOR = "operator"


class Screen(StrEnum):
    """A screen of the console, the unit of permission ('Cobrança - WhatsApp' in CEDRUS)."""

    CREDITORS = "creditors"
    CATEGORIES = "categories"
    DEBTORS = "debtors"
    TITLES = "titles"
    IMPORTS = "imports"
    USERS = "users"
    MESSAGING = "messaging"  # templates, rulers, sending settings, batch actions


SCREEN_LABELS: dict[Screen, str] = {
    Screen.CREDITORS: "Credores",
    Screen.CATEGORIES: "Categorias",
    Screen.DEBTORS: "Cobrança: devedores, tarefas e acordos",
    Screen.TITLES: "Títulos",
    Screen.IMPORTS: "Importações",
    Screen.USERS: "Usuários",
    Screen.MESSAGING: "Régua, mensagens e ações em lote",
}

ROLE_SCREENS: dict[Role, frozenset[Screen]] = {
    Role.ADMIN: frozenset(Screen),
    Role.SUPERVISOR: frozenset(Screen) - {Screen.USERS},
    Role.OPERATOR: frozenset({Screen.DEBTORS, Screen.TITLES}),
}


class AccessRange(Command):
    """One allowed range: a set of ISO weekdays (1 = Monday … 7 = Sunday) and an hour interval."""

    weekdays: Annotated[list[Annotated[int, Field(ge=1, le=7)]], Field(min_length=1)]
    start: LocalTime
    end: LocalTime

    @model_validator(mode="after")
    def _ordered(self) -> AccessRange:
        if self.end <= self.start:
            raise ValueError("o horário final deve ser depois do inicial")
        return self

    def allows(self, at: datetime) -> bool:
        return at.isoweekday() in self.weekdays and self.start <= at.time() < self.end

    def describe(self) -> str:
        days = ",".join(WEEKDAY_NAMES[d] for d in sorted(set(self.weekdays)))
        return f"{days} {self.start:%H:%M}–{self.end:%H:%M}"


def check_access_hours(role: Role, ranges: list[AccessRange], at_local: datetime) -> None:
    """Refuses a request outside every range; no range means no restriction."""
    if role is Role.ADMIN or not ranges or any(r.allows(at_local) for r in ranges):
        return
    allowed = "; ".join(r.describe() for r in ranges)
    raise Forbidden(f"acesso fora do horário permitido para este usuário ({allowed})")


def allowed_screens(role: Role, custom: list[Screen] | None) -> frozenset[Screen]:
    if role is Role.ADMIN or custom is None:
        return ROLE_SCREENS[role]
    return frozenset(custom) - {Screen.USERS}


def check_screen(role: Role, custom: list[Screen] | None, screen: Screen) -> None:
    if screen not in allowed_screens(role, custom):
        raise Forbidden(f"sem permissão para a tela '{screen}'")


def role_from_groups(groups: list[str]) -> Role | None:
    """The strongest role among the token's groups."""
    for role in (Role.ADMIN, Role.SUPERVISOR, Role.OPERATOR):
        if role.value in groups:
            return role
    return None
