"""Negocia Online's JSON routes (debtor-facing): identify with a code, then titles, offers and closing
an agreement. Every route after /session needs the debtor's session token."""

from __future__ import annotations

from typing import Annotated

from aws_lambda_powertools.event_handler import Response
from aws_lambda_powertools.event_handler.api_gateway import Router
from aws_lambda_powertools.event_handler.openapi.params import Header, Query
from aws_lambda_powertools.utilities.data_classes import APIGatewayProxyEventV2

from cobranca.bootstrap import services
from cobranca.domain.agreements import Agreement
from cobranca.domain.statement import Statement
from cobranca.http.openapi import ACCEPTED, CREATED
from cobranca.http.routers.common import pdf_response
from cobranca.schemas.agreements import TermPreview
from cobranca.schemas.common import Page
from cobranca.schemas.negotiation import Offers
from cobranca.schemas.portal import (
    CodeIn,
    CodeSent,
    DebtorAgreement,
    DebtorAgreementIn,
    DebtorOffersIn,
    LinkOut,
    NextPayment,
    PortalConfig,
    SessionIn,
    SessionOut,
    TermLink,
)
from cobranca.services.portal import DebtorSession
from cobranca.services.terms import TERM_LINK_SECONDS

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


@router.get("/negocia/api/<tenant>/link/<ref>")
def link(tenant: str, ref: str) -> LinkOut:
    """A message's personal link (`/negocia/{tenant}?d={ref}`): the document masked; it opens nothing."""
    return services().portal.link(tenant, ref)


@router.post("/negocia/api/<tenant>/code", responses=ACCEPTED)
def request_code(tenant: str, body: CodeIn) -> tuple[CodeSent, int]:
    return services().portal.request_code(tenant, body, source_ip()), 202


@router.post("/negocia/api/<tenant>/session")
def open_session(tenant: str, body: SessionIn) -> SessionOut:
    return services().portal.open_session(tenant, body, source_ip())


@router.get("/negocia/api/titles")
def titles() -> Statement:
    return services().portal.titles(session())


@router.get("/negocia/api/statement.pdf")
def statement_pdf(titles: Annotated[str | None, Query()] = None):  # no return model: PDF bytes
    """The demonstrativo de débito of these open titles (comma-separated ids), or of all of them."""
    ids = [t for t in titles.split(",") if t] if titles else None
    return pdf_response(services().portal.statement_pdf(session(), ids), "demonstrativo.pdf", download=True)


@router.post("/negocia/api/offers")
def offers(body: DebtorOffersIn) -> Offers:
    return services().portal.offers(session(), body)


@router.post("/negocia/api/term-preview")
def term_preview(body: DebtorAgreementIn) -> TermPreview:
    """The termo this choice would make, to read before accepting it; send its sha256 back to close."""
    return services().portal.preview_term(session(), body)


@router.post("/negocia/api/agreements", responses=CREATED)
def close(
    body: DebtorAgreementIn,
    idempotency_key: Annotated[str | None, Header(alias="idempotency-key")] = None,
) -> tuple[Agreement, int]:
    """Closes the agreement; `accepted_term_sha256` (the termo read, from term-preview) is required."""
    agent = router.current_event.headers.get("user-agent") or ""
    return services().portal.close(session(), body, idempotency_key, source_ip(), agent), 201


@router.get("/negocia/api/agreements")
def my_agreements() -> Page[DebtorAgreement]:
    """Meus acordos: the debtor's agreements with every installment and, while open, its 2ª via."""
    return Page[DebtorAgreement](items=services().portal.my_agreements(session()))


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
