"""An operator's call to a debtor (F05): the outcome goes to the history; a wrong number marks the phone
invalid; a promise to pay is kept on the debtor and pauses the ruler (domain/calls.py has the rules)."""

from __future__ import annotations

from datetime import timedelta
from decimal import Decimal

from cobranca.domain.access import Role, Screen
from cobranca.domain.calls import (
    LABELS,
    CallIn,
    CallOutcome,
    OneOffIn,
    call_detail,
    callback_moment,
    callback_task,
    check_call,
    check_promise_amount,
    replaced_detail,
)
from cobranca.domain.channels import MESSAGE_CHANNELS
from cobranca.domain.contacts import ContactKind
from cobranca.domain.dates import Clock, business_today, utc_timestamp
from cobranca.domain.delivery import destination
from cobranca.domain.errors import Conflict, Forbidden, InvalidInput
from cobranca.domain.idempotency import require_idempotency_key
from cobranca.domain.messages import Message, MessageStatus, Task, TaskStatus, open_titles_of
from cobranca.domain.portfolio import HistoryEntry, Promise, PromiseView, TitleStatus, promise_broken
from cobranca.domain.privacy import mask_phone
from cobranca.domain.rulers import action_key
from cobranca.domain.templates import TemplateChoice
from cobranca.gateways import JobQueue
from cobranca.jobs import SendJob
from cobranca.ports import MessagingRepository, PortfolioRepository, UserDirectory
from cobranca.services.calculators import Calculators
from cobranca.services.caller import Caller
from cobranca.services.messaging import check_references


