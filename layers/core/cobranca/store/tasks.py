"""Call tasks for operators (a ruler step's channel call_task)."""

from __future__ import annotations

from cobranca.domain.messages import Task, TaskStatus
from cobranca.store import keys as k
from cobranca.store.dynamo import create_if_absent
from cobranca.store.models import (
    TaskItem,
)


class DynamoTasks:
    # ------------------------------------------------------------- call tasks
    def create_task(self, tenant: str, t: Task) -> bool:
        item = TaskItem(
            pk=k.task_pk(tenant, t.id),
            sk=k.TASK_SK,
            gsi1pk=k.tasks_of(tenant, t.operator_id),
            gsi1sk=k.sort_key(t.run_date.isoformat(), t.id),
            data=t.model_dump(mode="json", exclude={"status"}),
            status=t.status.value,
        )
        return create_if_absent(item)

    def list_tasks(self, tenant: str, operator_id: str | None, status: TaskStatus | None) -> list[Task]:
        rows = TaskItem.gsi1.query(
            k.tasks_of(tenant, operator_id),
            filter_condition=(TaskItem.status == status.value) if status else None,
            scan_index_forward=False,
            limit=200,
        )
        return [Task.model_validate({**r.data, "status": r.status}) for r in rows if isinstance(r, TaskItem)]
