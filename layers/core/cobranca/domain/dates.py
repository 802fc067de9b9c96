"""Business dates (America/Sao_Paulo) and the one clock everything reads."""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, date, datetime, time
from typing import Annotated, Protocol
from zoneinfo import ZoneInfo

from pydantic import AfterValidator, WithJsonSchema

from cobranca.domain.errors import InvalidInput

SAO_PAULO = ZoneInfo("America/Sao_Paulo")


class Clock(Protocol):
    def now(self) -> datetime:
        """Current instant, timezone-aware UTC."""
        ...


class SystemClock:
    """The wall clock, unless pinned to an instant (the local stack's COBRANCA_NOW, tests, demos)."""

    def __init__(self) -> None:
        self.pinned: datetime | None = None

    def pin(self, at: datetime | str | None) -> None:
        """Stops the clock at `at` (ISO-8601; without an offset it is São Paulo time); None lets it run."""
        if isinstance(at, str):
            value = datetime.fromisoformat(at)
            at = value if value.tzinfo else value.replace(tzinfo=SAO_PAULO)
        self.pinned = at.astimezone(UTC) if at is not None else None

    def now(self) -> datetime:
        return self.pinned or datetime.now(UTC)


CLOCK = SystemClock()  # the process's clock: services take it unless given another, and so do the
# bounds of the dates a request may carry (validators cannot be handed one)


def local_now(clock: Clock) -> datetime:
    return clock.now().astimezone(SAO_PAULO)


def business_today(clock: Clock) -> date:
    return local_now(clock).date()


def sao_paulo_date(timestamp: str) -> date:
    """The São Paulo day of a stored UTC timestamp ('2026-12-05T01:30:00.000Z' -> 2026-12-04)."""
    return datetime.fromisoformat(timestamp.replace("Z", "+00:00")).astimezone(SAO_PAULO).date()


def iso_utc(at: datetime) -> str:
    """2026-11-23T13:00:00.000Z: every stored timestamp, so they sort as text."""
    return at.astimezone(UTC).isoformat(timespec="milliseconds").replace("+00:00", "Z")


def utc_timestamp(clock: Clock) -> str:
    return iso_utc(clock.now())


def from_iso(stamp: str) -> datetime:
    """A stored timestamp back (iso_utc's "…Z" or any ISO-8601; without an offset, São Paulo time)."""
    moment = datetime.fromisoformat(stamp.replace("Z", "+00:00"))
    return moment if moment.tzinfo else moment.replace(tzinfo=SAO_PAULO)


def expires_after(at: str, days: int) -> int:
    """The epoch second `days` after a stored timestamp or date (a DynamoDB TTL): lifetimes follow the
    business clock, so a pinned clock gives the records it writes the lifetime it means."""
    return int(from_iso(at).timestamp()) + days * 86400


def parse_date(raw: str, field: str = "due_date") -> date:
    """Reads 'YYYY-MM-DD' or 'dd/mm/aaaa'."""
    text = (raw or "").strip()
    try:
        if "/" in text:
            day, month, year = text.split("/")
            if len(year) != 4:
                raise ValueError(year)
            return date(int(year), int(month), int(day))
        return date.fromisoformat(text)
    except ValueError as exc:
        raise InvalidInput(field, f"data '{raw}' inválida: use AAAA-MM-DD ou dd/mm/aaaa") from exc


# ------------------------------------------------------------------ bounds of the dates the API accepts
EARLIEST = date(1900, 1, 1)
DUE_YEARS_AHEAD = 10
NEAR_DAYS = 400  # run dates, calculation dates, first payments: about a year either way


def _years_after(d: date, years: int) -> date:
    try:
        return d.replace(year=d.year + years)
    except ValueError:  # 29 February
        return d.replace(year=d.year + years, day=28)


def check_due_date(d: date, field: str = "due_date", clock: Clock | None = None) -> date:
    """A title's due date: from 1900 to ten years from today (an ERP typo never becomes year 9999)."""
    latest = _years_after(business_today(clock or CLOCK), DUE_YEARS_AHEAD)
    if not EARLIEST <= d <= latest:
        raise InvalidInput(field, f"data fora do intervalo aceito (01/01/1900 a {latest:%d/%m/%Y})")
    return d


def check_past_date(d: date, field: str = "birth_date") -> date:
    today = business_today(CLOCK)
    if not EARLIEST <= d <= today:
        raise InvalidInput(field, f"data fora do intervalo aceito (01/01/1900 a {today:%d/%m/%Y})")
    return d


def check_near_date(d: date, field: str = "date") -> date:
    today = business_today(CLOCK)
    if abs((d - today).days) > NEAR_DAYS:
        raise InvalidInput(field, f"data a no máximo {NEAR_DAYS} dias de hoje ({today:%d/%m/%Y})")
    return d


def _as_value_error(check: Callable[[date], date]) -> AfterValidator:
    def validate(d: date) -> date:
        try:
            return check(d)
        except InvalidInput as exc:
            raise ValueError(exc.reason) from exc

    return AfterValidator(validate)


DueDate = Annotated[date, _as_value_error(check_due_date)]
BoundedDate = DueDate  # any other date a caller sends (filters): the same sane range
PastDate = Annotated[date, _as_value_error(check_past_date)]
NearDate = Annotated[date, _as_value_error(check_near_date)]


def _naive(t: time) -> time:
    if t.tzinfo is not None:
        raise ValueError("horário sem fuso: use HH:MM (o relógio é o de São Paulo)")
    return t


LocalTime = Annotated[
    time,
    AfterValidator(_naive),
    # JSON Schema's "time" format demands an offset; these are wall-clock times with none
    WithJsonSchema({"type": "string", "pattern": r"^\d{2}:\d{2}(:\d{2}(\.\d+)?)?$", "examples": ["08:00"]}),
]


def days_late(due: date, on: date) -> int:
    return max(0, (on - due).days)
