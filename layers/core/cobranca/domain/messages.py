"""Messages and call tasks: one record per action decided by a ruler or a batch, its life-cycle, and
the provider failure that ends or retries it."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date
from decimal import Decimal
from enum import StrEnum

from pydantic import Field

from cobranca.domain.channels import MessageChannel
from cobranca.domain.debt import Imputed
from cobranca.domain.model import Entity
from cobranca.domain.portfolio import Title, TitleStatus
from cobranca.domain.rulers import AppliesTo, DueItem


class MessageStatus(StrEnum):
    QUEUED = "queued"
    DEFERRED = "deferred"
    SENDING = "sending"
    SENT = "sent"
    FAILED = "failed"  # permanent: invalid destination, no contact, template not approved
    SKIPPED = "skipped"  # nothing to collect any more (paid, in agreement) when its turn came

    @property
    def final(self) -> bool:
        return self in (MessageStatus.SENT, MessageStatus.FAILED, MessageStatus.SKIPPED)


class ItemRef(Entity):
    kind: AppliesTo
    id: str
    label: str = ""
    due_date: date
    amount: Decimal
    paid: list[Imputed] = Field(default_factory=list, description="payments imputed to the title")
    boleto_line: str | None = Field(None, description="an installment's boleto line (linha digitável)")
    pix_payload: str | None = Field(None, description="an installment's PIX copia e cola")
    payment_url: str | None = Field(None, description="an installment's payment page (boleto PDF, checkout)")

    @classmethod
    def title(cls, t: Title) -> ItemRef:
        return cls(
            kind=AppliesTo.TITLES,
            id=t.id,
            label=t.number,
            due_date=t.due_date,
            amount=t.original_amount,
            paid=t.payments,
        )


class Message(Entity):
    """One contact attempt: decided by a ruler step or a batch action, delivered by the sender."""

    id: str = Field(description="the dedupe key tenant:item:step:date")
    origin: str = Field(description="ruler:<ruler id> or batch:<batch id>")
    debtor_id: str
    creditor_id: str
    channel: MessageChannel
    template_id: str
    step: str
    run_date: date
    items: list[ItemRef]
    status: MessageStatus = MessageStatus.QUEUED
    not_before: str | None = None
    waiting_for: str = Field("", description="why it is deferred (delivery.WaitReason)")
    attempts: int = 0
    destination: str = Field("", description="masked")
    provider_id: str = ""
    error: str = ""
    body: str = Field("", description="letters only: the text printed in the day's batch")
    created_at: str
    updated_at: str


class TaskStatus(StrEnum):
    OPEN = "open"
    DONE = "done"


class TaskKind(StrEnum):
    RULER = "ruler"  # a ruler's call_task step
    CALLBACK = "callback"  # a call-back an operator scheduled (F07)
    PAYMENT = "payment"  # send the debtor how to pay an agreement no portador charges


class Task(Entity):
    """A call an operator has to make: asked by the ruler (call_task step) or scheduled by the operator
    as a call-back, due at `due_at` (F07). Closed with the outcome of the call that did it."""

    id: str
    kind: TaskKind = TaskKind.RULER
    debtor_id: str
    debtor_name: str = ""
    phone: str = Field("", description="the debtor's phone when the task was made")
    operator_id: str | None = None
    step: str
    run_date: date
    due_at: str | None = None
    items: list[ItemRef]
    status: TaskStatus = TaskStatus.OPEN
    outcome: str = ""
    closed_at: str | None = None
    closed_by: str | None = None
    created_at: str


def open_titles_of(titles: Iterable[Title], creditor_id: str | None) -> tuple[str, list[ItemRef]]:
    """What a message to the debtor is about: their open titles with one creditor (the one named, else
    the creditor of their oldest open title; CDC art. 42-A: one message names one creditor)."""
    still_open = sorted((t for t in titles if t.status is TitleStatus.OPEN), key=lambda t: t.due_date)
    chosen = creditor_id or (still_open[0].creditor_id if still_open else "")
    return chosen, [ItemRef.title(t) for t in still_open if t.creditor_id == chosen]


def item_refs(items: Iterable[DueItem]) -> list[ItemRef]:
    return [
        ItemRef(
            kind=i.kind,
            id=i.id,
            label=i.label,
            due_date=i.due_date,
            amount=i.amount,
            paid=list(i.paid),
            boleto_line=i.boleto_line,
            pix_payload=i.pix_payload,
            payment_url=i.payment_url,
        )
        for i in items
    ]


class DeliveryFailed(Exception):
    """A provider refused a message. Transient (5xx, time-out) retries; permanent ends the message and,
    when the destination itself is bad (invalid number or address), marks the contact invalid."""

    def __init__(self, reason: str, *, permanent: bool, bad_destination: bool = True) -> None:
        super().__init__(reason)
        self.reason = reason
        self.permanent = permanent
        self.bad_destination = permanent and bad_destination
