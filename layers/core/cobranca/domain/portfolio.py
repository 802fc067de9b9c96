"""Portfolio entities (tenant, creditor, category, debtor, contact, title, history) and their commands."""

from __future__ import annotations

import re
import unicodedata
from datetime import date
from decimal import Decimal
from enum import StrEnum
from typing import Annotated, Any

from pydantic import AfterValidator, Field, StringConstraints, model_validator

from cobranca.domain.dates import DueDate, PastDate
from cobranca.domain.debt import Policy
from cobranca.domain.documents import DocumentKind, parse_document
from cobranca.domain.errors import Conflict, InvalidInput
from cobranca.domain.model import Command, Entity, Patch
from cobranca.domain.money import validate_amount
from cobranca.domain.text import Description, Label, Name, Plain, ShortText

UFS = frozenset(
    [
        "AC",
        "AL",
        "AP",
        "AM",
        "BA",
        "CE",
        "DF",
        "ES",
        "GO",
        "MA",
        "MT",
        "MS",
        "MG",
        "PA",
        "PB",
        "PR",
        "PE",
        "PI",
        "RJ",
        "RN",
        "RS",
        "RO",
        "RR",
        "SC",
        "SP",
        "SE",
        "TO",
    ]
)
_EMAIL = re.compile(r"^[^@\s]+@[^@\s]+\.[^@\s]+$")
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


class ContactKind(StrEnum):
    PHONE = "phone"
    EMAIL = "email"
    ADDRESS = "address"


# ------------------------------------------------------------------ field validators (pt-BR reasons)
def _document(value: str) -> str:
    try:
        return parse_document(value).number
    except InvalidInput as exc:
        raise ValueError(exc.reason) from exc


def _uf(value: str) -> str:
    uf = value.strip().upper()
    if uf not in UFS:
        raise ValueError(f"UF '{value}' não existe")
    return uf


def _color(value: str) -> str:
    if not _COLOR.match(value):
        raise ValueError("cor deve estar no formato #RRGGBB")
    return value.upper()


def _amount(value: Decimal) -> Decimal:
    try:
        return validate_amount(value)
    except InvalidInput as exc:
        raise ValueError(exc.reason) from exc


DocumentNumber = Annotated[str, AfterValidator(_document)]
UF = Annotated[str, AfterValidator(_uf)]
Color = Annotated[str, AfterValidator(_color)]
Amount = Annotated[Decimal, AfterValidator(_amount)]
Email = Annotated[str, AfterValidator(lambda v: _reason_as_value_error(normalize_email, v))]


def normalize_phone(raw: str) -> str:
    """Brazilian phone to E.164 (+55 DDD number): landline 8 digits, mobile 9 starting with 9."""
    digits = re.sub(r"\D", "", raw or "")
    if digits.startswith("55") and len(digits) in (12, 13):
        digits = digits[2:]
    digits = digits.lstrip("0") if len(digits) in (11, 12) and digits.startswith("0") else digits
    if len(digits) not in (10, 11) or not 11 <= int(digits[:2]) <= 99:
        raise InvalidInput("phone", "telefone inválido: use DDD + número, ex. (11) 91234-5678")
    if len(digits) == 11 and digits[2] != "9":
        raise InvalidInput("phone", "celular com 9 dígitos deve começar com 9")
    return f"+55{digits}"


def is_mobile(e164: str) -> bool:
    """+55 DDD 9XXXX-XXXX: only mobiles receive SMS."""
    return len(e164) == 14 and e164.startswith("+55") and e164[5] == "9"


def normalize_email(raw: str) -> str:
    value = (raw or "").strip().lower()
    if not _EMAIL.match(value) or len(value) > 254:
        raise InvalidInput("email", "e-mail inválido")
    return value


def name_key(name: str) -> str:
    """Accent- and case-insensitive form of a name, for prefix search ('José' finds 'jose')."""
    decomposed = unicodedata.normalize("NFKD", name)
    plain = "".join(c for c in decomposed if not unicodedata.combining(c))
    return " ".join(plain.lower().split())


# ------------------------------------------------------------------ entities
class Tenant(Entity):
    slug: str
    name: str
    services: list[Service] = Field(default_factory=list)


class Address(Entity):
    street: Name
    number: Annotated[str, StringConstraints(strip_whitespace=True, max_length=20), Plain] = ""
    complement: Annotated[str, StringConstraints(strip_whitespace=True, max_length=100), Plain] = ""
    district: Annotated[str, StringConstraints(strip_whitespace=True, max_length=100), Plain] = ""
    city: Name
    uf: UF
    zip_code: Annotated[str, StringConstraints(pattern=r"^\d{5}-?\d{3}$")]


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
    created_at: str
    updated_at: str


