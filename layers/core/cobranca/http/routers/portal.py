"""Negocia Online's JSON routes (debtor-facing): identify with a code, then titles, offers and closing
an agreement. Every route after /session needs the debtor's session token."""

from __future__ import annotations

from typing import Annotated

from aws_lambda_powertools.event_handler import Response
from aws_lambda_powertools.event_handler.api_gateway import Router
from aws_lambda_powertools.event_handler.openapi.params import Header
from aws_lambda_powertools.utilities.data_classes import APIGatewayProxyEventV2

from cobranca.bootstrap import services
from cobranca.domain.agreements import Agreement
from cobranca.domain.statement import Statement
from cobranca.http.openapi import ACCEPTED, CREATED
from cobranca.schemas.negotiation import Offers
from cobranca.schemas.portal import (
    CodeIn,
    CodeSent,
    DebtorAgreementIn,
    DebtorOffersIn,
    NextPayment,
    PortalConfig,
    SessionIn,
    SessionOut,
    TermLink,
)
from cobranca.services.agreements import TERM_LINK_SECONDS
from cobranca.services.portal import DebtorSession

router = Router()


def session() -> DebtorSession:
    return services().portal.session(router.current_event.headers.get("authorization"))


def source_ip() -> str:
    event = router.current_event
    assert isinstance(event, APIGatewayProxyEventV2)  # the portal is served by an HTTP API
    return event.request_context.http.source_ip


@router.get("/negocia/api/<tenant>/config")
def config(tenant: str) -> PortalConfig:
    return services().portal.config(tenant)


@router.post("/negocia/api/<tenant>/code", responses=ACCEPTED)
def request_code(tenant: str, body: CodeIn) -> tuple[CodeSent, int]:
    return services().portal.request_code(tenant, body, source_ip()), 202


@router.post("/negocia/api/<tenant>/session")
def open_session(tenant: str, body: SessionIn) -> SessionOut:
    return services().portal.open_session(tenant, body, source_ip())


@router.get("/negocia/api/titles")
def titles() -> Statement:
    return services().portal.titles(session())


@router.post("/negocia/api/offers")
def offers(body: DebtorOffersIn) -> Offers:
    return services().portal.offers(session(), body)


@router.post("/negocia/api/agreements", responses=CREATED)
def close(
    body: DebtorAgreementIn,
    idempotency_key: Annotated[str | None, Header(alias="idempotency-key")] = None,
) -> tuple[Agreement, int]:
    return services().portal.close(session(), body, idempotency_key), 201


@router.get("/negocia/api/agreements/<agreement_id>/payment")
def next_payment(agreement_id: str) -> NextPayment:
    """The next installment to pay and its PIX code, boleto line or checkout link, once issued."""
    return services().portal.next_payment(session(), agreement_id)


@router.get("/negocia/api/agreements/<agreement_id>/term")
def term_link(agreement_id: str) -> TermLink:
    return TermLink(url=services().portal.term_url(session(), agreement_id), expires_in=TERM_LINK_SECONDS)


@router.get("/negocia/api/agreements/<agreement_id>/term.pdf")
def term(agreement_id: str):
    url = services().portal.term_url(session(), agreement_id)
    return Response(status_code=302, headers={"Location": url}, body="")
