"""Agreements (acordos) and installments (parcelas), F22: what a debtor promised to pay, and when."""

from __future__ import annotations

from datetime import date, timedelta
from decimal import Decimal
from enum import StrEnum
from typing import Annotated

from pydantic import Field

from cobranca.domain.charges import spread
from cobranca.domain.contacts import Email
from cobranca.domain.dates import NearDate
from cobranca.domain.debt import Policy
from cobranca.domain.errors import InvalidInput
from cobranca.domain.model import Entity
from cobranca.domain.offers import MarginIn, Offer, ShownOffer


class PaymentMethod(StrEnum):
    BOLETO = "boleto"
    PIX = "pix"
    CARD = "card"

    @property
    def label(self) -> str:
        return {"boleto": "Boleto", "pix": "PIX", "card": "Cartão"}[self.value]


class AgreementStatus(StrEnum):
    ACTIVE = "active"
    CANCELLED = "cancelled"
    PAID = "paid"  # every installment paid: its titles are paid
    BROKEN = "broken"  # quebrado: an installment unpaid past the policy's limit; its titles reopened


class InstallmentStatus(StrEnum):
    PENDING = "pending"
    PAID = "paid"
    CANCELLED = "cancelled"


class ChargeStatus(StrEnum):
    PENDING = "pending"  # queued for the portador
    CREATED = "created"  # exists at the portador; the debtor can pay it
    FAILED = "failed"  # refused (the reason says why); nothing is retried until someone acts
    CANCELLED = "cancelled"  # deleted at the portador (the agreement was cancelled or broken)
    OVERDUE = "overdue"  # past its due date unpaid (the portador says so)
    PAID = "paid"  # the debtor paid it (confirmed or received at the portador)
    REFUNDED = "refunded"  # the money went back (refund, chargeback, a cash receipt undone)


class Charge(Entity):
    """An installment's charge at the portador and what the debtor pays it with."""

    status: ChargeStatus
    provider_id: str | None = None  # Asaas's payment id (pay_…)
    reference: str = Field(description="our externalReference at the portador: agreement and number")
    split_value: Decimal | None = Field(None, description="the creditor's fixed split on this installment")
    boleto_line: str | None = None  # linha digitável
    boleto_url: str | None = None
    pix_payload: str | None = None  # PIX copia e cola
    invoice_url: str | None = None  # the portador's payment page (the card checkout)
    reason: str | None = None  # why it failed
    paid_amount: Decimal | None = Field(None, description="what the debtor paid (late charges included)")
    net_value: Decimal | None = Field(None, description="what the portador credits after its fee")
    fee: Decimal | None = Field(None, description="the portador's fee: paid amount less net value")
    paid_on: date | None = None
    credit_date: date | None = Field(
        None, description="when the money is available (PIX, card D+0; boleto D+1)"
    )
    refunded_amount: Decimal | None = None
    last_event_at: str | None = Field(None, description="the portador's time of the last event applied")
    last_money_at: str | None = Field(None, description="… of the last payment or reversal applied")
    events: list[str] = Field(
        default_factory=list, description="the ids of the last portador events applied to it, newest last"
    )
    receipt_key: str | None = Field(None, description="a payment registered by hand: its comprovante")
    updated_at: str


def charge_reference(agreement_id: str, number: int, generation: int = 1) -> str:
    """Our externalReference at the portador: the agreement and the installment; a charge made again
    after the first was refunded carries its generation ("…-03r2"), so it is a new payment there."""
    base = f"{agreement_id}-{number:02d}"
    return base if generation <= 1 else f"{base}r{generation}"


PLAN_SUFFIX = "-cartao"
CARD_PLAN_MAX = 12


def plan_reference(agreement_id: str) -> str:
    """The externalReference of a card agreement's instalment plan: one card charge, its parts in order."""
    return f"{agreement_id}{PLAN_SUFFIX}"


def is_card_plan(a: Agreement) -> bool:
    """A card agreement of 2–12 installments is one instalment plan at the portador (F31)."""
    return a.payment_method is PaymentMethod.CARD and 2 <= len(a.installments) <= CARD_PLAN_MAX


