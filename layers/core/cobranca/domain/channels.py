"""Every way cobranca reaches a debtor: the four channels that carry a message, and an operator's call
(a ruler step's call task). One enum; a message's channel is one of the four (MessageChannel)."""

from __future__ import annotations

from enum import StrEnum
from typing import Annotated

from pydantic import AfterValidator


class Channel(StrEnum):
    EMAIL = "email"
    SMS = "sms"
    WHATSAPP = "whatsapp"
    LETTER = "letter"
    CALL_TASK = "call_task"


CHANNEL_LABELS = {
    Channel.EMAIL: "e-mail",
    Channel.SMS: "SMS",
    Channel.WHATSAPP: "WhatsApp",
    Channel.LETTER: "carta",
    Channel.CALL_TASK: "ligação",
}

MESSAGE_CHANNELS = frozenset({Channel.EMAIL, Channel.SMS, Channel.WHATSAPP, Channel.LETTER})


def _carries_a_message(channel: Channel) -> Channel:
    if channel not in MESSAGE_CHANNELS:
        raise ValueError("use email, sms, whatsapp ou letter (uma tarefa de ligação não tem mensagem)")
    return channel


MessageChannel = Annotated[Channel, AfterValidator(_carries_a_message)]
