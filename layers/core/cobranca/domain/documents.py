"""CPF and CNPJ (numeric and the alphanumeric CNPJ valid from July 2026), by check digits."""

from __future__ import annotations

import re
from dataclasses import dataclass
from enum import StrEnum

from cobranca.domain.errors import InvalidInput

_MASK = re.compile(r"[\s./\-]")
_CNPJ_BODY = re.compile(r"^[0-9A-Z]{12}[0-9]{2}$")
_CPF_WEIGHTS_1 = range(10, 1, -1)
_CPF_WEIGHTS_2 = range(11, 1, -1)
_CNPJ_WEIGHTS_1 = (5, 4, 3, 2, 9, 8, 7, 6, 5, 4, 3, 2)
_CNPJ_WEIGHTS_2 = (6, 5, 4, 3, 2, 9, 8, 7, 6, 5, 4, 3, 2)


class DocumentKind(StrEnum):
    CPF = "CPF"  # pessoa física
    CNPJ = "CNPJ"  # pessoa jurídica


@dataclass(frozen=True, slots=True)
class Document:
    """A validated, normalized document: digits (and upper-case letters for CNPJ) only."""

    kind: DocumentKind
    number: str

    @property
    def formatted(self) -> str:
        n = self.number
        if self.kind is DocumentKind.CPF:
            return f"{n[:3]}.{n[3:6]}.{n[6:9]}-{n[9:]}"
        return f"{n[:2]}.{n[2:5]}.{n[5:8]}/{n[8:12]}-{n[12:]}"

    @property
    def masked(self) -> str:
        """What may be shown to someone who is not the debtor (LGPD): the middle digits only."""
        n = self.number
        if self.kind is DocumentKind.CPF:
            return f"***.{n[3:6]}.{n[6:9]}-**"
        return f"**.{n[2:5]}.{n[5:8]}/{n[8:12]}-**"


def _cpf_digit(body: str, weights: range) -> str:
    remainder = sum(int(c) * w for c, w in zip(body, weights, strict=True)) * 10 % 11
    return str(0 if remainder == 10 else remainder)


def _cnpj_digit(body: str, weights: tuple[int, ...]) -> str:
    # Receita Federal (IN RFB 2.229/2024): each character is worth its ASCII code minus 48.
    remainder = sum((ord(c) - 48) * w for c, w in zip(body, weights, strict=True)) % 11
    return str(0 if remainder < 2 else 11 - remainder)


def cpf_check_digits(first_nine: str) -> str:
    d1 = _cpf_digit(first_nine, _CPF_WEIGHTS_1)
    return d1 + _cpf_digit(first_nine + d1, _CPF_WEIGHTS_2)


def cnpj_check_digits(first_twelve: str) -> str:
    d1 = _cnpj_digit(first_twelve, _CNPJ_WEIGHTS_1)
    return d1 + _cnpj_digit(first_twelve + d1, _CNPJ_WEIGHTS_2)


def normalize(raw: str) -> str:
    """Drops the mask (dots, slash, dash, spaces) and upper-cases letters."""
    return _MASK.sub("", raw).upper()


def parse_document(raw: str, field: str = "document") -> Document:
    """Validates a CPF (11 digits) or CNPJ (14 characters), masked or not, in any case."""
    number = normalize(raw or "")
    if len(number) == 11 and number.isdigit():
        if number == number[0] * 11:
            raise InvalidInput(field, "CPF inválido: números com todos os dígitos iguais não existem")
        if cpf_check_digits(number[:9]) != number[9:]:
            raise InvalidInput(field, "CPF inválido: dígito verificador não confere")
        return Document(DocumentKind.CPF, number)
    if len(number) == 14:
        if not _CNPJ_BODY.match(number):
            raise InvalidInput(
                field, "CNPJ inválido: use 12 letras ou números seguidos de 2 dígitos verificadores"
            )
        if number == number[0] * 14:
            raise InvalidInput(field, "CNPJ inválido: números com todos os dígitos iguais não existem")
        if cnpj_check_digits(number[:12]) != number[12:]:
            raise InvalidInput(field, "CNPJ inválido: dígito verificador não confere")
        return Document(DocumentKind.CNPJ, number)
    raise InvalidInput(field, "informe um CPF (11 dígitos) ou CNPJ (14 caracteres)")
