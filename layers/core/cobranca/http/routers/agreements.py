"""Agreements: close (idempotent), list, get, cancel."""

from __future__ import annotations

from typing import Annotated

from aws_lambda_powertools.event_handler import Response
from aws_lambda_powertools.event_handler.api_gateway import Router
from aws_lambda_powertools.event_handler.openapi.params import Header, Query

from cobranca.bootstrap import services
from cobranca.domain.agreements import Agreement, AgreementIn, AgreementStatus
from cobranca.domain.dates import BoundedDate
from cobranca.domain.manual_payments import ManualPaymentIn
from cobranca.http.openapi import CREATED
from cobranca.http.routers.common import caller
from cobranca.schemas.agreements import AgreementFilter, BreaksReport, TermTemplate, TermTemplateIn
from cobranca.schemas.common import Page

router = Router()


@router.post("/agreements", responses=CREATED)
def create_agreement(
    body: AgreementIn,
    idempotency_key: Annotated[str | None, Header(alias="idempotency-key")] = None,
) -> tuple[Agreement, int]:
    return services().agreements.create(caller(router), body, idempotency_key), 201


@router.get("/agreements")
def list_agreements(
    status: Annotated[AgreementStatus | None, Query()] = None,
    creditor: Annotated[str | None, Query()] = None,
    operator: Annotated[str | None, Query(description="Who closed it (a user id)")] = None,
    debtor: Annotated[str | None, Query(description="One debtor's agreements, newest first")] = None,
    date_from: Annotated[BoundedDate | None, Query()] = None,
    date_to: Annotated[BoundedDate | None, Query()] = None,
    limit: Annotated[int, Query(ge=1, le=200)] = 50,
) -> Page[Agreement]:
    f = AgreementFilter(
        status=status,
        creditor=creditor,
        operator=operator,
        debtor=debtor,
        date_from=date_from,
        date_to=date_to,
        limit=limit,
    )
    return Page[Agreement](items=services().agreements.list(caller(router), f))


@router.post("/agreements/breaks/run")
def run_breaks() -> BreaksReport:
    """Admin: break now the agreements with an installment unpaid past the creditor's limit (the daily
    schedule does it at 07:00; running it again changes nothing)."""
    return services().breaks.run_on_request(caller(router))


@router.get("/agreements/<agreement_id>")
def get_agreement(agreement_id: str) -> Agreement:
    return services().agreements.get(caller(router), agreement_id)


@router.get("/agreements/<agreement_id>/term.pdf")
def term_pdf(agreement_id: str):
    """302 to a presigned S3 link valid for 15 minutes."""
    url = services().terms.term_url(caller(router), agreement_id)
    return Response(status_code=302, headers={"Location": url}, body="")


@router.put("/term-templates/<scope>")
def put_term_template(scope: str, body: TermTemplateIn) -> TermTemplate:
    return services().terms.put_template(caller(router), scope, body)


@router.get("/term-templates/<scope>")
def get_term_template(scope: str) -> TermTemplate:
    return services().terms.get_template(caller(router), scope)


@router.post("/agreements/<agreement_id>/cancel")
def cancel_agreement(agreement_id: str) -> Agreement:
    return services().agreements.cancel(caller(router), agreement_id)


@router.post("/agreements/<agreement_id>/installments/<number>/payment")
def register_payment(agreement_id: str, number: int, body: ManualPaymentIn) -> Agreement:
    """Registrar pagamento (supervisors and admins): an installment of a creditor without a portador paid
    outside it (PIX, transfer, cash), settled once with a portador's effects; sent again, nothing new."""
    return services().settlement.register(caller(router), agreement_id, number, body)


@router.get("/agreements/<agreement_id>/installments/<number>/receipt")
def payment_receipt(agreement_id: str, number: int):  # a redirect, no model
    """The comprovante of an installment registered by hand: a redirect to it (valid 15 minutes)."""
    url = services().settlement.receipt_url(caller(router), agreement_id, number)
    return Response(status_code=302, headers={"Location": url}, body="")
