"""A call to a debtor (F05): its outcome, and what the outcome changes. A wrong number marks the phone
invalid; a promise to pay pauses the ruler's contacts with that debtor until the day after the
promised date (the seeds' "promessa de pagamento")."""

from __future__ import annotations

from datetime import date, datetime, timedelta
from decimal import Decimal
from enum import StrEnum
from typing import Annotated

from pydantic import Field

from cobranca.domain.channels import MessageChannel
from cobranca.domain.contacts import Contact, phone_to_dial
from cobranca.domain.dates import SAO_PAULO, NearDate, iso_utc
from cobranca.domain.errors import InvalidInput
from cobranca.domain.ids import new_id
from cobranca.domain.messages import Task, TaskKind
from cobranca.domain.model import Command
from cobranca.domain.money import brl
from cobranca.domain.portfolio import Amount, Debtor, Promise
from cobranca.domain.text import Description

PROMISE_MAX_DAYS = 60  # a promise further than this is a negotiation, not a promise


class CallOutcome(StrEnum):
    CONTACTED = "contacted"
    NO_ANSWER = "no_answer"
    WRONG_NUMBER = "wrong_number"
    REFUSED = "refused"
    PROMISE = "promise"


LABELS = {
    CallOutcome.CONTACTED: "devedor atendeu",
    CallOutcome.NO_ANSWER: "não atendeu",
    CallOutcome.WRONG_NUMBER: "número errado",
    CallOutcome.REFUSED: "recusou-se a negociar",
    CallOutcome.PROMISE: "promessa de pagamento",
}


class OneOffIn(Command):
    """A message an operator sends from the ficha: a template of a channel, about the debtor's open titles
    with one creditor (the oldest title's when none is named)."""

    channel: MessageChannel
    template_id: Annotated[str, Field(min_length=1, max_length=64)]
    creditor_id: Annotated[str, Field(min_length=1, max_length=64)] | None = None


class TaskAssign(Command):
    operator_id: Annotated[str, Field(min_length=1, max_length=64)] | None = Field(
        description="the operator who gets the task; null puts it back in the shared queue"
    )


class CallIn(Command):
    outcome: CallOutcome
    contact_id: str | None = None  # the phone called (required for a wrong number)
    note: Description = ""
    promise_date: NearDate | None = None
    promise_amount: Amount | None = None
    callback_at: datetime | None = Field(None, description="schedule a call-back (F07) at this moment")
    task_id: str | None = Field(None, description="the task this call closes")


def check_call(body: CallIn, now: datetime) -> None:
    """What each outcome needs: the wrong phone; the promised date (today … +60 days) and amount; a
    call-back in the next 60 days."""
    today = now.astimezone(SAO_PAULO).date()
    at = callback_moment(body)
    if at is not None and not now < at <= now + timedelta(days=PROMISE_MAX_DAYS):
        raise InvalidInput("callback_at", "agende o retorno para depois de agora, em até 60 dias")
    if body.outcome is CallOutcome.WRONG_NUMBER and not body.contact_id:
        raise InvalidInput("contact_id", "informe o telefone que estava errado")
    if body.outcome is not CallOutcome.PROMISE:
        return
    if body.promise_date is None:
        raise InvalidInput("promise_date", "informe a data prometida")
    if body.promise_amount is None or body.promise_amount <= 0:
        raise InvalidInput("promise_amount", "informe o valor prometido")
    latest = today + timedelta(days=PROMISE_MAX_DAYS)
    if not today <= body.promise_date <= latest:
        raise InvalidInput("promise_date", f"escolha uma data entre {today:%d/%m/%Y} e {latest:%d/%m/%Y}")


def check_promise_amount(amount: Decimal, open_balance: Decimal, min_installment: Decimal) -> None:
    """A promise is at most what is open, updated to today, and at least the creditor's minimum
    installment (or the whole balance, when that is smaller)."""
    if open_balance <= 0:
        raise InvalidInput("promise_amount", "o devedor não tem títulos em aberto: não há o que prometer")
    if amount > open_balance:
        raise InvalidInput(
            "promise_amount", f"a promessa passa do saldo em aberto atualizado hoje ({brl(open_balance)})"
        )
    least = min(min_installment, open_balance)
    if amount < least:
        raise InvalidInput(
            "promise_amount", f"a promessa deve ser de pelo menos {brl(least)} (parcela mínima)"
        )


def replaced_detail(previous: Promise | None, today: date) -> str:
    """What the history adds when a new promise replaces one still standing."""
    if previous is None or previous.date < today:
        return ""
    return f" Substitui a promessa de {brl(Decimal(previous.amount))} até {previous.date:%d/%m/%Y}."


def call_detail(body: CallIn, phone: str | None) -> str:
    """The history's line for the call, in pt-BR (the phone already masked)."""
    detail = f"Ligação{f' para {phone}' if phone else ''}: {LABELS[body.outcome]}"
    if body.outcome is CallOutcome.PROMISE and body.promise_date and body.promise_amount is not None:
        detail += f" de {brl(body.promise_amount)} até {body.promise_date:%d/%m/%Y}"
    return f"{detail}. {body.note}" if body.note else detail


def callback_moment(body: CallIn) -> datetime | None:
    """The call-back's moment, São Paulo's clock when the operator gave no offset."""
    at = body.callback_at
    return None if at is None else at if at.tzinfo else at.replace(tzinfo=SAO_PAULO)


def contacts_paused_until(promise: date | None, today: date) -> date | None:
    """The first day the ruler may contact the debtor again, while a promise holds: the day after the
    promised date (a payment on the date itself has a day to show up). None: no pause."""
    if promise is None:
        return None
    resume = promise + timedelta(days=1)
    return resume if today < resume else None


def callback_task(
    debtor: Debtor, body: CallIn, called: Contact | None, operator: str, at: datetime, now: str
) -> Task:
    """A call-back (F07): in the operator's tasks at `at`, with the phone just called (another one when
    that number was wrong)."""
    wrong = body.outcome is CallOutcome.WRONG_NUMBER
    phone = (
        called.value
        if called and not wrong
        else phone_to_dial(debtor.contacts, called.id if called else None)
    )
    return Task(
        id=new_id(),
        kind=TaskKind.CALLBACK,
        debtor_id=debtor.id,
        debtor_name=debtor.name,
        phone=phone,
        operator_id=operator,
        step="retorno agendado",
        run_date=at.astimezone(SAO_PAULO).date(),
        due_at=iso_utc(at),
        items=[],
        created_at=now,
    )
