"""Wire shapes of Negocia Online (the debtor portal): code, session, offers, the agreement, the termo link."""

from __future__ import annotations

from datetime import date
from decimal import Decimal
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


class NextPayment(Entity):
    """What the debtor pays next on an agreement and how (F32): the PIX copia e cola and its QR, the
    boleto's line and PDF, or the card checkout. `charge` is "pending" while the portador makes it."""

    agreement_number: str
    number: int = Field(description="0 = entry")
    due_date: date
    amount: Decimal
    method: PaymentMethod
    charge: str = Field(
        description="pending (being issued), ready, failed, paid (nothing left), none (no portador)"
    )
    pix_payload: str | None = None
    pix_qr_svg: str | None = Field(None, description="the PIX code as an SVG image")
    boleto_line: str | None = None
    boleto_url: str | None = None
    invoice_url: str | None = None
