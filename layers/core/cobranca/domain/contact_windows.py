"""When a debtor may be contacted (B1, F46): the tenant's window intersected with the legal one.

The legal rules live in one table (LEGAL_WINDOWS) with their source. Sundays and national or state
holidays are never allowed. A contact outside the window is deferred to the next allowed moment,
never dropped and never sent early.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from enum import StrEnum
from functools import lru_cache

import holidays

from cobranca.domain.dates import SAO_PAULO

Hours = tuple[time, time]  # [start, end)


class Channel(StrEnum):
    EMAIL = "email"
    SMS = "sms"
    WHATSAPP = "whatsapp"
    CALL = "call"
    LETTER = "letter"


# Channels that reach the debtor in real time are bound by the legal window; e-mail and letters are read
# when the debtor chooses, so only the tenant's own window applies to them.
LEGALLY_TIMED = frozenset({Channel.SMS, Channel.WHATSAPP, Channel.CALL})


@dataclass(frozen=True)
class LegalWindow:
    """Allowed hours per ISO weekday (1 = Monday … 7 = Sunday); a missing day is not allowed."""

    hours: dict[int, Hours]
    source: str


_WEEKDAYS_8_20 = {d: (time(8), time(20)) for d in range(1, 6)}
LEGAL_WINDOWS: dict[str, LegalWindow] = {
    "*": LegalWindow(
        hours={**_WEEKDAYS_8_20, 6: (time(8), time(14))},
        source="CDC arts. 42 e 71 (cobrança sem constrangimento nem interferência no descanso); "
        "padrão de mercado seg–sex 8h–20h, sáb 8h–14h, nunca domingos e feriados",
    ),
    "RJ": LegalWindow(
        hours={d: (time(9), time(19)) for d in range(1, 6)},
        source="regra estadual mais restritiva do RJ: seg–sex 9h–19h, sem fins de semana "
        "(confirmar o texto legal vigente antes de produção)",
    ),
}


@dataclass(frozen=True)
class TenantWindow:
    """What the tenant allows for a channel (F46): weekdays and hours, in São Paulo time."""

    weekdays: frozenset[int]
    start: time
    end: time

    def hours(self, weekday: int) -> Hours | None:
        return (self.start, self.end) if weekday in self.weekdays and self.start < self.end else None


@lru_cache(maxsize=256)
def _holidays(uf: str | None, year: int) -> frozenset[date]:
    calendar = holidays.Brazil(subdiv=uf, years=year) if uf else holidays.Brazil(years=year)
    return frozenset(calendar.keys())


def is_holiday(day: date, uf: str | None) -> bool:
    return day in _holidays(uf, day.year)


def legal_window(uf: str | None) -> LegalWindow:
    return LEGAL_WINDOWS.get(uf or "*", LEGAL_WINDOWS["*"])


def _intersect(ranges: Iterable[Hours | None]) -> Hours | None:
    start, end = time.min, time.max
    for r in ranges:
        if r is None:
            return None
        start, end = max(start, r[0]), min(end, r[1])
    return (start, end) if start < end else None


def allowed_hours(day: date, channel: Channel, uf: str | None, tenant: TenantWindow) -> Hours | None:
    """The hours of one day in which the channel may reach a debtor of that state."""
    weekday = day.isoweekday()
    if weekday == 7 or is_holiday(day, uf):
        return None
    ranges: list[Hours | None] = [tenant.hours(weekday)]
    if channel in LEGALLY_TIMED:
        ranges.append(legal_window(uf).hours.get(weekday))
    return _intersect(ranges)


def is_allowed(at: datetime, channel: Channel, uf: str | None, tenant: TenantWindow) -> bool:
    local = at.astimezone(SAO_PAULO)
    hours = allowed_hours(local.date(), channel, uf, tenant)
    return hours is not None and hours[0] <= local.time() < hours[1]


def next_allowed(
    at: datetime, channel: Channel, uf: str | None, tenant: TenantWindow, horizon_days: int = 60
) -> datetime | None:
    """`at` itself when allowed, else the start of the next allowed interval (None if none in the horizon)."""
    local = at.astimezone(SAO_PAULO)
    for offset in range(horizon_days + 1):
        day = local.date() + timedelta(days=offset)
        hours = allowed_hours(day, channel, uf, tenant)
        if hours is None:
            continue
        start = datetime.combine(day, hours[0], SAO_PAULO)
        end = datetime.combine(day, hours[1], SAO_PAULO)
        if offset == 0:
            if local < start:
                return start
            if local < end:
                return at
            continue
        return start
    return None
