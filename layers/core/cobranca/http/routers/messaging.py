"""Collection messages: templates, rulers (and their manual run), sending settings, call tasks, letters."""

from __future__ import annotations

from typing import Annotated

from aws_lambda_powertools.event_handler.api_gateway import Router
from aws_lambda_powertools.event_handler.openapi.params import Header, Query

from cobranca.bootstrap import services
from cobranca.domain.batches import Batch, BatchIn, BatchPreview
from cobranca.domain.calls import TaskAssign
from cobranca.domain.dates import check_near_date, parse_date
from cobranca.domain.messages import Task, TaskStatus
from cobranca.domain.rulers import Ruler, RulerIn, RulerPatch
from cobranca.domain.runs import BatchView, RunReport
from cobranca.domain.sending import SendingSettings
from cobranca.domain.templates import PreviewIn, Rendered, Template, TemplateIn, TemplatePatch, Wildcard
from cobranca.http.openapi import CREATED
from cobranca.http.routers.common import caller, pdf_response
from cobranca.schemas.common import Page
from cobranca.schemas.ruler import DayReport, RunIn

router = Router()


@router.post("/templates", responses=CREATED)
def create_template(body: TemplateIn) -> tuple[Template, int]:
    return services().messaging.create_template(caller(router), body), 201


@router.get("/templates")
def list_templates() -> Page[Template]:
    return Page[Template](items=services().messaging.list_templates(caller(router)))


@router.get("/templates/<template_id>")
def get_template(template_id: str) -> Template:
    return services().messaging.get_template(caller(router), template_id)


@router.patch("/templates/<template_id>")
def update_template(template_id: str, body: TemplatePatch) -> Template:
    return services().messaging.update_template(caller(router), template_id, body)


@router.get("/wildcards")
def list_wildcards() -> Page[Wildcard]:
    """What a message template may say (#NOME#, #VALOR_ATUALIZADO#…) and what each becomes."""
    return Page[Wildcard](items=services().messaging.wildcards(caller(router)))


@router.post("/templates/<template_id>/preview")
def preview_template(template_id: str, body: PreviewIn) -> Rendered:
    """The template filled for one debtor, as the sender would fill it today (nothing is sent)."""
    return services().messaging.preview_template(caller(router), template_id, body)


@router.post("/rulers", responses=CREATED)
def create_ruler(body: RulerIn) -> tuple[Ruler, int]:
    return services().messaging.create_ruler(caller(router), body), 201


@router.get("/rulers")
def list_rulers() -> Page[Ruler]:
    return Page[Ruler](items=services().messaging.list_rulers(caller(router)))


@router.post("/rulers/run")
def run_rulers(body: RunIn) -> list[DayReport]:
    """Admin: run one date again (nothing is sent twice), or catch up to today when no date is given."""
    return services().ruler.run_on_request(caller(router), body.date)


@router.get("/rulers/runs/<day>")
def run_report(day: str) -> RunReport:
    """Per ruler step and batch of that run date: messages waiting, sent, deferred (and why), failed
    and dispensed (and why)."""
    on = check_near_date(parse_date(day, "day"), "day")
    return services().messaging.run_report(caller(router), on)


@router.get("/rulers/<ruler_id>")
def get_ruler(ruler_id: str) -> Ruler:
    return services().messaging.get_ruler(caller(router), ruler_id)


@router.patch("/rulers/<ruler_id>")
def update_ruler(ruler_id: str, body: RulerPatch) -> Ruler:
    return services().messaging.update_ruler(caller(router), ruler_id, body)


@router.get("/sending-settings")
def get_sending_settings() -> SendingSettings:
    return services().messaging.get_settings(caller(router))


@router.put("/sending-settings")
def put_sending_settings(body: SendingSettings) -> SendingSettings:
    return services().messaging.put_settings(caller(router), body)


@router.get("/tasks")
def list_tasks(
    mine: Annotated[bool, Query()] = False,
    status: Annotated[TaskStatus | None, Query()] = TaskStatus.OPEN,
    everyone: Annotated[bool, Query(description="supervisors: every open task")] = False,
) -> Page[Task]:
    return Page[Task](items=services().messaging.list_tasks(caller(router), mine, status, everyone))


@router.patch("/tasks/<task_id>")
def reassign_task(task_id: str, body: TaskAssign) -> Task:
    """Supervisors and admins give an open task to another operator (or back to the shared queue)."""
    return services().calls.reassign(caller(router), task_id, body.operator_id)


@router.get("/letters/<day>")
def letters_batch(day: str):
    """The day's print batch: every letter sent on that run date, one per page, in one PDF."""
    on = check_near_date(parse_date(day.removesuffix(".pdf"), "day"), "day")
    pdf = services().messaging.print_batch(caller(router), on)
    return pdf_response(pdf, f"cartas-{on.isoformat()}.pdf", download=True)


@router.post("/actions/batch")
def batch_action(
    body: BatchIn,
    idempotency_key: Annotated[str | None, Header(alias="idempotency-key")] = None,
) -> tuple[BatchPreview | Batch, int]:
    """F41: with dry_run, how many messages and a sample (200); otherwise the action is recorded and
    its messages go through the sender, its limits and windows (202; the same Idempotency-Key again
    returns the same action with 200)."""
    ruler = services().ruler
    if body.dry_run:
        return ruler.preview_batch(caller(router), body), 200
    batch, created = ruler.request_batch(caller(router), body, idempotency_key)
    return batch, 202 if created else 200


@router.get("/actions/batch")
def list_batch_actions() -> Page[Batch]:
    return Page[Batch](items=services().ruler.list_batches(caller(router)))


@router.get("/actions/batch/<batch_id>")
def get_batch_action(batch_id: str) -> BatchView:
    """The batch and its progress: planning -> queued -> sending -> done, with counts by status."""
    return services().messaging.batch(caller(router), batch_id)
