"""Business dates (America/Sao_Paulo) and the one clock everything reads."""

from __future__ import annotations

import os
from datetime import UTC, date, datetime
from typing import Protocol
from zoneinfo import ZoneInfo

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
