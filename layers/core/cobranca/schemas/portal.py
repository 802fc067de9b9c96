"""Wire shapes of Negocia Online (the debtor portal): code, session, offers, the agreement, the termo link."""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from typing import Annotated

from pydantic import Field, model_validator

from cobranca.domain.agreements import AgreementStatus, PaymentMethod
from cobranca.domain.company import Collector
from cobranca.domain.contacts import Email
from cobranca.domain.dates import NearDate
from cobranca.domain.model import Command, Entity

LinkRef = Annotated[str, Field(pattern=r"^[0-9a-f]{28}$", description="the `d` of a personal link")]


class Identify(Command):
    """Who asks: the document typed, or the personal link of a message (the page never sees the whole
    document then). A link authenticates nothing: the code still goes to the contact on file."""

    document: Annotated[str | None, Field(min_length=11, max_length=18)] = None
    link: LinkRef | None = None

    @model_validator(mode="after")
    def _one(self) -> Identify:
        if (self.document is None) == (self.link is None):
            raise ValueError("document: informe o CPF ou CNPJ (ou use o link recebido)")
        return self


class CodeIn(Identify):
    pass


class SessionIn(Identify):
    code: Annotated[str, Field(min_length=6, max_length=6, pattern=r"^\d{6}$")]


class LinkOut(Entity):
    """What a personal link shows before login: the document masked, to recognise it as one's own."""

    document_masked: str


class OptOut(Entity):
    """What an opt-out link stops: a channel, from whom, and whether it is stopped already."""

    channel: str = Field(description="in words: e-mail, SMS…")
    sender: str = Field(description="who stops sending: the collecting agency")
    done: bool


class TermVerified(Entity):
    """What /verificar/{code} confirms of a termo: that it exists, its number, date and parties; never
    an amount (whoever holds the code may not be the debtor)."""

    code: str
    number: str
    closed_on: date
    debtor_name: str
    debtor_document_masked: str
    creditor: str = Field(description="name and CNPJ/CPF")
    collector: str | None = Field(None, description="the collecting agency: name and CNPJ")
    closed_by: str = Field(description="the debtor on Negocia Online (electronic acceptance) or an operator")
    term_sha256: str


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
    accepted_term_sha256: Annotated[str, Field(pattern=r"^[0-9a-f]{64}$")] | None = Field(
        None,
        description="the SHA-256 of the termo read (POST /negocia/api/term-preview); required to close",
    )


class PortalConfig(Entity):
    name: str
    card: bool = Field(description="Card payments offered (contracted service)")
    collector: Collector | None = Field(None, description="the agency's identity and contact channels")


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
    instructions: list[str] | None = Field(
        None, description='how to pay a creditor without a portador ("none"): PIX key or bank data, in lines'
    )


class DebtorAgreement(Entity):
    """One of the debtor's agreements as Negocia Online shows it (Meus acordos)."""

    id: str
    number: str
    status: AgreementStatus
    created_at: str
    total: Decimal
    payment_method: PaymentMethod
    creditor_name: str
    installments: list[NextPayment] = Field(
        description="every installment, in order, with its state and means"
    )
