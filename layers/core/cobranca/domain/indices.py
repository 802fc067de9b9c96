"""Price indices (IPCA, INPC, IGP-M) as a debt update uses them: the months a tenant may store, the
months a correction spans and lacks, its factor, whether a series is behind, and months and dates in
Portuguese words."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from datetime import date
from decimal import Decimal, localcontext

from cobranca.domain.errors import InvalidInput

ONE = Decimal(1)
HUNDRED = Decimal(100)

INDEX_FIRST_YEAR = 1944  # the oldest Brazilian price index (IGP-DI) starts in 1944
INDEX_MAX_MONTHS = 12 * 100  # a series of a century at most: one item, far below DynamoDB's 400 KB


def check_index_values(values: Mapping[str, Decimal], stored: int = 0) -> None:
    """Monthly variations a tenant may store: 'AAAA-MM' months from 1944 on, each a percentage above
    -100 % (a price cannot go below zero) and below 1000 % (a typo, not an inflation rate); with the
    `stored` months already kept, no more than a century of them."""
    if len(values) + stored > INDEX_MAX_MONTHS:
        raise InvalidInput("values", f"no máximo {INDEX_MAX_MONTHS} meses por índice (um século)")
    for month, value in values.items():
        if len(month) != 7 or month[4] != "-" or not (month[:4].isdigit() and 1 <= int(month[5:] or 0) <= 12):
            raise InvalidInput(month, "mês deve estar no formato AAAA-MM")
        if int(month[:4]) < INDEX_FIRST_YEAR:
            raise InvalidInput(month, f"mês anterior a {INDEX_FIRST_YEAR}: não há índice de preços")
        if not -100 < value < 1000:
            raise InvalidInput(month, "variação mensal fora do intervalo aceito")


MONTH_NAMES = (
    "janeiro", "fevereiro", "março", "abril", "maio", "junho",
    "julho", "agosto", "setembro", "outubro", "novembro", "dezembro",
)  # fmt: skip


def month_in_words(month: str) -> str:
    """'2026-09' -> 'setembro de 2026' (documents say months in Portuguese, never as ISO keys)."""
    return f"{MONTH_NAMES[int(month[5:7]) - 1]} de {month[:4]}"


def date_in_words(day: date) -> str:
    """2026-12-04 -> '4 de dezembro de 2026', as a letter is dated."""
    return f"{day.day} de {month_in_words(day.isoformat()[:7])}"


def months_between(due: date, calculation: date) -> list[str]:
    """'YYYY-MM' from the due date's month through the month before the calculation date's month."""
    months = []
    year, month = due.year, due.month
    while (year, month) < (calculation.year, calculation.month):
        months.append(f"{year:04d}-{month:02d}")
        year, month = (year + 1, 1) if month == 12 else (year, month + 1)
    return months


def missing_months(series: Mapping[str, Decimal], due: date, calculation: date) -> list[str]:
    """The months the correction needs that the series does not have (they count as 0%)."""
    return [m for m in months_between(due, calculation) if m not in series]


def index_warning(index: str, months: Iterable[str]) -> str | None:
    """The notice a statement, an offer and a termo carry when the correction lacked months."""
    ordered = sorted(set(months))
    if not ordered:
        return None
    shown = ", ".join(month_in_words(m) for m in ordered[:12]) + (" …" if len(ordered) > 12 else "")
    return f"Índice {index} sem os meses {shown}: a correção desses meses foi considerada 0%."


STALE_AFTER_MONTHS = 2


def stale(series: Mapping[str, Decimal], today: date) -> bool:
    """A series whose last month is more than two months behind today's (IBGE publishes the IPCA
    around the 10th of the next month: two months behind is a refresh that did not happen)."""
    if not series:
        return True
    last = max(series)
    return (today.year * 12 + today.month) - (int(last[:4]) * 12 + int(last[5:7])) > STALE_AFTER_MONTHS


def correction_factor(series: Mapping[str, Decimal], due: date, calculation: date) -> Decimal:
    """Product of (1 + index/100) over the months; a month with no published value counts as 0%."""
    factor = ONE
    with localcontext() as ctx:
        ctx.prec = 60  # decades of monthly factors stay exact before corrected is rounded
        for month in months_between(due, calculation):
            variation = series.get(month)
            if variation:
                factor *= ONE + variation / HUNDRED
    return factor
