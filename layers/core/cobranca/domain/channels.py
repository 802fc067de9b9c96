"""The channels a ruler step may use: the four that carry a message, and a call task for an operator."""

from __future__ import annotations

from enum import StrEnum

from cobranca.domain.contact_windows import Channel


class MessageChannel(StrEnum):
    EMAIL = "email"
    SMS = "sms"
    WHATSAPP = "whatsapp"
    LETTER = "letter"

    @property
    def window_channel(self) -> Channel:
        return Channel(self.value)


class StepChannel(StrEnum):
    EMAIL = "email"
    SMS = "sms"
    WHATSAPP = "whatsapp"
    LETTER = "letter"
    CALL_TASK = "call_task"
