"""The collection portfolio's owners (F07 "Ativo de cobrança"): operator groups, who gets which debtors in
bulk, and who gets the debtors an import creates (the tenant's rule)."""

from __future__ import annotations

from enum import StrEnum
from typing import Annotated

from pydantic import Field, StringConstraints, model_validator

from cobranca.domain.model import Command, Entity, Patch
from cobranca.domain.text import Plain

GroupName = Annotated[str, StringConstraints(min_length=1, max_length=80), Plain]
MAX_GROUP_MEMBERS = 100
ASSIGN_PAGE = 100  # debtors one assignment call moves; the console repeats with `cursor` until done


class OperatorGroup(Entity):
    """Operators who share a portfolio (a team, a shift, a creditor's desk)."""

    id: str
    name: str
    member_ids: list[str] = Field(default_factory=list, description="user ids, in rotation order")
    created_at: str
    updated_at: str


class GroupIn(Command):
    name: GroupName
    member_ids: Annotated[list[str], Field(max_length=MAX_GROUP_MEMBERS)] = Field(default_factory=list)


class GroupPatch(Patch):
    name: GroupName | None = None
    member_ids: Annotated[list[str], Field(max_length=MAX_GROUP_MEMBERS)] | None = None


class Target(Command):
    """One operator, or a group whose members take the debtors in turn (round-robin, in member order)."""

    operator_id: str | None = None
    group_id: str | None = None

    @model_validator(mode="after")
    def _one(self) -> Target:
        if (self.operator_id is None) == (self.group_id is None):
            raise ValueError("informe um operador ou um grupo (um dos dois)")
        return self


def in_turn(members: list[str], position: int) -> str:
    """Round-robin: the member whose turn the `position`-th debtor is (positions count from 0)."""
    return members[position % len(members)]


class ImportRule(StrEnum):
    NONE = "none"  # imported debtors stay without an operator
    OPERATOR = "operator"  # all to one operator
    GROUP = "group"  # a group's members in turn, in file order


class AssignmentRule(Command):
    """Who gets the debtors an import creates. Debtors already in the portfolio keep their operator."""

    imports: ImportRule = ImportRule.NONE
    operator_id: str | None = None
    group_id: str | None = None

    @model_validator(mode="after")
    def _target(self) -> AssignmentRule:
        if self.imports is ImportRule.OPERATOR and not self.operator_id:
            raise ValueError("operator_id: escolha o operador que recebe os devedores importados")
        if self.imports is ImportRule.GROUP and not self.group_id:
            raise ValueError("group_id: escolha o grupo que recebe os devedores importados")
        return self


class PortfolioFilter(Command):
    """Which debtors a bulk assignment moves: the debtor list's filters, or those without an operator."""

    creditor_id: str | None = None
    category_id: str | None = None
    operator_id: str | None = None
    unassigned: bool = False

    @model_validator(mode="after")
    def _either(self) -> PortfolioFilter:
        if self.unassigned and self.operator_id:
            raise ValueError("operator_id: não combine um operador com 'sem operador'")
        return self


class AssignIn(Command):
    filter: PortfolioFilter = Field(default_factory=PortfolioFilter)
    to: Target
    dry_run: bool = False
    cursor: str | None = Field(None, description="the previous call's next_cursor: go on from there")
    position: Annotated[int, Field(ge=0)] = Field(0, description="the previous call's next_position")


class Assignment(Entity):
    """One call's work: how many debtors it looked at, moved and left as they were (already there),
    by operator; where the next call starts. A dry run counts the whole filter and moves nothing."""

    matched: int
    assigned: int = 0
    unchanged: int = 0
    by_operator: dict[str, int] = Field(default_factory=dict)
    next_cursor: str | None = None
    next_position: int = 0
