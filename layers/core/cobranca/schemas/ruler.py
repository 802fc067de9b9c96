"""Wire shapes of the ruler: a day's report, a run request."""

from __future__ import annotations

from datetime import date

from cobranca.domain.dates import (
    NearDate,
)
from cobranca.domain.model import Command, Entity


class DayReport(Entity):
    tenant: str
    run_date: date
    due_items: int = 0
    actions: int = 0
    queued: int = 0
    requeued: int = 0
    already_decided: int = 0
    tasks: int = 0


class RunIn(Command):
    date: NearDate | None = None
