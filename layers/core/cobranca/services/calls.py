"""An operator's call to a debtor (F05): the outcome goes to the history; a wrong number marks the phone
invalid; a promise to pay is kept on the debtor and pauses the ruler (domain/calls.py has the rules)."""

from __future__ import annotations

from datetime import timedelta

from cobranca.domain.access import Role, Screen
from cobranca.domain.calls import (
    LABELS,
    CallIn,
    CallOutcome,
    call_detail,
    callback_moment,
    callback_task,
    check_call,
)
from cobranca.domain.contacts import ContactKind
from cobranca.domain.dates import Clock, business_today, utc_timestamp
from cobranca.domain.errors import Forbidden, InvalidInput
from cobranca.domain.ids import new_id
from cobranca.domain.messages import Task, TaskStatus
from cobranca.domain.portfolio import HistoryEntry, Promise, PromiseView, TitleStatus, promise_broken
from cobranca.domain.privacy import mask_phone
from cobranca.ports import PortfolioRepository, Tasks, UserDirectory
from cobranca.services.caller import Caller


class CallService:
    def __init__(self, repo: PortfolioRepository, tasks: Tasks, users: UserDirectory, clock: Clock) -> None:
        self.repo = repo
        self.tasks = tasks
        self.users = users
        self.clock = clock

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
        entry = HistoryEntry(
            id=new_id(),
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

    def _task_to_close(self, caller: Caller, debtor_id: str, task_id: str | None) -> Task | None:
        if task_id is None:
            return None
        task = self.tasks.get_task(caller.tenant, task_id)
        if task.debtor_id != debtor_id:
            raise InvalidInput("task_id", "a tarefa é de outro devedor")
        if task.operator_id not in (None, caller.user_id) and caller.role is Role.OPERATOR:
            raise Forbidden("tarefa de outro operador")
        return task
