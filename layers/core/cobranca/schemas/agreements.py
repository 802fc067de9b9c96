"""Wire shapes of agreements: filters, the termo templates."""

from __future__ import annotations

import datetime
from typing import Annotated

from pydantic import Field

from cobranca.domain.agreements import (
    AgreementStatus,
)
from cobranca.domain.dates import BoundedDate
from cobranca.domain.model import Command, Entity


class AgreementFilter(Command):
    status: AgreementStatus | None = None
    creditor: str | None = None
    operator: str | None = Field(None, description="who closed it (a user id)")
    debtor: str | None = Field(None, description="one debtor's agreements, newest first (the ficha)")
    date_from: BoundedDate | None = None
    date_to: BoundedDate | None = None
    limit: Annotated[int, Field(ge=1, le=200)] = 50


class TermTemplateIn(Command):
    text: Annotated[str, Field(min_length=1, max_length=20000)]


class TermTemplate(Entity):
    scope: str = Field(description="'default' (the tenant's) or a creditor id (its override)")
    text: str
    source: str = Field(description="creditor, tenant or system")


class BreaksReport(Entity):
    """One tenant's breaks run: the agreements looked at (an installment pending past a limit's day)
    and the ones broken."""

    tenant: str
    date: datetime.date
    checked: int
    broken: list[str] = Field(default_factory=list, description="the agreements broken (ids)")


class TermPreview(Entity):
    """The termo an agreement request would make, to read before accepting it (the number still to be
    given), and the SHA-256 of that exact text: sent back with the acceptance."""

    text: str
    sha256: str
