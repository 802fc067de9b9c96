"""Rulers (régua de cobrança, F41): steps at offsets from a due date, which items a step reaches on a
run date, the dedupe key of each action, and the days a run (or its catch-up) covers."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, timedelta
from decimal import Decimal
from enum import StrEnum
from typing import Annotated

from pydantic import Field, model_validator

from cobranca.domain.channels import Channel
from cobranca.domain.debt import Imputed, prescribed
from cobranca.domain.documents import DocumentKind
from cobranca.domain.model import Command, Entity, Patch


class AppliesTo(StrEnum):
    TITLES = "titles"
    INSTALLMENTS = "installments"


class RulerStep(Command):
    offset_days: Annotated[int, Field(ge=-60, le=365, description="negative = before the due date")]
    channel: Channel
    template_id: str | None = None
    applies_to: AppliesTo = AppliesTo.TITLES

    @model_validator(mode="after")
    def _template(self) -> RulerStep:
        if self.channel is Channel.CALL_TASK:
            self.template_id = None
        elif not self.template_id:
            raise ValueError("template_id: escolha o modelo da mensagem deste passo")
        return self

    def key(self, ruler_id: str) -> str:
        """Stable across edits of other steps: the ruler, the offset, the channel and the target."""
        return f"{ruler_id}.{self.applies_to.value[0]}{self.offset_days:+d}.{self.channel.value}"


Amount = Annotated[Decimal, Field(ge=0, max_digits=14, decimal_places=2)]


class RulerScope(Command):
    """Which items a ruler reaches; an empty list means any."""

    creditor_ids: list[str] = Field(default_factory=list)
    category_ids: list[str] = Field(default_factory=list)
    debtor_kind: DocumentKind | None = Field(None, description="cpf (PF) or cnpj (PJ); null = both")
    min_amount: Amount | None = None
    max_amount: Amount | None = None

    @model_validator(mode="after")
    def _range(self) -> RulerScope:
        if self.min_amount is not None and self.max_amount is not None and self.min_amount > self.max_amount:
            raise ValueError("min_amount maior que max_amount")
        return self


class RulerIn(Command):
    name: Annotated[str, Field(min_length=1, max_length=100)]
    active: bool = True
    scope: RulerScope = Field(default_factory=RulerScope)
    steps: Annotated[list[RulerStep], Field(min_length=1, max_length=30)]

    @model_validator(mode="after")
    def _distinct(self) -> RulerIn:
        keys = [s.key("") for s in self.steps]
        if len(set(keys)) != len(keys):
            raise ValueError("dois passos com o mesmo dia, canal e alvo")
        self.steps = sorted(self.steps, key=lambda s: (s.applies_to.value, s.offset_days))
        return self


class RulerPatch(Patch):
    name: Annotated[str, Field(min_length=1, max_length=100)] | None = None
    active: bool | None = None
    scope: RulerScope | None = None
    steps: Annotated[list[RulerStep], Field(min_length=1, max_length=30)] | None = None


class Ruler(Entity):
    id: str
    name: str
    active: bool
    scope: RulerScope
    steps: list[RulerStep]
    created_at: str
    updated_at: str


@dataclass(frozen=True, slots=True)
class DueItem:
    """An open title or pending installment as the due-date index holds it (no other read needed)."""

    kind: AppliesTo
    id: str  # title id, or "<agreement id>.<installment number>"
    debtor_id: str
    creditor_id: str
    amount: Decimal
    due_date: date
    debtor_kind: DocumentKind | None
    category_id: str | None
    label: str = ""  # the title number, or "parcela N"
    paid: tuple[Imputed, ...] = ()  # a title's imputed payments
    boleto_line: str | None = None  # an installment's charge, as the portador issued it
    pix_payload: str | None = None
    payment_url: str | None = None


def in_scope(scope: RulerScope, item: DueItem) -> bool:
    return (
        (not scope.creditor_ids or item.creditor_id in scope.creditor_ids)
        and (not scope.category_ids or item.category_id in scope.category_ids)
        and (scope.debtor_kind is None or item.debtor_kind is scope.debtor_kind)
        and (scope.min_amount is None or item.amount >= scope.min_amount)
        and (scope.max_amount is None or item.amount <= scope.max_amount)
    )


def due_dates(rulers: Iterable[Ruler], run_date: date) -> dict[date, list[tuple[Ruler, RulerStep]]]:
    """For each due date to read, the active steps that reach it on run_date (due = run − offset)."""
    plan: dict[date, list[tuple[Ruler, RulerStep]]] = {}
    for ruler in rulers:
        if ruler.active:
            for step in ruler.steps:
                plan.setdefault(run_date - timedelta(days=step.offset_days), []).append((ruler, step))
    return plan


@dataclass(frozen=True)
class Action:
    """One contact decided by the ruler: a debtor, a step, the items it is about."""

    key: str
    ruler_id: str
    step: RulerStep
    debtor_id: str
    creditor_id: str
    items: tuple[DueItem, ...]


def action_key(tenant: str, item: str, step_key: str, run_date: date) -> str:
    return f"{tenant}:{item}:{step_key}:{run_date.isoformat()}"


def plan_actions(
    tenant: str, run_date: date, steps: list[tuple[Ruler, RulerStep]], items: Iterable[DueItem]
) -> list[Action]:
    """The actions of one due date: in each step's scope, one per debtor and creditor (the 'item' of
    the key), listing every title or installment the step reaches, so a debtor with three titles due
    gets one message naming its creditor (CDC art. 42-A), not three."""
    grouped: dict[tuple[str, str, str], list[DueItem]] = {}
    rulers: dict[str, tuple[Ruler, RulerStep]] = {}
    for item in items:
        if prescribed(item.due_date, run_date):  # B12: never collected out of court
            continue
        for ruler, step in steps:
            if step.applies_to is item.kind and in_scope(ruler.scope, item):
                step_key = step.key(ruler.id)
                rulers[step_key] = (ruler, step)
                grouped.setdefault((step_key, item.debtor_id, item.creditor_id), []).append(item)
    return [
        Action(
            key=action_key(tenant, f"{debtor_id}~{creditor_id}", step_key, run_date),
            ruler_id=rulers[step_key][0].id,
            step=rulers[step_key][1],
            debtor_id=debtor_id,
            creditor_id=creditor_id,
            items=tuple(sorted(group, key=lambda i: i.id)),
        )
        for (step_key, debtor_id, creditor_id), group in sorted(grouped.items())
    ]


def run_dates(last_run: date | None, today: date, max_catch_up: int = 7) -> list[date]:
    """Days still to run: after the last run through today, at most max_catch_up of them."""
    if last_run is not None and last_run >= today:
        return []
    first = today - timedelta(days=max_catch_up - 1)
    if last_run is not None:
        first = max(first, last_run + timedelta(days=1))
    return [first + timedelta(days=n) for n in range((today - first).days + 1)]
