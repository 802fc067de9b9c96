"""Sending settings (F42, F46, B2): per-channel windows and quotas, the per-debtor cap, and how a
tenant's e-mail goes out (the platform's SES or its own SMTP server, never to a private address)."""

from __future__ import annotations

import ipaddress
from collections.abc import Iterable
from datetime import date, time, timedelta
from enum import StrEnum
from typing import Annotated

from pydantic import AfterValidator, Field, model_validator

from cobranca.domain.channels import Channel, MessageChannel
from cobranca.domain.contact_windows import TenantWindow
from cobranca.domain.dates import LocalTime
from cobranca.domain.model import Command

MAX_CAP_DAYS = 7  # the per-debtor cap counts contacts over the last 7 days
Weekday = Annotated[int, Field(ge=1, le=7)]


class ChannelSettings(Command):
    weekdays: Annotated[list[Weekday], Field(min_length=0, max_length=7)] = Field(
        default_factory=lambda: [1, 2, 3, 4, 5, 6]
    )
    start: LocalTime = Field(time(8), description="on São Paulo's clock; legal hours apply on the debtor's")
    end: LocalTime = Field(time(20), description="exclusive, on São Paulo's clock")
    daily_max: Annotated[int, Field(ge=0, le=1_000_000)] | None = Field(
        None, description="sends per day for the tenant on this channel; null = no limit"
    )
    batch_max: Annotated[int, Field(ge=1, le=10_000)] | None = Field(
        None, description="sends per batch ('5 at a time'); the rest wait a minute"
    )

    @model_validator(mode="after")
    def _ordered(self) -> ChannelSettings:
        if self.end <= self.start:
            raise ValueError("o horário final deve ser depois do inicial")
        return self

    @property
    def window(self) -> TenantWindow:
        return TenantWindow(frozenset(self.weekdays), self.start, self.end)


class SmtpSecurity(StrEnum):
    SSL = "ssl"
    STARTTLS = "starttls"
    AUTO = "auto"


def public_address(address: str) -> bool:
    """An address a tenant's SMTP server may have: not loopback, private, link-local, reserved or
    multicast (the sender runs inside our network: a tenant must not make it talk to our own hosts)."""
    try:
        ip = ipaddress.ip_address(address.split("%")[0])
    except ValueError:
        return False
    return ip.is_global and not ip.is_multicast


def _smtp_host(host: str) -> str:
    name = host.strip().lower().rstrip(".")
    try:
        ipaddress.ip_address(name)
    except ValueError:
        if name == "localhost" or name.endswith((".localhost", ".local", ".internal")) or "." not in name:
            raise ValueError("servidor SMTP deve ser um endereço público") from None
        return name
    if not public_address(name):
        raise ValueError("servidor SMTP deve ser um endereço público")
    return name


class SmtpSettings(Command):
    host: Annotated[str, Field(min_length=1, max_length=255), AfterValidator(_smtp_host)]
    port: Annotated[int, Field(ge=1, le=65535)] = 587
    user: Annotated[str, Field(max_length=255)] = ""
    security: SmtpSecurity = SmtpSecurity.AUTO
    password: str | None = Field(None, description="write only: kept in Secrets Manager, never returned")
    password_set: bool = False


class EmailMode(StrEnum):
    PLATFORM = "platform"  # SES, the tenant's address as sender
    SMTP = "smtp"


class EmailSettings(Command):
    mode: EmailMode = EmailMode.PLATFORM
    from_address: Annotated[str, Field(pattern=r"^[^@\s]+@[^@\s]+\.[^@\s]+$")] | None = None
    from_name: Annotated[str, Field(max_length=100)] = ""
    smtp: SmtpSettings | None = None

    @model_validator(mode="after")
    def _smtp(self) -> EmailSettings:
        if self.mode is EmailMode.SMTP and self.smtp is None:
            raise ValueError("informe o servidor SMTP (host, porta, usuário, segurança)")
        return self


class SendingSettings(Command):
    channels: dict[MessageChannel, ChannelSettings] = Field(default_factory=dict)
    debtor_daily_max: Annotated[int, Field(ge=1, le=10)] = 1
    debtor_weekly_max: Annotated[int, Field(ge=1, le=50)] = 3
    email: EmailSettings = Field(default_factory=EmailSettings)
    sms_from: Annotated[str, Field(max_length=30)] = ""
    whatsapp_phone_number_id: Annotated[str, Field(max_length=40)] = ""
    negocia_url: Annotated[str, Field(max_length=300)] = ""

    def channel(self, channel: MessageChannel) -> ChannelSettings:
        if channel in self.channels:
            return self.channels[channel]
        if channel is Channel.LETTER:  # a letter goes to the print batch any weekday
            return ChannelSettings(weekdays=[1, 2, 3, 4, 5], start=time(0), end=time(23, 59))
        return ChannelSettings()


def cap_allows(contact_days: Iterable[date], day: date, daily_max: int, weekly_max: int) -> bool:
    """B2: at most daily_max contacts on one day and weekly_max in the 7 days ending that day."""
    days = list(contact_days)
    today = sum(1 for d in days if d == day)
    week = sum(1 for d in days if day - timedelta(days=MAX_CAP_DAYS - 1) <= d <= day)
    return today < daily_max and week < weekly_max


def in_cap_window(contact_day: date, day: date) -> bool:
    return contact_day > day - timedelta(days=MAX_CAP_DAYS)


def recent(contact_days: Iterable[date], day: date) -> list[date]:
    """The contact days still relevant to the cap on `day` (older ones are forgotten)."""
    return sorted(d for d in contact_days if in_cap_window(d, day))


def with_contact(
    entries: list[str], message_key: str, day: date, daily_max: int, weekly_max: int
) -> list[str] | None:
    """The cap's entries ('YYYY-MM-DD|message key') once this message contacts the debtor on `day`, or
    None when the cap is full (B2). A retry the same day finds its own entry (nothing changes); an entry
    of this message on an earlier day (its send was deferred) moves to `day`, so the cap counts the day
    the debtor is actually contacted; entries older than the cap's window are forgotten."""
    dated = f"{day.isoformat()}|{message_key}"
    if dated in entries:
        return entries
    keep = [
        e
        for e in entries
        if not e.endswith(f"|{message_key}") and in_cap_window(date.fromisoformat(e[:10]), day)
    ]
    if not cap_allows([date.fromisoformat(e[:10]) for e in keep], day, daily_max, weekly_max):
        return None
    return [*keep, dated]
