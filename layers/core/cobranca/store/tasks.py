"""Call tasks for operators (a ruler step's channel call_task)."""

from __future__ import annotations

from pynamodb.exceptions import PutError

from cobranca.domain.errors import Conflict
from cobranca.domain.messages import Task, TaskStatus
from cobranca.store import keys as k
from cobranca.store.dynamo import create_if_absent, failed_condition, get_or_404
from cobranca.store.models import (
    TaskItem,
)


class DynamoTasks:
    # ------------------------------------------------------------- call tasks
    def create_task(self, tenant: str, t: Task) -> bool:
        return create_if_absent(_item(tenant, t))

    def get_task(self, tenant: str, task_id: str) -> Task:
        return _task(get_or_404(TaskItem, k.task_pk(tenant, task_id), k.TASK_SK, "tarefa não encontrada"))

    def update_task(self, tenant: str, t: Task) -> None:
        """A change of an open task: closed with its outcome, or given to another operator. A task already
        closed keeps its first outcome (Conflict)."""
        try:
            _item(tenant, t).save(condition=TaskItem.status == TaskStatus.OPEN.value)
        except PutError as exc:
            if failed_condition(exc):
                raise Conflict("tarefa já concluída") from exc
            raise

    def list_tasks(self, tenant: str, operator_id: str | None, status: TaskStatus | None) -> list[Task]:
        rows = TaskItem.gsi1.query(
            k.tasks_of(tenant, operator_id),
            filter_condition=(TaskItem.status == status.value) if status else None,
            scan_index_forward=False,
            limit=200,
        )
        return [_task(r) for r in rows if isinstance(r, TaskItem)]

    def open_tasks(self, tenant: str) -> list[Task]:
        """Every open task, the soonest due first (at most 500)."""
        rows = TaskItem.gsi2.query(k.open_tasks(tenant), limit=500)
        return [_task(r) for r in rows if isinstance(r, TaskItem)]


def _item(tenant: str, t: Task) -> TaskItem:
    due = k.sort_key(t.due_at or t.run_date.isoformat(), t.id)
    is_open = t.status is TaskStatus.OPEN
    return TaskItem(
        pk=k.task_pk(tenant, t.id),
        sk=k.TASK_SK,
        gsi1pk=k.tasks_of(tenant, t.operator_id),
        gsi1sk=due,
        gsi2pk=k.open_tasks(tenant) if is_open else None,  # leaves the open list when it closes
        gsi2sk=due if is_open else None,
        data=t.model_dump(mode="json", exclude={"status"}),
        status=t.status.value,
    )


def _task(i: TaskItem) -> Task:
    return Task.model_validate({**i.data, "status": i.status})
