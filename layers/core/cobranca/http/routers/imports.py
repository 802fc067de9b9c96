"""ERP import: POST a CSV (text/csv) -> 202 with the job; GET the job with every rejected row."""

from __future__ import annotations

import base64
from typing import Annotated, Literal

from aws_lambda_powertools.event_handler.api_gateway import Router
from aws_lambda_powertools.event_handler.openapi.params import Query

from cobranca.bootstrap import services
from cobranca.domain.errors import InvalidInput
from cobranca.domain.import_layout import ImportMapping, StoredMapping
from cobranca.domain.imports import ImportJob
from cobranca.http.guard import FILE_TYPES as CSV_TYPES
from cobranca.http.guard import SHEET_TYPES
from cobranca.http.openapi import ACCEPTED
from cobranca.http.routers.common import caller, file_response
from cobranca.schemas.common import Page
from cobranca.schemas.imports import ImportReport

router = Router()


@router.post(
    "/imports",
    description="Body: the file, CSV (Content-Type: text/csv; delimiter ',' or ';') or XLSX (its first "
    "sheet). Columns: document,name,email,phone,creditor,title_number,description,amount,due_date (or "
    "their Portuguese names, or the tenant's own mapping: PUT /import-mapping).",
    responses=ACCEPTED,
)
def start_import(filename: Annotated[str, Query(max_length=200)] = "") -> tuple[ImportJob, int]:
    event = router.current_event
    content_type = (event.headers.get("content-type") or "").split(";")[0].strip().lower()
    spreadsheet = content_type in SHEET_TYPES or filename.lower().endswith(".xlsx")
    if content_type not in CSV_TYPES and not spreadsheet:
        raise InvalidInput("content-type", "envie o arquivo como text/csv ou .xlsx")
    body = raw_body(event.body, event.is_base64_encoded)
    return services().imports.start(caller(router), body, filename, spreadsheet=spreadsheet), 202


@router.get("/import-mapping")
def get_import_mapping() -> StoredMapping:
    """The tenant's names for the columns its ERP exports (empty: the documented and Portuguese names)."""
    return services().imports.mapping(caller(router))


@router.put("/import-mapping")
def put_import_mapping(body: ImportMapping) -> StoredMapping:
    """Each of the file's column names to one of ours, or "ignorar"; applies to files sent from now on."""
    return services().imports.put_mapping(caller(router), body)


@router.get("/import-template")
def import_template(format: Annotated[Literal["csv", "xlsx"], Query()] = "csv"):  # a file, no model
    """The layout to start from: the Portuguese column names and one example row (CSV or XLSX)."""
    from cobranca.documents.sheets import template_csv, template_xlsx

    if format == "xlsx":
        return file_response(template_xlsx(), "modelo-importacao.xlsx", SHEET_TYPES[0])
    return file_response(template_csv(), "modelo-importacao.csv", "text/csv; charset=utf-8")


def raw_body(body: str | None, is_base64: bool | None) -> bytes:
    """The file's bytes as sent: ERP exports are often Windows-1252, not UTF-8."""
    if not body:
        return b""
    return base64.b64decode(body) if is_base64 else body.encode("utf-8")


@router.get("/imports")
def list_imports(limit: Annotated[int, Query(ge=1, le=200)] = 50) -> Page[ImportJob]:
    """Past imports, newest first, with their progress."""
    return Page[ImportJob](items=services().imports.list_jobs(caller(router), limit))


@router.get("/imports/<import_id>")
def get_import(import_id: str) -> ImportReport:
    return services().imports.report(caller(router), import_id)


@router.get("/imports/<import_id>/rejected.csv")
def rejected_rows(import_id: str):
    """The rejected rows in the original layout plus a `motivo` column, to fix and send again."""
    body = services().imports.rejected_csv(caller(router), import_id)
    return file_response(body, f"rejeitadas-{import_id}.csv", "text/csv; charset=utf-8")
