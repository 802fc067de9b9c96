"""What a run did (F41, F42): per ruler step or batch, how many of its messages wait, were sent,
deferred (and why), failed or were dispensed (and why), read from the message records of one run date;
and a batch action's progress (queued -> sending -> done) from its own messages."""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Mapping
from datetime import date
from enum import StrEnum

from pydantic import Field

from cobranca.domain.batches import Batch
from cobranca.domain.channels import MessageChannel
from cobranca.domain.delivery import step_label
from cobranca.domain.messages import Message, MessageStatus
from cobranca.domain.model import Entity


class StepReport(Entity):
    """One step of one ruler (or one batch) on the run date."""

    origin: str = Field(description="ruler:<id> or batch:<id>")
    name: str = Field("", description="the ruler's name ('' for a batch)")
    step: str
    label: str  # as an operator says it: 'régua, D+3', 'ação em lote'
    channel: MessageChannel
    total: int = 0
    counts: dict[MessageStatus, int]
    reasons: dict[MessageStatus, dict[str, int]] = Field(
        description="why messages are deferred (delivery.WaitReason), failed or dispensed: how many each"
    )


class RunReport(Entity):
    run_date: date
    total: int
    counts: dict[MessageStatus, int]
    steps: list[StepReport]


REASONED = (MessageStatus.DEFERRED, MessageStatus.FAILED, MessageStatus.SKIPPED)


def _reason(m: Message) -> str:
    if m.status is MessageStatus.DEFERRED:
        return m.waiting_for or "aguardando"
    return m.error or "sem motivo registrado"


def _step(origin: str, name: str, messages: list[Message]) -> StepReport:
    counts = Counter(m.status for m in messages)
    reasons = {
        status: dict(Counter(_reason(m) for m in messages if m.status is status).most_common())
        for status in REASONED
        if counts[status]
    }
    first = messages[0]
    return StepReport(
        origin=origin,
        name=name,
        step=first.step,
        label=step_label(first),
        channel=first.channel,
        total=len(messages),
        counts=dict(counts),
        reasons=reasons,
    )


def run_report(run_date: date, messages: Iterable[Message], ruler_names: Mapping[str, str]) -> RunReport:
    """Every message decided for `run_date`, grouped by origin and step (in step order)."""
    groups: dict[tuple[str, str], list[Message]] = {}
    for m in messages:
        groups.setdefault((m.origin, m.step), []).append(m)
    steps = [
        _step(origin, ruler_names.get(origin.removeprefix("ruler:"), ""), ms)
        for (origin, _), ms in sorted(groups.items())
    ]
    counts: Counter[MessageStatus] = Counter()
    for s in steps:
        counts.update(s.counts)
    return RunReport(run_date=run_date, total=sum(s.total for s in steps), counts=dict(counts), steps=steps)


class Progress(StrEnum):
    PLANNING = "planning"  # the ruler function is still deciding its messages
    QUEUED = "queued"  # decided, none finished yet
    SENDING = "sending"  # some finished, some still waiting or deferred
    DONE = "done"  # every message sent, failed or dispensed


class BatchProgress(Entity):
    status: Progress
    actions: int
    counts: dict[MessageStatus, int]


def batch_progress(planned: bool, actions: int, messages: Iterable[Message]) -> BatchProgress:
    """`planned`: every message was decided; `actions` how many. The status follows its messages."""
    counts = Counter(m.status for m in messages)
    final = sum(n for status, n in counts.items() if status.final)
    if not planned:
        status = Progress.PLANNING
    elif final >= actions:
        status = Progress.DONE
    elif final or counts[MessageStatus.SENDING] or counts[MessageStatus.DEFERRED]:
        status = Progress.SENDING
    else:
        status = Progress.QUEUED
    return BatchProgress(status=status, actions=actions, counts=dict(counts))


class BatchView(Batch):
    """A batch action with where its messages are."""

    progress: BatchProgress
