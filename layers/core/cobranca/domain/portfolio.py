"""Portfolio entities (tenant, creditor, category, debtor, contact, title, history) and their commands."""

from __future__ import annotations

import datetime
import re
from collections.abc import Iterable
from datetime import date
from decimal import Decimal
from enum import StrEnum
from typing import Annotated, Any

from pydantic import AfterValidator, Field, StringConstraints

from cobranca.domain.channels import MessageChannel
from cobranca.domain.contacts import (
    UF,
    Address,
    Contact,
    ContactIn,
)
from cobranca.domain.dates import DueDate, PastDate
from cobranca.domain.debt import Imputed, Policy
from cobranca.domain.documents import DocumentKind, parse_document
from cobranca.domain.errors import Conflict, InvalidInput
from cobranca.domain.ids import new_id
from cobranca.domain.model import Command, Entity, Patch
from cobranca.domain.money import validate_amount
from cobranca.domain.payments import PaymentInstructions, Portador, WalletId
from cobranca.domain.text import Description, Name, ShortText

_COLOR = re.compile(r"^#[0-9A-Fa-f]{6}$")


class Service(StrEnum):
    """Contracted services that switch features on per tenant (F62)."""

    NEGOCIA_ONLINE = "negocia_online"
    WHATSAPP = "whatsapp"
    SMS = "sms"
    EMAIL = "email"
    LETTER = "letter"
    CARD = "card"


class TitleStatus(StrEnum):
    OPEN = "open"
    IN_AGREEMENT = "in_agreement"
    PAID = "paid"
    CANCELLED = "cancelled"
    # ajuizado: in a lawsuit, the ruler, the sender and the portal leave it alone until it is unmarked
    IN_LAWSUIT = "in_lawsuit"

    @property
    def label(self) -> str:
        return TITLE_STATUS_LABELS[self]


TITLE_STATUS_LABELS = {
    TitleStatus.OPEN: "em aberto",
    TitleStatus.IN_AGREEMENT: "em acordo",
    TitleStatus.PAID: "pago",
    TitleStatus.CANCELLED: "cancelado",
    TitleStatus.IN_LAWSUIT: "ajuizado",
}


# ------------------------------------------------------------------ field validators (pt-BR reasons)
def _document(value: str) -> str:
    try:
        return parse_document(value).number
    except InvalidInput as exc:
        raise ValueError(exc.reason) from exc


def _color(value: str) -> str:
    if not _COLOR.match(value):
        raise ValueError("cor deve estar no formato #RRGGBB")
    return value.upper()


_CREDITOR_CODE = re.compile(r"^[A-Z0-9_-]{1,30}$")


def _creditor_code(value: str) -> str:
    if not _CREDITOR_CODE.match(value):
        raise ValueError("código do credor: use até 30 letras maiúsculas (sem acento), números, _ ou -")
    return value


def _amount(value: Decimal) -> Decimal:
    try:
        return validate_amount(value)
    except InvalidInput as exc:
        raise ValueError(exc.reason) from exc


DocumentNumber = Annotated[str, AfterValidator(_document)]
Color = Annotated[str, AfterValidator(_color)]
Amount = Annotated[Decimal, AfterValidator(_amount)]
CreditorCode = Annotated[str, StringConstraints(strip_whitespace=True), AfterValidator(_creditor_code)]


FIELD_LABELS = {
    "name": "nome",
    "document": "CPF/CNPJ",
    "uf": "UF",
    "birth_date": "data de nascimento",
    "category_id": "categoria",
    "operator_id": "operador",
}


def changed_fields(names: Iterable[str]) -> str:
    """What the history says changed in a debtor's record, in the operator's words."""
    return ", ".join(FIELD_LABELS.get(n, n) for n in names) or "nenhum campo"


# ------------------------------------------------------------------ entities
class Tenant(Entity):
    slug: str
    name: str
    services: list[Service] = Field(default_factory=list)


class Creditor(Entity):
    id: str
    code: str
    name: str
    document: str
    document_kind: DocumentKind
    address: Address | None = None
    policy: Policy = Field(
        default_factory=Policy, description="How debts are updated and what may be offered"
    )
    portador: Portador = Field(Portador.NONE, description="who issues the creditor's charges (F30)")
    wallet_id: str | None = Field(None, description="the creditor's Asaas wallet: its share's split")
    payment_instructions: PaymentInstructions | None = Field(
        None, description="how a debtor pays this creditor when no portador charges it (PIX key, bank data)"
    )
    payable_since: date | None = Field(
        None, description="the day its debtors first had a way to pay it (a portador or instructions)"
    )
    created_at: str
    updated_at: str


class Category(Entity):
    id: str
    name: str
    color: str
    created_at: str
    updated_at: str


class DebtorSummary(Entity):
    """What list screens show; copied onto the index items that list debtors."""

    id: str
    document: str
    document_kind: DocumentKind
    name: str
    uf: str | None = None
    category_id: str | None = None
    operator_id: str | None = None


class Promise(Entity):
    """The debtor's current promise to pay (a new one replaces it)."""

    date: date
    amount: str  # "1234.56"
    by: str  # the operator's user id
    at: str
    debtor_id: str = ""
    debtor_name: str = ""  # for the operator's list of promises
    broken: bool = False  # computed when read (promise_broken), never stored
    holds_until: datetime.date | None = Field(
        None, description="computed when read: the first day the debtor may be contacted again"
    )


