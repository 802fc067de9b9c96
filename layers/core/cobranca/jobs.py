"""The queues' wire formats, one model per queue: producers build them, handlers parse them back.

A job names what to do by id only (the record holds everything else), so no CPF, e-mail or phone
travels through a queue or reaches a log.
"""

from __future__ import annotations

from pydantic import BaseModel, ConfigDict


class Job(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True, defer_build=True)

    tenant: str


class SendJob(Job):
    """SendQueue -> SenderFunction: deliver one message record (its key)."""

    message: str


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
