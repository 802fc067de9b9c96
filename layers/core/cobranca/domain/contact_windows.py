"""When a debtor may be contacted (B1, F46): the tenant's window intersected with the legal one.

The legal rules live in one table (LEGAL_WINDOWS) with their source. Sundays and national or state
holidays are never allowed. A contact outside the window is deferred to the next allowed moment,
never dropped and never sent early.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from functools import lru_cache
from zoneinfo import ZoneInfo

from cobranca.domain.channels import Channel
from cobranca.domain.dates import SAO_PAULO

Hours = tuple[time, time]  # [start, end) on one clock
Interval = tuple[datetime, datetime]  # [start, end) instants


# Channels that reach the debtor in real time are bound by the legal window; e-mail and letters are read
# when the debtor chooses, so only the tenant's own window applies to them.
LEGALLY_TIMED = frozenset({Channel.SMS, Channel.WHATSAPP, Channel.CALL_TASK})


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


# States whose clocks differ from Brasília's (no daylight saving since 2019); the rest follow São Paulo.
# A state with two clocks gets the hours allowed on both (Amazonas' far west is one hour behind Manaus).
# Fernando de Noronha (PE, one hour ahead) is left out: it would cut an hour for all of Pernambuco.
STATE_ZONES: dict[str, tuple[ZoneInfo, ...]] = {
    uf: tuple(ZoneInfo(name) for name in names)
    for uf, names in {
        "AC": ("America/Rio_Branco",),  # UTC-5
        "AM": ("America/Manaus", "America/Eirunepe"),  # UTC-4 and UTC-5
        "RO": ("America/Porto_Velho",),  # UTC-4
        "RR": ("America/Boa_Vista",),
        "MT": ("America/Cuiaba",),
        "MS": ("America/Campo_Grande",),
    }.items()
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
    import holidays  # ~40 ms of import: only the sender's window checks need it

    calendar = holidays.Brazil(subdiv=uf, years=year) if uf else holidays.Brazil(years=year)
    return frozenset(calendar.keys())


def is_holiday(day: date, uf: str | None) -> bool:
    return day in _holidays(uf, day.year)


def legal_window(uf: str | None) -> LegalWindow:
    return LEGAL_WINDOWS.get(uf or "*", LEGAL_WINDOWS["*"])


def local_zones(uf: str | None) -> tuple[ZoneInfo, ...]:
    """The debtor's clocks: the legal hours are the debtor's, not São Paulo's (Acre is two hours behind)."""
    return STATE_ZONES.get(uf or "", (SAO_PAULO,))


def allowed_interval(day: date, channel: Channel, uf: str | None, tenant: TenantWindow) -> Interval | None:
    """The instants of calendar day `day` in which the channel may reach a debtor of that state: the
    tenant's hours on São Paulo's clock, within the legal hours on the debtor's clock; never on Sundays
    or on national or state holidays."""
    weekday = day.isoweekday()
    own = tenant.hours(weekday)
    if weekday == 7 or own is None or is_holiday(day, uf):
        return None
    start, end = datetime.combine(day, own[0], SAO_PAULO), datetime.combine(day, own[1], SAO_PAULO)
    if channel in LEGALLY_TIMED:
        legal = legal_window(uf).hours.get(weekday)
        if legal is None:
            return None
        for zone in local_zones(uf):
            start = max(start, datetime.combine(day, legal[0], zone))
            end = min(end, datetime.combine(day, legal[1], zone))
    return (start, end) if start < end else None


def is_allowed(at: datetime, channel: Channel, uf: str | None, tenant: TenantWindow) -> bool:
    today = at.astimezone(SAO_PAULO).date()
    for offset in (-1, 0, 1):  # a day's interval may cross midnight on one of the two clocks
        interval = allowed_interval(today + timedelta(days=offset), channel, uf, tenant)
        if interval is not None and interval[0] <= at < interval[1]:
            return True
    return False


def next_allowed(
    at: datetime, channel: Channel, uf: str | None, tenant: TenantWindow, horizon_days: int = 60
) -> datetime | None:
    """`at` itself when allowed, else the start of the next allowed interval (None if none in the horizon)."""
    today = at.astimezone(SAO_PAULO).date()
    for offset in range(-1, horizon_days + 1):
        interval = allowed_interval(today + timedelta(days=offset), channel, uf, tenant)
        if interval is not None and at < interval[1]:
            return max(at, interval[0])
    return None
