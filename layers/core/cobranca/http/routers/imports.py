"""ERP import: POST a CSV (text/csv) -> 202 with the job; GET the job with every rejected row."""

from __future__ import annotations

from typing import Annotated

from aws_lambda_powertools.event_handler.api_gateway import Router
from aws_lambda_powertools.event_handler.openapi.params import Query

from cobranca.bootstrap import services
from cobranca.domain.errors import InvalidInput
from cobranca.domain.imports import ImportJob
from cobranca.http.routers.common import caller
from cobranca.services.imports import ImportReport

router = Router()
CSV_TYPES = ("text/csv", "application/csv", "text/plain", "application/octet-stream")


@router.post(
    "/imports",
    description="Body: the CSV file (Content-Type: text/csv). Columns: document,name,email,phone,"
    "creditor,title_number,description,amount,due_date; delimiter ',' or ';'.",
)
def start_import(filename: Annotated[str, Query(max_length=200)] = "") -> tuple[ImportJob, int]:
    event = router.current_event
    content_type = (event.headers.get("content-type") or "").split(";")[0].strip().lower()
    if content_type not in CSV_TYPES:
        raise InvalidInput("content-type", "envie o arquivo com Content-Type: text/csv")
    body = event.decoded_body or ""
    raw = body.encode() if isinstance(body, str) else body
    return services().imports.start(caller(router), raw, filename), 202


@router.get("/imports/<import_id>")
def get_import(import_id: str) -> ImportReport:
    return services().imports.report(caller(router), import_id)
