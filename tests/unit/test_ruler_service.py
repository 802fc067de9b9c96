"""RulerService on the in-memory ports (tests/fakes.py): each action decided once, the catch-up window,
call tasks for the debtor's operator, deferred messages released when their moment comes."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta
from decimal import Decimal

import pytest

from cobranca.domain.access import Role
from cobranca.domain.channels import Channel
from cobranca.domain.dates import SystemClock
from cobranca.domain.errors import InvalidInput
from cobranca.domain.messages import Message, MessageStatus
from cobranca.domain.portfolio import DebtorIn, Tenant
from cobranca.domain.rulers import AppliesTo, DueItem, Ruler, RulerScope, RulerStep
from cobranca.jobs import SendJob
from cobranca.services.caller import Caller
from cobranca.services.portfolio import PortfolioService
from cobranca.services.ruler import RulerService
from tests.fakes import MemoryMessaging, MemoryPortfolio, MemoryQueue, MemoryUsers

ADMIN = Caller("demo", "u-admin", "admin@demo.local", Role.ADMIN)
TODAY = date(2026, 11, 23)  # a Monday


class World:
    def __init__(self) -> None:
        self.clock = SystemClock()
        self.clock.pin(datetime(2026, 11, 23, 13, tzinfo=UTC))  # 10:00 in São Paulo
        self.portfolio = MemoryPortfolio()
        self.portfolio.put_tenant(Tenant(slug="demo", name="Demo"))
        self.messaging = MemoryMessaging(self.portfolio)
        self.sends, self.batches = MemoryQueue(), MemoryQueue()
        self.ruler = RulerService(self.messaging, self.portfolio, self.sends, self.batches, self.clock)
        people = PortfolioService(self.portfolio, MemoryUsers(), self.clock)
        self.debtor = people.create_debtor(ADMIN, DebtorIn(document="52998224725", name="Maria"))

    def due(self, day: date, title: str = "t1") -> None:
        item = DueItem(
            kind=AppliesTo.TITLES,
            id=title,
            debtor_id=self.debtor.id,
            creditor_id="c1",
            amount=Decimal("100.00"),
            due_date=day,
            debtor_kind=None,
            category_id=None,
        )
        self.messaging.due.setdefault(("demo", day), []).append(item)

    def rule(self, *steps: RulerStep) -> None:
        at = "2026-11-01T12:00:00.000Z"
        ruler = Ruler(
            id="r1",
            name="Régua",
            active=True,
            scope=RulerScope(),
            steps=list(steps),
            created_at=at,
            updated_at=at,
        )
        self.messaging.put_ruler("demo", ruler, new=True)


def test_a_day_run_twice_decides_each_action_once():
    w = World()
    w.rule(RulerStep(offset_days=3, channel=Channel.SMS, template_id="sms"))
    w.due(TODAY - timedelta(days=3))
    first = w.ruler.plan_day("demo", TODAY)
    again = w.ruler.plan_day("demo", TODAY)
    assert (first.actions, first.queued) == (1, 1)
    assert (again.queued, again.requeued) == (0, 1)  # still queued: sent again, the sender dedupes
    assert len(w.messaging.messages) == 1


def test_the_catch_up_covers_at_most_seven_days_and_the_mark_only_moves_forward():
    w = World()
    w.rule(RulerStep(offset_days=0, channel=Channel.EMAIL, template_id="mail"))
    reports = w.ruler.catch_up("demo")
    assert [r.run_date for r in reports] == [TODAY - timedelta(days=n) for n in range(6, -1, -1)]
    assert w.messaging.last_run("demo") == TODAY
    w.ruler.run_one_day("demo", TODAY - timedelta(days=10))  # a late manual run of an old date
    assert w.messaging.last_run("demo") == TODAY
    assert w.ruler.catch_up("demo") == []
    with pytest.raises(InvalidInput) as caught:
        w.ruler.run_one_day("demo", TODAY + timedelta(days=1))
    assert caught.value.field == "date"


def test_a_call_task_step_makes_a_task_and_no_message():
    w = World()
    w.rule(RulerStep(offset_days=5, channel=Channel.CALL_TASK))
    w.due(TODAY - timedelta(days=5))
    report = w.ruler.plan_day("demo", TODAY)
    assert (report.tasks, report.queued) == (1, 0)
    assert [t.debtor_name for t in w.messaging.tasks.values()] == ["Maria"]
    assert w.sends.jobs == []


def test_deferred_messages_go_back_on_the_queue_only_when_their_moment_has_come():
    w = World()
    w.rule(RulerStep(offset_days=0, channel=Channel.SMS, template_id="sms"))
    w.due(TODAY)
    w.ruler.plan_day("demo", TODAY)
    (message,) = w.messaging.messages.values()
    assert w.messaging.defer("demo", message, "2026-11-23T14:00:00.000Z", "2026-11-23", "2026-11-23T13:00")
    w.sends.jobs.clear()
    assert w.ruler.release_deferred("demo") == 0  # 13:00 UTC: not yet
    w.clock.pin(datetime(2026, 11, 23, 14, 5, tzinfo=UTC))
    assert w.ruler.release_deferred("demo") == 1
    assert w.messaging.messages[("demo", message.id)].status is MessageStatus.QUEUED
    ((job, _),) = w.sends.jobs
    assert isinstance(job, SendJob)
    assert (job.tenant, job.message) == ("demo", message.id)
    assert job.planned is not None  # the message rides the job: the sender need not read it
    assert Message.model_validate(job.planned).items == message.items
