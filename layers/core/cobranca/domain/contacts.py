"""Contacts of a debtor (e-mail, phone, postal address), their normal forms, and which may receive
the Negocia Online code."""

from __future__ import annotations

import hashlib
import re
from collections.abc import Iterable
from enum import StrEnum
from typing import Annotated, Any

from pydantic import AfterValidator, Field, StringConstraints, model_validator

from cobranca.domain.errors import InvalidInput
from cobranca.domain.model import Command, Entity, Patch
from cobranca.domain.text import Label, Name, Plain

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


class ContactKind(StrEnum):
    PHONE = "phone"
    EMAIL = "email"
    ADDRESS = "address"


def _uf(value: str) -> str:
    uf = value.strip().upper()
    if uf not in UFS:
        raise ValueError(f"UF '{value}' não existe")
    return uf


UF = Annotated[str, AfterValidator(_uf)]


Email = Annotated[str, AfterValidator(lambda v: reason_as_value_error(normalize_email, v))]


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


def display_phone(phone: str) -> str:
    """A Brazilian E.164 number as people write it: +5511930004000 -> (11) 93000-4000 (with or
    without the '+'); anything else as it is."""
    digits = re.sub(r"\D", "", phone)
    local = digits[2:] if digits.startswith("55") and len(digits) in (12, 13) else digits
    return f"({local[:2]}) {local[2:-4]}-{local[-4:]}" if len(local) in (10, 11) else phone


def phone_to_dial(contacts: Iterable[Contact], skip: str | None = None) -> str:
    """The number an operator's task shows: the first valid phone (but `skip`, a number just found
    wrong), or "" when there is none."""
    return next((c.value for c in contacts if c.kind is ContactKind.PHONE and c.valid and c.id != skip), "")


def is_mobile(e164: str) -> bool:
    """+55 DDD 9XXXX-XXXX: only mobiles receive SMS."""
    return len(e164) == 14 and e164.startswith("+55") and e164[5] == "9"


def normalize_email(raw: str) -> str:
    value = (raw or "").strip().lower()
    if not _EMAIL.match(value) or len(value) > 254:
        raise InvalidInput("email", "e-mail inválido")
    return value


class Address(Entity):
    street: Name
    number: Annotated[str, StringConstraints(strip_whitespace=True, max_length=20), Plain] = ""
    complement: Annotated[str, StringConstraints(strip_whitespace=True, max_length=100), Plain] = ""
    district: Annotated[str, StringConstraints(strip_whitespace=True, max_length=100), Plain] = ""
    city: Name
    uf: UF
    zip_code: Annotated[str, StringConstraints(pattern=r"^\d{5}-?\d{3}$")]


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


def _prefixed(field: str, fn: Any, value: str) -> str:
    try:
        result: str = fn(value)
    except InvalidInput as exc:
        raise ValueError(f"{field}: {exc.reason}") from exc
    return result


def reason_as_value_error(fn: Any, value: str) -> str:
    try:
        result: str = fn(value)
    except InvalidInput as exc:
        raise ValueError(exc.reason) from exc
    return result


def check_login_contact(c: Contact) -> None:
    """Only a valid e-mail or mobile can receive the Negocia Online code."""
    if not c.login:
        return
    if not c.valid:
        raise InvalidInput("login", "um contato inválido não pode receber o código de acesso")
    if c.kind is not ContactKind.EMAIL and not (c.kind is ContactKind.PHONE and is_mobile(c.value)):
        raise InvalidInput("login", "o código de acesso vai por e-mail ou SMS: escolha um e-mail ou celular")


def address_line(a: Address | None) -> str:
    """An address on one line, as documents print it ("" when there is none)."""
    if a is None:
        return ""
    return " ".join(
        f"{a.street}, {a.number} {a.complement} - {a.district}, {a.city}/{a.uf}, CEP {a.zip_code}".split()
    )


def contact_id(debtor_id: str, kind: str, value: str) -> str:
    """Deterministic, so the same phone or e-mail is never stored twice for a debtor."""
    return hashlib.sha256(f"{debtor_id}|{kind}|{value}".encode()).hexdigest()[:20]
