"""The daily run of the régua de cobrança (F40) and the release of deferred messages.

Reads only what is due (one due-date index partition per step offset), decides each action once
(a conditional put on its dedupe key), and hands the jobs to the sender queue in batches of 10.
"""

from __future__ import annotations

from collections import Counter
from concurrent.futures import ThreadPoolExecutor
from datetime import date, timedelta
from decimal import Decimal

from cobranca.domain.access import Screen
from cobranca.domain.batches import (
    BATCH_CHECKED,
    BATCH_SAMPLE,
    Batch,
    BatchFilter,
    BatchIn,
    BatchPreview,
    BatchSample,
    BatchStatus,
)
from cobranca.domain.channels import Channel, MessageChannel
from cobranca.domain.contacts import phone_to_dial
from cobranca.domain.dates import SAO_PAULO, Clock, business_today, utc_timestamp
from cobranca.domain.delivery import held, message_for
from cobranca.domain.errors import InvalidInput
from cobranca.domain.idempotency import IdempotentReplay, request_fingerprint, require_idempotency_key
from cobranca.domain.ids import new_id
from cobranca.domain.messages import Message, MessageStatus, Task, item_refs
from cobranca.domain.rulers import Action, due_dates, plan_actions, run_dates
from cobranca.gateways import JobQueue
from cobranca.jobs import BatchJob, Job, SendJob
from cobranca.ports import MessagingRepository, PortfolioRepository
from cobranca.schemas.ruler import DayReport
from cobranca.services.calculators import debt_calculator
from cobranca.services.caller import Caller
from cobranca.services.messaging import check_batch

MAX_CATCH_UP_DAYS = 7
READERS = 16  # a dry run's concurrent reads of the debtors it checks