def as_card_plan(a: Agreement) -> Agreement:
    """A card agreement of 2–12 installments is charged as one instalment plan, whose parts are equal
    (the card issuer finances them): the same total and due dates, in equal parts, the centavos left
    over on the last, as the portador divides it."""
    amounts = spread(a.total, len(a.installments))
    ordered = sorted(a.installments, key=lambda i: i.number)
    parts = [i.model_copy(update={"amount": amount}) for i, amount in zip(ordered, amounts, strict=True)]
    return a.model_copy(update={"installments": parts})


def reference_generation(reference: str) -> int:
    """1 for a first charge's reference, N for "…-03rN"."""
    generation = reference.rpartition("-")[2].partition("r")[2]
    return int(generation) if generation.isdigit() else 1


class Installment(Entity):
    number: int = Field(description="0 = entry, 1..n")
    due_date: date
    amount: Decimal
    status: InstallmentStatus = InstallmentStatus.PENDING
    charge: Charge | None = None


class Acceptance(Entity):
    """The debtor's electronic acceptance of the termo before closing (B13; an electronic signature in
    the sense of Lei 14.063/2020): when, from where, by which channel, and the SHA-256 of the exact text
    read (rendered with the number still to be given: `term.PREVIEW_NUMBER`)."""

    at: str
    channel: str
    ip: str
    user_agent: str
    text_sha256: str


class Agreement(Entity):
    id: str
    number: str
    debtor_id: str
    creditor_id: str
    title_ids: list[str]
    offer_code: str
    payment_method: PaymentMethod
    status: AgreementStatus
    total: Decimal
    installments: list[Installment]
    email: str
    created_by: str
    created_at: str
    updated_at: str
    warnings: list[str] = Field(default_factory=list, description="notices of the calculation (index gaps)")
    creditor_share: Decimal | None = Field(
        None,
        description="the debt as negotiated without honorários (principal, fine, interest): the split's base",
    )
    commission_percent: Decimal | None = Field(None, description="the agency's commission when it was closed")
    acceptance: Acceptance | None = Field(None, description="the debtor's acceptance of the termo (portal)")
    owed: Decimal | None = Field(None, description="what the titles owed on the day it was closed")
    discount: Decimal | None = Field(None, description="what the offer forgave of it")
    interest_percent_month: Decimal | None = Field(None, description="the offer's monthly rate")
    cet_month_percent: Decimal | None = Field(None, description="the CET of its payments, a month (%)")
    term_sha256: str | None = Field(None, description="the SHA-256 of the termo's text when it was closed")
    verification_code: str | None = Field(None, description="printed on the termo: /verificar/{code}")
    revision: int = Field(0, description="how many times one of its installments was paid or reversed")
    debtor_name: str = Field("", description="as it was when it was closed (the prestação de contas)")
    debtor_document: str = Field("", description="the debtor's CPF/CNPJ digits when it was closed")
    title_numbers: list[str] = Field(default_factory=list, description="its titles' numbers, as closed")


class AgreementIn(MarginIn):
    debtor_id: str
    title_ids: Annotated[list[str], Field(min_length=1, max_length=30)]
    offer_code: str
    payment_method: PaymentMethod
    first_due_date: NearDate
    email: Email
    shown: ShownOffer | None = Field(
        None,
        description="what the operator was shown (the offer's total and payments): when the server's own "
        "computation differs, 409 and nothing is closed",
    )


def agreement_number(sequence: int) -> str:
    """What operators and debtors call an agreement: A-000001, per tenant, in the order closed."""
    return f"A-{sequence:06d}"


def check_first_due_date(first_due: date, today: date, policy: Policy) -> None:
    """Between today and today + the creditor's max_first_due_days."""
    latest = today + timedelta(days=policy.max_first_due_days)
    if not today <= first_due <= latest:
        raise InvalidInput("first_due_date", f"escolha uma data entre {today:%d/%m/%Y} e {latest:%d/%m/%Y}")


def installments_of(offer: Offer) -> list[Installment]:
    return [Installment(number=p.number, due_date=p.due_date, amount=p.amount) for p in offer.payments]
