"""Business dates (America/Sao_Paulo) and the one clock everything reads."""

from __future__ import annotations

import os
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
    """Wall clock; COBRANCA_NOW (ISO-8601) pins it, for the local stack and demos only."""

    def now(self) -> datetime:
        pinned = os.environ.get("COBRANCA_NOW")
        if pinned:
            value = datetime.fromisoformat(pinned)
            return (value if value.tzinfo else value.replace(tzinfo=SAO_PAULO)).astimezone(UTC)
        return datetime.now(UTC)


class FixedClock:
    def __init__(self, instant: datetime) -> None:
        self.instant = instant

    def now(self) -> datetime:
        return self.instant


def local_now(clock: Clock) -> datetime:
    return clock.now().astimezone(SAO_PAULO)


def business_today(clock: Clock) -> date:
    return local_now(clock).date()


def iso_utc(at: datetime) -> str:
    """2026-11-23T13:00:00.000Z: every stored timestamp, so they sort as text."""
    return at.astimezone(UTC).isoformat(timespec="milliseconds").replace("+00:00", "Z")


def utc_timestamp(clock: Clock) -> str:
    return iso_utc(clock.now())


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
    latest = _years_after(business_today(clock or SystemClock()), DUE_YEARS_AHEAD)
    if not EARLIEST <= d <= latest:
        raise InvalidInput(field, f"data fora do intervalo aceito (01/01/1900 a {latest:%d/%m/%Y})")
    return d


def check_past_date(d: date, field: str = "birth_date") -> date:
    today = business_today(SystemClock())
    if not EARLIEST <= d <= today:
        raise InvalidInput(field, f"data fora do intervalo aceito (01/01/1900 a {today:%d/%m/%Y})")
    return d


def check_near_date(d: date, field: str = "date") -> date:
    today = business_today(SystemClock())
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
