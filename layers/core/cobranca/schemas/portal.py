"""Wire shapes of Negocia Online (the debtor portal): code, session, offers, the agreement, the termo link."""

from __future__ import annotations

from typing import Annotated

from pydantic import Field

from cobranca.domain.agreements import PaymentMethod
from cobranca.domain.contacts import Email
from cobranca.domain.dates import NearDate
from cobranca.domain.model import Command, Entity


class CodeIn(Command):
    document: Annotated[str, Field(min_length=11, max_length=18)]


class SessionIn(Command):
    document: Annotated[str, Field(min_length=11, max_length=18)]
    code: Annotated[str, Field(min_length=6, max_length=6, pattern=r"^\d{6}$")]


class CodeSent(Entity):
    message: str


class SessionOut(Entity):
    token: str
    token_type: str = "Bearer"  # noqa: S105 - the scheme name, not a secret
    expires_in: int


class DebtorOffersIn(Command):
    title_ids: Annotated[list[str], Field(min_length=1, max_length=30)]
    first_due_date: NearDate | None = None


class DebtorAgreementIn(Command):
    title_ids: Annotated[list[str], Field(min_length=1, max_length=30)]
    offer_code: str
    payment_method: PaymentMethod
    first_due_date: NearDate
    email: Email


class PortalConfig(Entity):
    name: str
    card: bool = Field(description="Card payments offered (contracted service)")


class TermLink(Entity):
    url: str
    expires_in: int