class RulerService:
    def __init__(
        self,
        repo: MessagingRepository,
        portfolio: PortfolioRepository,
        queue: JobQueue,
        batch_queue: JobQueue,
        clock: Clock,
    ) -> None:
        self.repo = repo
        self.portfolio = portfolio
        self.queue = queue  # send jobs, for the sender
        self.batch_queue = batch_queue  # manual batch actions to plan, for the ruler function
        self.clock = clock

    # ------------------------------------------------------------- entry points
    def catch_up(self, tenant: str | None = None) -> list[DayReport]:
        """Every tenant (or one) from the day after its last run through today, at most 7 days back."""
        today = business_today(self.clock)
        tenants = [tenant] if tenant else [t.slug for t in self.portfolio.list_tenants()]
        reports = []
        for slug in tenants:
            for day in run_dates(self.repo.last_run(slug), today, MAX_CATCH_UP_DAYS):
                reports.append(self.plan_day(slug, day))
                self.repo.set_last_run(slug, day, utc_timestamp(self.clock))
        return reports

    def run(self, tenant: str | None, run_date: date | None) -> list[DayReport]:
        """One tenant's date (re-running is harmless), or the catch-up up to today (the schedule, the CLI)."""
        if run_date is None:
            return self.catch_up(tenant)
        if not tenant:
            raise InvalidInput("tenant", "uma data avulsa é rodada para uma empresa: informe a empresa")
        return [self.run_one_day(tenant, run_date)]

    def run_on_request(self, caller: Caller, run_date: date | None) -> list[DayReport]:
        """POST /rulers/run (admin), always for the caller's own tenant."""
        caller.require_admin("somente o administrador dispara a régua manualmente")
        return self.run(caller.tenant, run_date)

    def run_one_day(self, tenant: str, run_date: date) -> DayReport:
        """One past or present date, recorded as the tenant's last run (re-running it is harmless)."""
        today = business_today(self.clock)
        if run_date > today:
            raise InvalidInput("date", "a régua não roda para datas futuras")
        report = self.plan_day(tenant, run_date)
        self.repo.set_last_run(tenant, run_date, utc_timestamp(self.clock))
        return report

    # ------------------------------------------------------------- one tenant, one day
    def plan_day(self, tenant: str, run_date: date) -> DayReport:
        """The day's actions of every ruler, each decided once (no bookkeeping of the last run)."""
        report = DayReport(tenant=tenant, run_date=run_date)
        for due, steps in sorted(due_dates(self.repo.list_rulers(tenant), run_date).items()):
            items = list(self.repo.due_items(tenant, due))
            report.due_items += len(items)
            self._decide(tenant, run_date, plan_actions(tenant, run_date, steps, items), "ruler", report)
        return report

    def _decide(
        self, tenant: str, run_date: date, actions: list[Action], origin: str, report: DayReport
    ) -> None:
        """Each action once: a call task, or a message record (the dedupe key) and its send job."""
        jobs: list[Job] = []
        for action in actions:
            report.actions += 1
            if action.step.channel is Channel.CALL_TASK:
                report.tasks += self._task(tenant, run_date, action)
            else:
                self._message(tenant, run_date, action, f"{origin}:{action.ruler_id}", report, jobs)
        self.queue.send_batch(jobs)

    def _message(
        self,
        tenant: str,
        run_date: date,
        action: Action,
        origin: str,
        report: DayReport,
        jobs: list[Job],
    ) -> None:
        now = utc_timestamp(self.clock)
        message = Message(
            id=action.key,
            origin=origin,
            debtor_id=action.debtor_id,
            creditor_id=action.creditor_id,
            channel=action.step.channel,
            template_id=action.step.template_id or "",
            step=action.step.key(action.ruler_id),
            run_date=run_date,
            items=item_refs(action.items),
            created_at=now,
            updated_at=now,
        )
        if self.repo.create_message(tenant, message):
            report.queued += 1
            jobs.append(SendJob.of(tenant, message))
            return
        existing = self.repo.get_message(tenant, message.id)
        if existing is not None and existing.status is MessageStatus.QUEUED:
            # decided before but maybe never queued (a crash between put and send): the sender is
            # idempotent, so queueing again is safe and nothing accepted is lost
            report.requeued += 1
            jobs.append(SendJob.of(tenant, existing))
        else:
            report.already_decided += 1

    def _task(self, tenant: str, run_date: date, action: Action) -> int:
        debtor = self.portfolio.get_debtor(tenant, action.debtor_id)
        task = Task(
            id=action.key,
            debtor_id=debtor.id,
            debtor_name=debtor.name,
            phone=phone_to_dial(debtor.contacts),
            operator_id=debtor.operator_id,
            step=action.step.key(action.ruler_id),
            run_date=run_date,
            items=item_refs(action.items),
            created_at=utc_timestamp(self.clock),
        )
        return int(self.repo.create_task(tenant, task))

    # ------------------------------------------------------------- deferred messages
    def release_deferred(self, tenant: str | None = None) -> int:
        """Puts back on the queue every deferred message whose moment has come (every 15 minutes)."""
        now = self.clock.now()
        until = utc_timestamp(self.clock)
        today = now.astimezone(SAO_PAULO).date()
        tenants = [tenant] if tenant else [t.slug for t in self.portfolio.list_tenants()]
        released = 0
        for slug in tenants:
            for back in range(MAX_CATCH_UP_DAYS, -1, -1):
                day = (today - timedelta(days=back)).isoformat()
                due = self.repo.deferred_due(slug, day, until)
                if not due:
                    continue
                self.queue.send_batch([SendJob.of(slug, m) for m in due])
                for m in due:  # after the jobs are queued: a crash here only queues twice
                    self.repo.requeue(slug, m.id)
                released += len(due)
        return released

    # ------------------------------------------------------------- manual batch action (F41)
    def preview_batch(self, caller: Caller, body: BatchIn) -> BatchPreview:
        """dry_run: how many messages the action would decide today, over which titles, and a sample."""
        template = check_batch(self.repo, self.portfolio, caller, body)
        tenant, run_date = caller.tenant, business_today(self.clock)
        actions = self._batch_actions(tenant, body.filter, body.channel, body.template_id, "", run_date)
        settings = self.repo.get_settings(tenant)
        checked = actions[:BATCH_CHECKED]
        debtors = list(dict.fromkeys(a.debtor_id for a in checked))
        with ThreadPoolExecutor(max_workers=READERS) as pool:  # each debtor's partition, read once
            read = pool.map(lambda d: self.repo.contact_view(tenant, d), debtors)
            views = dict(zip(debtors, read, strict=True))
        counted: Counter[str] = Counter()
        for a in checked:
            why, views[a.debtor_id] = held(views[a.debtor_id], body.channel, a.key, run_date, settings)
            counted.update([why.value] if why else [])
        shown = actions[:BATCH_SAMPLE]
        creditors = {c.id: c for c in self.portfolio.list_creditors(tenant)}
        calculators = {  # each creditor's policy and index series, read once for the sample
            c: debt_calculator(self.portfolio, tenant, creditors[c]) for c in {a.creditor_id for a in shown}
        }
        portal = settings.negocia_url or ""

        def sample(a: Action) -> BatchSample:
            debtor, creditor, refs = views[a.debtor_id].debtor, creditors[a.creditor_id], item_refs(a.items)
            calculator = calculators[a.creditor_id]
            rendered = message_for(template, (debtor, creditor), refs, calculator, run_date, portal)
            return BatchSample(
                debtor_id=a.debtor_id,
                debtor_name=debtor.name,
                creditor_id=a.creditor_id,
                titles=refs,
                message=rendered,
            )

        items = [i for a in actions for i in a.items]
        return BatchPreview(
            run_date=run_date,
            actions=len(actions),
            titles=len(items),
            total_amount=sum((i.amount for i in items), Decimal(0)),
            sample=[sample(a) for a in shown],
            checked=min(len(actions), BATCH_CHECKED),
            held=dict(counted),
        )

    def request_batch(self, caller: Caller, body: BatchIn, idempotency_key: str | None) -> tuple[Batch, bool]:
        """Records the action and hands it to the ruler function; the same key re-sent changes nothing
        (its planning runs again and decides nothing twice); the same key for another action is 409."""
        key = require_idempotency_key(idempotency_key, "ação em lote")
        check_batch(self.repo, self.portfolio, caller, body)
        now, fingerprint = utc_timestamp(self.clock), request_fingerprint(body)
        batch = Batch(
            id=new_id(),
            filter=body.filter,
            channel=body.channel,
            template_id=body.template_id,
            run_date=business_today(self.clock),
            created_by=caller.user_id,
            created_at=now,
            updated_at=now,
        )
        try:
            self.repo.create_batch(caller.tenant, batch, key, fingerprint)
            created = True
        except IdempotentReplay as replay:  # the same key again: the action it recorded, queued again
            batch = self.repo.get_batch(
                caller.tenant, replay.same_or_conflict(fingerprint, "outra ação em lote")
            )
            created = False
        self.batch_queue.send(BatchJob(tenant=caller.tenant, batch=batch.id))
        return batch, created

    def plan_batch(self, tenant: str, batch_id: str) -> DayReport:
        """The ruler function's half: decide the batch's messages (on its own date) and queue them."""
        batch = self.repo.get_batch(tenant, batch_id)
        report = DayReport(tenant=tenant, run_date=batch.run_date)
        actions = self._batch_actions(
            tenant, batch.filter, batch.channel, batch.template_id, batch.id, batch.run_date
        )
        report.due_items = sum(len(a.items) for a in actions)
        self._decide(tenant, batch.run_date, actions, "batch", report)
        done = batch.model_copy(
            update={
                "status": BatchStatus.QUEUED,
                "actions": report.actions,
                "updated_at": utc_timestamp(self.clock),
            }
        )
        self.repo.put_batch(tenant, done)
        return report

    def list_batches(self, caller: Caller) -> list[Batch]:
        caller.require(Screen.MESSAGING)
        return sorted(self.repo.list_batches(caller.tenant), key=lambda b: b.created_at, reverse=True)

    def _batch_actions(
        self,
        tenant: str,
        f: BatchFilter,
        channel: MessageChannel,
        template_id: str,
        batch_id: str,
        run_date: date,
    ) -> list[Action]:
        first, last = f.due_range(run_date)
        # the fewer queries: one per creditor (its titles by due date) or one per day of the range
        creditors = (
            [f.creditor_id] if f.creditor_id else [c.id for c in self.portfolio.list_creditors(tenant)]
        )
        by_creditor = creditors if len(creditors) <= (last - first).days + 1 else None
        items = self.repo.open_titles_due(tenant, first, last, by_creditor)
        ruler, step = f.as_ruler(batch_id, channel, template_id)
        return plan_actions(tenant, run_date, [(ruler, step)], items)
