"""The queues' wire formats, one model per queue: producers build them, handlers parse them back.

A job names what to do by id (the record holds everything else); a message job may also carry the
message as decided, which has ids, labels, dates and amounts but no CPF, e-mail or phone (destination
and body are only filled when it is sent), so none of them travels through a queue or reaches a log.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from pydantic import BaseModel, ConfigDict

if TYPE_CHECKING:  # the message model is only parsed by the sender (jobs import nothing heavy)
    from cobranca.domain.messages import Message

PLANNED_MAX_ITEMS = 50  # larger messages travel by key only (SQS batches are at most 256 KB)


class Job(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True, defer_build=True)

    tenant: str


class SendJob(Job):
    """SendQueue -> SenderFunction: deliver one message record (its key). `planned` is the message as
    it was queued, so the sender need not read it; the claim's conditions still decide on the record."""

    message: str
    planned: dict[str, Any] | None = None  # a domain.messages.Message, as JSON

    @classmethod
    def of(cls, tenant: str, m: Message) -> SendJob:
        small = len(m.items) <= PLANNED_MAX_ITEMS and not m.destination and not m.body
        return cls(tenant=tenant, message=m.id, planned=m.model_dump(mode="json") if small else None)


class ImportFileJob(Job):
    """ImportQueue -> ImportFunction: process (or resume) one import job from its file in S3."""

    import_id: str


class BatchJob(Job):
    """BatchQueue -> BatchPlanFunction: decide the messages of one manual batch action (F41)."""

    batch: str


class LoginCodeJob(Job):
    """LoginCodeQueue -> LoginCodeFunction: look the document up, store and send a code. The portal's
    answer never waits for the lookup or the send (same time for known and unknown documents)."""

    document: str
    request_id: str


class ChargeJob(Job):
    """ChargeQueue -> ChargerFunction: create (or cancel) the charges of one agreement's installments at
    its creditor's portador. Retried as it is: what exists at Asaas is looked up before anything is made."""

    agreement_id: str
    cancel: bool = False
    hops: int = 0  # times it was put back to wait (a quota, a long rate limit)


class PaymentEventJob(Job):
    """PaymentEventQueue -> PaymentEventsFunction: one portador webhook body as it arrived (its token
    already checked). Asaas's payment object names the payment and our reference, never a CPF."""

    event: dict[str, Any]


class ErpDeliveryJob(Job):
    """ErpDeliveryQueue -> ErpDeliveryFunction: try one ERP notice (its record says whether it is due)."""

    delivery_id: str