class CallService:
    def __init__(
        self,
        repo: PortfolioRepository,
        tasks: MessagingRepository,
        users: UserDirectory,
        queue: JobQueue,
        clock: Clock,
    ) -> None:
        self.repo = repo
        self.tasks = tasks
        self.users = users
        self.queue = queue
        self.clock = clock

    def message_options(self, caller: Caller, debtor_id: str) -> list[TemplateChoice]:
        """The templates the ficha offers for a one-off message: sendable, on a channel with a valid
        contact of this debtor (mobile for SMS and WhatsApp)."""
        caller.require(Screen.DEBTORS)
        debtor = self.repo.get_debtor(caller.tenant, debtor_id)
        reachable = {c for c in MESSAGE_CHANNELS if destination(debtor, c) is not None}
        templates = sorted(self.tasks.list_templates(caller.tenant), key=lambda t: (t.channel, t.name))
        return [
            TemplateChoice(id=t.id, name=t.name, channel=t.channel)
            for t in templates
            if t.sendable and t.channel in reachable
        ]

    def send_message(
        self, caller: Caller, debtor_id: str, body: OneOffIn, idempotency_key: str | None
    ) -> Message:
        """A one-off message from the ficha, through the sender and all its limits (windows, cap, quota):
        queued once per Idempotency-Key (the same key for another message is 409)."""
        caller.require(Screen.DEBTORS)
        key = require_idempotency_key(idempotency_key, "mensagem avulsa")
        [template] = check_references(
            self.tasks,
            self.repo,
            caller.tenant,
            templates=[("template_id", body.channel, body.template_id)],
            creditors=[],
            categories=[],
        )
        if not template.sendable:
            raise InvalidInput("template_id", "o modelo de WhatsApp ainda não foi aprovado")
        debtor = self.repo.get_debtor(caller.tenant, debtor_id)
        if destination(debtor, body.channel) is None:
            raise InvalidInput("channel", f"o devedor não tem contato válido para {body.channel.value}")
        creditor_id, items = open_titles_of(self.repo.list_titles(caller.tenant, debtor_id), body.creditor_id)
        if not items:
            raise InvalidInput("creditor_id", "o devedor não tem títulos em aberto com este credor")
        today, now = business_today(self.clock), utc_timestamp(self.clock)
        m = Message(
            id=action_key(caller.tenant, f"{debtor_id}~{creditor_id}", f"manual.{key}", today),
            origin=f"manual:{caller.user_id}",
            debtor_id=debtor_id,
            creditor_id=creditor_id,
            channel=body.channel,
            template_id=body.template_id,
            step=f"manual.{body.channel.value}",
            run_date=today,
            items=items,
            created_at=now,
            updated_at=now,
        )
        if not self.tasks.create_message(caller.tenant, m):
            first = self.tasks.get_message(caller.tenant, m.id)
            if first is None or (first.channel, first.template_id) != (m.channel, m.template_id):
                raise Conflict("esta Idempotency-Key já foi usada para outra mensagem")
            if first.status is not MessageStatus.QUEUED:
                return first
            m = first  # decided before, maybe never queued: the sender is idempotent
        self.queue.send(SendJob.of(caller.tenant, m))
        return m

    def reassign(self, caller: Caller, task_id: str, operator_id: str | None) -> Task:
        """Supervisors and admins give an open task to another operator (None: back to the shared queue)."""
        caller.require(Screen.DEBTORS)
        if caller.role is Role.OPERATOR:
            raise Forbidden("somente supervisores e administradores redistribuem tarefas")
        if operator_id is not None and not self.users.user_exists(caller.tenant, operator_id):
            raise InvalidInput("operator_id", "usuário não encontrado")
        task = self.tasks.get_task(caller.tenant, task_id)
        moved = task.model_copy(update={"operator_id": operator_id})
        self.tasks.update_task(caller.tenant, moved)
        return moved

    def register(self, caller: Caller, debtor_id: str, body: CallIn) -> HistoryEntry:
        """The outcome in the history (and the contact or promise it changes); the task it closes; the
        call-back it schedules."""
        caller.require(Screen.DEBTORS)
        check_call(body, self.clock.now())
        task = self._task_to_close(caller, debtor_id, body.task_id)
        debtor = self.repo.get_debtor(caller.tenant, debtor_id)
        phone = None
        if body.contact_id:
            phone = next((c for c in debtor.contacts if c.id == body.contact_id), None)
            if phone is None or phone.kind is not ContactKind.PHONE:
                raise InvalidInput("contact_id", "telefone não encontrado nos contatos do devedor")
        now = utc_timestamp(self.clock)
        entry = HistoryEntry.new(
            at=now,
            actor=caller.user_id,
            action=f"call.{body.outcome.value}",
            detail=call_detail(body, mask_phone(phone.value) if phone else None),
            data={"outcome": body.outcome.value, "contact_id": body.contact_id},
        )
        if body.outcome is CallOutcome.WRONG_NUMBER and phone is not None:
            wrong = phone.model_copy(
                update={"valid": False, "invalid_reason": "número errado", "updated_at": now}
            )
            self.repo.update_contact(caller.tenant, debtor_id, wrong, entry)
        elif body.outcome is CallOutcome.PROMISE and body.promise_date and body.promise_amount is not None:
            self._check_promise(caller.tenant, debtor_id, body.promise_amount)
            today = business_today(self.clock)
            entry = entry.model_copy(update={"detail": entry.detail + replaced_detail(debtor.promise, today)})
            promise = Promise(
                date=body.promise_date,
                amount=str(body.promise_amount),
                by=caller.user_id,
                at=now,
                debtor_id=debtor_id,
                debtor_name=debtor.name,
            )
            self.repo.put_promise(caller.tenant, debtor_id, promise, entry)
        else:
            self.repo.add_history(caller.tenant, debtor_id, entry)
        if task is not None:
            done = {"status": TaskStatus.DONE, "outcome": LABELS[body.outcome], "closed_at": now}
            self.tasks.update_task(
                caller.tenant, task.model_copy(update={**done, "closed_by": caller.user_id})
            )
        at = callback_moment(body)
        if at is not None:
            later = callback_task(debtor, body, phone, caller.user_id, at, now)
            self.tasks.create_task(caller.tenant, later)
        return entry

    def promises(self, caller: Caller, days: int = 30) -> list[PromiseView]:
        """The caller's promises whose date passed in the last `days` days (the newest first), each
        marked broken when the debtor's titles are still open (one titles query per promise)."""
        caller.require(Screen.DEBTORS)
        today = business_today(self.clock)
        found = self.repo.promises_by(caller.tenant, caller.user_id, today)
        views = []
        for p in (p for p in found if p.date >= today - timedelta(days=days)):
            titles = self.repo.list_titles(caller.tenant, p.debtor_id)
            still_open = any(t.status is TitleStatus.OPEN for t in titles)
            fields = p.model_dump(include={"debtor_id", "debtor_name", "date", "amount"})
            views.append(PromiseView(**fields, broken=promise_broken(p, still_open, today)))
        return views

    def _check_promise(self, tenant: str, debtor_id: str, amount: Decimal) -> None:
        """The promise against the debtor's open titles updated to today (their creditors' minimum
        installment: the smallest of them)."""
        calculators = Calculators(self.repo, tenant)
        updated = calculators.open_updates(
            self.repo.list_titles(tenant, debtor_id), business_today(self.clock)
        )
        balance = sum((u.total for _, u in updated), Decimal("0.00"))
        minimums = [calculators.creditors[t.creditor_id].policy.min_installment for t, _ in updated]
        least = min(minimums, default=Decimal(0))
        check_promise_amount(amount, balance, least)

    def _task_to_close(self, caller: Caller, debtor_id: str, task_id: str | None) -> Task | None:
        if task_id is None:
            return None
        task = self.tasks.get_task(caller.tenant, task_id)
        if task.debtor_id != debtor_id:
            raise InvalidInput("task_id", "a tarefa é de outro devedor")
        if task.operator_id not in (None, caller.user_id) and caller.role is Role.OPERATOR:
            raise Forbidden("tarefa de outro operador")
        return task