def promise_broken(p: Promise, titles_open: bool, today: date) -> bool:
    """A promise is broken once its date passed with the debtor's titles still open."""
    return titles_open and p.date < today


class PromiseView(Entity):
    """A promise in an operator's list (Início): whose, for when, how much, and whether it broke."""

    debtor_id: str
    debtor_name: str
    date: date
    amount: str
    broken: bool


class Debtor(DebtorSummary):
    birth_date: date | None = Field(None, description="Birth date (CPF) or opening date (CNPJ)")
    contacts: list[Contact] = Field(default_factory=list)
    promise: Promise | None = Field(None, description="the current promise to pay (F05), read-only")
    opted_out: list[MessageChannel] = Field(
        default_factory=list, description="channels the debtor asked not to be contacted by, read-only"
    )
    created_at: str
    updated_at: str


class Title(Entity):
    id: str
    debtor_id: str
    creditor_id: str
    number: str
    description: str = ""
    original_amount: Decimal
    due_date: date
    status: TitleStatus
    created_at: str
    updated_at: str
    payments: list[Imputed] = Field(
        default_factory=list, description="payments imputed to it (a broken agreement's installments)"
    )


class HistoryEntry(Entity):
    id: str
    at: str
    actor: str = Field(description="User id, or 'import' / 'system'")
    action: str
    detail: str
    data: dict[str, Any] = Field(default_factory=dict)

    @classmethod
    def new(
        cls, *, at: str, actor: str, action: str, detail: str, data: dict[str, Any] | None = None
    ) -> HistoryEntry:
        """A new line of a debtor's history, its id made here."""
        return cls(id=new_id(), at=at, actor=actor, action=action, detail=detail, data=data or {})


class Alert(HistoryEntry):
    """A history entry someone must act on (a refund, a chargeback, money received after an agreement
    ended, a credit to give back): listed for the whole tenant on the console's Início."""

    debtor_id: str


# ------------------------------------------------------------------ commands (request bodies)
class CreditorIn(Command):
    """A new creditor with its whole policy: one request, one write (never a creditor left without the
    policy that was refused)."""

    code: CreditorCode
    name: Name
    document: DocumentNumber
    address: Address | None = None
    policy: Policy = Field(default_factory=Policy)
    portador: Portador = Portador.NONE
    wallet_id: WalletId | None = None
    payment_instructions: PaymentInstructions | None = None


class CreditorPatch(Patch):
    clearable = frozenset({"address", "wallet_id", "payment_instructions"})
    code: CreditorCode | None = None
    name: Name | None = None
    address: Address | None = None
    policy: Policy | None = None
    portador: Portador | None = None
    wallet_id: WalletId | None = None
    payment_instructions: PaymentInstructions | None = None


class CategoryIn(Command):
    name: ShortText
    color: Color


class CategoryPatch(Patch):
    name: ShortText | None = None
    color: Color | None = None


class DebtorIn(Command):
    document: DocumentNumber
    name: Name
    birth_date: PastDate | None = None
    uf: UF | None = None
    category_id: str | None = None
    operator_id: str | None = None
    contacts: list[ContactIn] = Field(default_factory=list, max_length=50)


class DebtorPatch(Patch):
    clearable = frozenset({"birth_date", "uf", "category_id", "operator_id"})
    name: Name | None = None
    birth_date: PastDate | None = None
    uf: UF | None = None
    category_id: str | None = None
    operator_id: str | None = None


class TitleIn(Command):
    creditor_id: str
    number: ShortText
    description: Description = ""
    original_amount: Amount
    due_date: DueDate


class SourceChangeIn(Command):
    """A title paid or cancelled at the source (the ERP): found by its number."""

    creditor_id: str | None = Field(None, description="when two creditors use the same number")
    reason: Annotated[str, StringConstraints(max_length=300)] = ""


class TitleStatusIn(Command):
    status: TitleStatus
    reason: Annotated[str, StringConstraints(max_length=300)] = ""


# ------------------------------------------------------------------ rules
# Manual status changes an operator may make; in_agreement is set and cleared only by agreements.
_MANUAL_TRANSITIONS = {
    TitleStatus.OPEN: {TitleStatus.PAID, TitleStatus.CANCELLED, TitleStatus.IN_LAWSUIT},
    TitleStatus.CANCELLED: {TitleStatus.OPEN},
    TitleStatus.IN_LAWSUIT: {TitleStatus.OPEN, TitleStatus.PAID, TitleStatus.CANCELLED},
    TitleStatus.PAID: set(),
    TitleStatus.IN_AGREEMENT: set(),
}


def check_manual_transition(current: TitleStatus, target: TitleStatus) -> None:
    if target == current:
        return
    if current is TitleStatus.IN_AGREEMENT:
        raise Conflict("título está em acordo: cancele o acordo para alterá-lo")
    if target not in _MANUAL_TRANSITIONS[current]:
        raise Conflict(f"não é possível mudar um título de '{current.label}' para '{target.label}'")


def reopened(titles: list[Title], now: str) -> list[Title]:
    """The titles of an agreement cancelled before it was paid: open again, as they were before it."""
    return [t.model_copy(update={"status": TitleStatus.OPEN, "updated_at": now}) for t in titles]
