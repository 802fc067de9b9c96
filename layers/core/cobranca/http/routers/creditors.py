"""Creditors (credores) and debtor categories."""

from __future__ import annotations

from typing import Annotated, Literal

from aws_lambda_powertools.event_handler.api_gateway import Router
from aws_lambda_powertools.event_handler.openapi.params import Query

from cobranca.bootstrap import services
from cobranca.domain.account import file_name
from cobranca.domain.dates import BoundedDate
from cobranca.domain.payments import CreditorAccountIn
from cobranca.domain.portfolio import Category, CategoryIn, CategoryPatch, Creditor, CreditorIn, CreditorPatch
from cobranca.http.openapi import CREATED
from cobranca.http.routers.common import caller, file_response, pdf_response
from cobranca.schemas.common import Page

router = Router()
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


@router.post("/creditors", responses=CREATED)
def create_creditor(body: CreditorIn) -> tuple[Creditor, int]:
    return services().creditors.create_creditor(caller(router), body), 201


@router.get("/creditors")
def list_creditors() -> Page[Creditor]:
    return Page[Creditor](items=services().creditors.list_creditors(caller(router)))


@router.get("/creditors/<creditor_id>")
def get_creditor(creditor_id: str) -> Creditor:
    return services().creditors.get_creditor(caller(router), creditor_id)


@router.patch("/creditors/<creditor_id>")
def update_creditor(creditor_id: str, body: CreditorPatch) -> Creditor:
    return services().creditors.update_creditor(caller(router), creditor_id, body)


@router.post("/categories", responses=CREATED)
def create_category(body: CategoryIn) -> tuple[Category, int]:
    return services().creditors.create_category(caller(router), body), 201


@router.get("/categories")
def list_categories() -> Page[Category]:
    return Page[Category](items=services().creditors.list_categories(caller(router)))


@router.get("/categories/<category_id>")
def get_category(category_id: str) -> Category:
    return services().creditors.get_category(caller(router), category_id)


@router.patch("/categories/<category_id>")
def update_category(category_id: str, body: CategoryPatch) -> Category:
    return services().creditors.update_category(caller(router), category_id, body)


@router.post("/creditors/<creditor_id>/asaas-account")
def create_creditor_account(creditor_id: str, body: CreditorAccountIn) -> Creditor:
    """Admin: the creditor's own Asaas account (under the tenant's), whose wallet receives its split; the
    creditor then charges through Asaas (portador asaas, wallet_id set)."""
    return services().payment_settings.creditor_account(caller(router), creditor_id, body)


@router.get("/creditors/<creditor_id>/statement-of-account")
def statement_of_account(
    creditor_id: str,
    date_from: Annotated[BoundedDate, Query(alias="from")],
    date_to: Annotated[BoundedDate, Query(alias="to")],
    format: Annotated[Literal["json", "csv", "xlsx", "pdf"], Query()] = "json",
):  # no return model: three of the formats are files (the JSON is domain.account.StatementOfAccount)
    """Prestação de contas: each payment received for the creditor from `from` to `to` (payment dates)
    with its gross value, the portador's fee, the net, the creditor's split, the agency's commission,
    honorários and late charges, and when the money is available; totals that reconcile to the centavo."""
    if format == "pdf":
        pdf, name = services().accounts.pdf(caller(router), creditor_id, date_from, date_to)
        return pdf_response(pdf, name, download=False)
    s = services().accounts.statement(caller(router), creditor_id, date_from, date_to)
    if format == "csv":
        from cobranca.documents.sheets import account_csv

        return file_response(account_csv(s), file_name(s, "csv"), "text/csv; charset=utf-8")
    if format == "xlsx":
        from cobranca.documents.sheets import account_xlsx

        return file_response(account_xlsx(s), file_name(s, "xlsx"), XLSX)
    return s.model_dump(mode="json")