class Category(Entity):
    id: str
    name: str
    color: str
    created_at: str
    updated_at: str


class Contact(Entity):
    id: str
    kind: ContactKind
    value: str = Field(description="E.164 phone, lower-case e-mail, or a one-line address")
    address: Address | None = None
    label: str = ""
    valid: bool = True
    invalid_reason: str | None = None
    login: bool = Field(False, description="Receives the Negocia Online login code (one per debtor)")
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


class Debtor(DebtorSummary):
    birth_date: date | None = Field(None, description="Birth date (CPF) or opening date (CNPJ)")
    contacts: list[Contact] = Field(default_factory=list)
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


class HistoryEntry(Entity):
    id: str
    at: str
    actor: str = Field(description="User id, or 'import' / 'system'")
    action: str
    detail: str
    data: dict[str, Any] = Field(default_factory=dict)


# ------------------------------------------------------------------ commands (request bodies)
class CreditorIn(Command):
    code: ShortText
    name: Name
    document: DocumentNumber
    address: Address | None = None


class CreditorPatch(Patch):
    clearable = frozenset({"address"})
    code: ShortText | None = None
    name: Name | None = None
    address: Address | None = None
    policy: Policy | None = None


class CategoryIn(Command):
    name: ShortText
    color: Color


class CategoryPatch(Patch):
    name: ShortText | None = None
    color: Color | None = None


class ContactIn(Command):
    kind: ContactKind
    value: Annotated[str, StringConstraints(max_length=300)] = ""
    address: Address | None = None
    label: Label = ""

    @model_validator(mode="after")
    def _normalize(self) -> ContactIn:
        if self.kind is ContactKind.ADDRESS:
            if self.address is None:
                raise ValueError("address: informe o endereço (rua, cidade, UF, CEP)")
            a = self.address
            self.value = f"{a.street}, {a.number} {a.complement} - {a.district}, {a.city}/{a.uf} {a.zip_code}"
            self.value = " ".join(self.value.split())
        elif self.kind is ContactKind.PHONE:
            self.value = _prefixed("value", normalize_phone, self.value)
        else:
            self.value = _prefixed("value", normalize_email, self.value)
        return self


class ContactPatch(Patch):
    clearable = frozenset({"invalid_reason"})
    label: Label | None = None
    valid: bool | None = None
    invalid_reason: Annotated[str, StringConstraints(max_length=200)] | None = None
    login: bool | None = Field(None, description="true: this contact receives the Negocia Online code")

    @model_validator(mode="after")
    def _reason_required(self) -> ContactPatch:
        if self.valid is False and not self.invalid_reason:
            raise ValueError("invalid_reason: informe o motivo ao marcar o contato como inválido")
        return self


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


class TitleStatusIn(Command):
    status: TitleStatus
    reason: Annotated[str, StringConstraints(max_length=300)] = ""


def _prefixed(field: str, fn: Any, value: str) -> str:
    try:
        result: str = fn(value)
    except InvalidInput as exc:
        raise ValueError(f"{field}: {exc.reason}") from exc
    return result


def _reason_as_value_error(fn: Any, value: str) -> str:
    try:
        result: str = fn(value)
    except InvalidInput as exc:
        raise ValueError(exc.reason) from exc
    return result


# ------------------------------------------------------------------ rules
# Manual status changes an operator may make; in_agreement is set and cleared only by agreements.
_MANUAL_TRANSITIONS = {
    TitleStatus.OPEN: {TitleStatus.PAID, TitleStatus.CANCELLED},
    TitleStatus.CANCELLED: {TitleStatus.OPEN},
    TitleStatus.PAID: set(),
    TitleStatus.IN_AGREEMENT: set(),
}


def check_manual_transition(current: TitleStatus, target: TitleStatus) -> None:
    if target == current:
        return
    if current is TitleStatus.IN_AGREEMENT:
        raise Conflict("título está em acordo: cancele o acordo para alterá-lo")
    if target not in _MANUAL_TRANSITIONS[current]:
        raise Conflict(f"não é possível mudar um título de '{current}' para '{target}'")


def check_login_contact(c: Contact) -> None:
    """Only a valid e-mail or mobile can receive the Negocia Online code."""
    if not c.login:
        return
    if not c.valid:
        raise InvalidInput("login", "um contato inválido não pode receber o código de acesso")
    if c.kind is not ContactKind.EMAIL and not (c.kind is ContactKind.PHONE and is_mobile(c.value)):
        raise InvalidInput("login", "o código de acesso vai por e-mail ou SMS: escolha um e-mail ou celular")
