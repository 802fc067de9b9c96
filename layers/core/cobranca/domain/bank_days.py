"""Bank business days (dias úteis bancários): when a boleto or a debt falling due can be paid.

The national financial calendar (ANBIMA's, which banks and the Banco Central follow): Saturdays, Sundays,
the national holidays, Carnival's Monday and Tuesday and Corpus Christi are not business days. A debt
falling due on one of them may be paid on the next business day with nothing added (FEBRABAN's rule for
boletos, and CC art. 132 §1º: a term ending on a holiday extends to the next business day).

Computed here, not by the `holidays` package, because every debt update asks: the package costs about a
third of a second to import and build a year, and a test checks this calendar against it."""

from __future__ import annotations

from datetime import date, timedelta
from functools import lru_cache

# (month, day, first year it is a national holiday)
FIXED = (
    (1, 1, 1949),  # Confraternização Universal
    (4, 21, 1949),  # Tiradentes
    (5, 1, 1949),  # Dia do Trabalho
    (9, 7, 1949),  # Independência
    (10, 12, 1980),  # Nossa Senhora Aparecida (Lei 6.802/1980)
    (11, 2, 1949),  # Finados
    (11, 15, 1949),  # Proclamação da República
    (11, 20, 2024),  # Zumbi e da Consciência Negra (Lei 14.759/2023)
    (12, 25, 1949),  # Natal
)
# days from Easter Sunday: Carnival's Monday and Tuesday, Good Friday, Corpus Christi
FROM_EASTER = (-48, -47, -2, 60)


def easter(year: int) -> date:
    """Easter Sunday of the Gregorian calendar (the anonymous algorithm of Meeus, Jones and Butcher)."""
    a, b, c = year % 19, year // 100, year % 100
    d, e = divmod(b, 4)
    g = (8 * b + 13) // 25
    h = (19 * a + b - d - g + 15) % 30
    i, k = divmod(c, 4)
    leap = (32 + 2 * e + 2 * i - h - k) % 7
    m = (a + 11 * h + 19 * leap) // 433
    month = (h + leap - 7 * m + 90) // 25
    return date(year, month, (h + leap - 7 * m + 33 * month + 19) % 32)


@lru_cache(maxsize=64)
def holidays_of(year: int) -> frozenset[date]:
    """The national financial calendar's holidays of `year`."""
    sunday = easter(year)
    fixed = {date(year, month, day) for month, day, since in FIXED if year >= since}
    return frozenset(fixed | {sunday + timedelta(days=offset) for offset in FROM_EASTER})


NO_LOCAL: frozenset[date] = frozenset()


def is_business_day(day: date, local: frozenset[date] = NO_LOCAL) -> bool:
    """A bank business day, nationally and at the place of payment (`local`: its state and municipal
    holidays, the creditor's policy says which)."""
    return day.weekday() < 5 and day not in holidays_of(day.year) and day not in local


@lru_cache(maxsize=4096)
def payable_until(due: date, local: frozenset[date] = NO_LOCAL) -> date:
    """The last day a debt falling due on `due` is paid on time: `due` itself on a business day, else
    the next business day."""
    day = due
    while not is_business_day(day, local):
        day += timedelta(days=1)
    return day


def is_late(due: date, on: date, local: frozenset[date] = NO_LOCAL) -> bool:
    """Paid on `on`, is a debt due on `due` late? Not up to the next business day after a holiday."""
    return on > payable_until(due, local)
