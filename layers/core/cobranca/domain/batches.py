"""Manual batch actions (F41): a filter over the open items, a one-step action, its preview and record."""

from __future__ import annotations

from datetime import date, timedelta
from decimal import Decimal
from enum import StrEnum
from typing import Annotated

from pydantic import Field, model_validator

from cobranca.domain.channels import MessageChannel
from cobranca.domain.messages import ItemRef
from cobranca.domain.model import Command, Entity
from cobranca.domain.rulers import Amount, Ruler, RulerScope, RulerStep
from cobranca.domain.templates import Rendered

MAX_DAYS_LATE = 1825  # five years: past it a title is prescribed (CC art. 206 §5º, I)
DEFAULT_DAYS_LATE = 365  # a year late by default; up to MAX_DAYS_LATE when asked
BATCH_SAMPLE = 10


class DaysLate(Command):
    min: Annotated[int, Field(ge=0, le=MAX_DAYS_LATE)] = 1
    max: Annotated[int, Field(ge=0, le=MAX_DAYS_LATE)] = DEFAULT_DAYS_LATE

    @model_validator(mode="after")
    def _range(self) -> DaysLate:
        if self.min > self.max:
            raise ValueError("o mínimo de dias de atraso é maior que o máximo")
        return self


class AmountRange(Command):
    min: Amount | None = None
    max: Amount | None = None

    @model_validator(mode="after")
    def _range(self) -> AmountRange:
        if self.min is not None and self.max is not None and self.min > self.max:
            raise ValueError("o valor mínimo é maior que o máximo")
        return self


class BatchFilter(Command):
    """Which open titles a manual action reaches (original amount, days late on the batch date)."""

    creditor_id: str | None = None
    category_id: str | None = None
    days_late: DaysLate = Field(default_factory=DaysLate)
    amount: AmountRange = Field(default_factory=AmountRange)

    def due_range(self, on: date) -> tuple[date, date]:
        """The due dates the filter reaches on `on`: the index partitions to read, nothing else."""
        return on - timedelta(days=self.days_late.max), on - timedelta(days=self.days_late.min)

    def as_ruler(self, batch_id: str, channel: MessageChannel, template_id: str) -> tuple[Ruler, RulerStep]:
        """A batch is a one-step ruler over its filter: the same grouping, keys and sender."""
        scope = RulerScope(
            creditor_ids=[self.creditor_id] if self.creditor_id else [],
            category_ids=[self.category_id] if self.category_id else [],
            min_amount=self.amount.min,
            max_amount=self.amount.max,
        )
        step = RulerStep(offset_days=0, channel=channel, template_id=template_id)
        return Ruler(
            id=batch_id, name="", active=True, scope=scope, steps=[step], created_at="", updated_at=""
        ), step


class BatchIn(Command):
    filter: BatchFilter = Field(default_factory=BatchFilter)
    channel: MessageChannel
    template_id: str
    dry_run: bool = False


class BatchStatus(StrEnum):
    ACCEPTED = "accepted"  # recorded; the ruler function is deciding its messages
    QUEUED = "queued"  # every message decided and handed to the sender


class Batch(Entity):
    id: str
    filter: BatchFilter
    channel: MessageChannel
    template_id: str
    run_date: date = Field(description="days late are counted on this date, also when re-planned")
    status: BatchStatus = BatchStatus.ACCEPTED
    actions: int = Field(0, description="messages decided (one per debtor and creditor), each on its way")
    created_by: str
    created_at: str
    updated_at: str


BATCH_CHECKED = 200  # a dry run reads the contacts and cap of at most this many debtors


class BatchSample(Entity):
    debtor_id: str
    debtor_name: str = ""
    creditor_id: str
    titles: list[ItemRef]
    message: Rendered | None = Field(None, description="the message as this debtor would receive it")


class BatchPreview(Entity):
    """A dry run: how many messages the action would decide, over how many titles, a sample with the
    rendered message, and of the first `checked` debtors how many would not be reached today (no
    usable contact: fails; cap full or a promise to pay: waits)."""

    run_date: date
    actions: int
    titles: int
    total_amount: Decimal
    sample: list[BatchSample]
    checked: int = 0
    held: dict[str, int] = Field(default_factory=dict, description="delivery.Held -> how many")
