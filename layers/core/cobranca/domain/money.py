"""Money: Decimal reais in the domain and the API, integer centavos in storage."""

from __future__ import annotations

import re
from decimal import ROUND_HALF_UP, Decimal, InvalidOperation

from cobranca.domain.errors import InvalidInput

CENT = Decimal("0.01")
MAX_AMOUNT = Decimal("1e12")  # R$ 1 trilhão: above any real debt, far below what quantize can hold
_BR_THOUSANDS = re.compile(r"^\d{1,3}(\.\d{3})+$")
_US_THOUSANDS = re.compile(r"^\d{1,3}(,\d{3})+$")


def round_cents(value: Decimal) -> Decimal:
    """Rounds half up to the centavo, the rule used for every monetary step."""
    return value.quantize(CENT, rounding=ROUND_HALF_UP)


def to_cents(value: Decimal) -> int:
    return int(round_cents(value) * 100)


def from_cents(cents: int) -> Decimal:
    return (Decimal(cents) / 100).quantize(CENT)


def parse_amount(raw: str, field: str = "amount") -> Decimal:
    """Reads '1234.56', '1.234,56', '1234,56', '1,234.56' or 'R$ 1.234,56' as a positive amount.

    The last separator followed by one or two digits is the decimal one; a separator followed by
    exactly three digits in thousands groups is a thousands mark. Anything else is refused rather
    than guessed, because a misread amount is a charge above what is owed.
    """
    text = (raw or "").strip().removeprefix("R$").strip().replace(" ", "")
    if not text:
        raise InvalidInput(field, "valor obrigatório")
    integer, decimals, separator = text, "", ""
    last = max(text.rfind(","), text.rfind("."))
    if last >= 0 and 1 <= len(text) - last - 1 <= 2:
        integer, decimals, separator = text[:last], text[last + 1 :], text[last]
    if "," in integer or "." in integer:
        if _BR_THOUSANDS.match(integer) and separator in ",":
            integer = integer.replace(".", "")
        elif _US_THOUSANDS.match(integer) and separator in ".":
            integer = integer.replace(",", "")
        else:
            raise InvalidInput(field, f"valor '{raw}' ilegível: use 1234.56 ou 1.234,56")
    if not integer.isdigit() or (decimals and not decimals.isdigit()):
        raise InvalidInput(field, f"valor '{raw}' ilegível: use 1234.56 ou 1.234,56")
    if len(integer.lstrip("0")) > 12:
        raise InvalidInput(field, "valor acima do limite aceito")
    try:
        value = Decimal(f"{integer}.{decimals or '0'}")
    except InvalidOperation as exc:  # pragma: no cover - guarded by isdigit above
        raise InvalidInput(field, f"valor '{raw}' ilegível") from exc
    if value <= 0:
        raise InvalidInput(field, "valor deve ser maior que zero")
    return round_cents(value)


def validate_amount(value: Decimal, field: str = "amount") -> Decimal:
    """For amounts that arrive already numeric (JSON): positive, at most two decimal places."""
    if not value.is_finite() or value <= 0:
        raise InvalidInput(field, "valor deve ser maior que zero")
    if value >= MAX_AMOUNT:  # before quantize, which cannot hold 1e30 at two decimal places
        raise InvalidInput(field, "valor acima do limite aceito")
    if value != value.quantize(CENT):
        raise InvalidInput(field, "valor com mais de duas casas decimais")
    return value.quantize(CENT)


def brl(value: Decimal) -> str:
    """R$ 1.234,56, with a non-breaking space (the amount never wraps away from its R$): CLDR's pt_BR
    currency format, through babel (loaded on the first amount written, not at import)."""
    from babel.numbers import format_currency

    text: str = format_currency(value, "BRL", locale="pt_BR")
    return text


def amount_in_words(value: Decimal) -> str:
    """'mil cento e sessenta e oito reais e cinquenta e quatro centavos' (no comma after 'mil')."""
    from num2words import num2words  # ~50 ms of import: only the termo needs it

    words: str = num2words(value, lang="pt_BR", to="currency")
    return words.replace("mil, ", "mil ")
