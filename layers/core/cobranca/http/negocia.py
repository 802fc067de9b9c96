"""Negocia Online's JSON API (debtor-facing): identify with a code, then titles, offers, agreement."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

from aws_lambda_powertools.event_handler import APIGatewayHttpResolver, Response
from aws_lambda_powertools.event_handler.openapi.params import Header

from cobranca.bootstrap import services
from cobranca.domain.agreements import Agreement
from cobranca.domain.statement import Statement
from cobranca.http.app import register_errors
from cobranca.services.agreements import TERM_LINK_SECONDS
from cobranca.services.negocia import (
    CodeIn,
    CodeSent,
    DebtorAgreementIn,
    DebtorOffersIn,
    DebtorSession,
    PortalConfig,
    SessionIn,
    SessionOut,
    TermLink,
)
from cobranca.services.negotiation import Offers

PAGE = (Path(__file__).parent / "negocia_page.html").read_text(encoding="utf-8")


def build_negocia_resolver() -> APIGatewayHttpResolver:
    app = APIGatewayHttpResolver(enable_validation=True)
    register_errors(app)

    def session() -> DebtorSession:
        return services().negocia.session(app.current_event.headers.get("authorization"))

    @app.get("/negocia/<tenant>")
    def page(tenant: str):
        return Response(status_code=200, content_type="text/html; charset=utf-8", body=PAGE)

    @app.get("/negocia/api/<tenant>/config")
    def config(tenant: str) -> PortalConfig:
        return services().negocia.config(tenant)

    @app.post("/negocia/api/<tenant>/code")
    def request_code(tenant: str, body: CodeIn) -> tuple[CodeSent, int]:
        source_ip = app.current_event.request_context.http.source_ip
        return services().negocia.request_code(tenant, body, source_ip), 202

    @app.post("/negocia/api/<tenant>/session")
    def open_session(tenant: str, body: SessionIn) -> SessionOut:
        source_ip = app.current_event.request_context.http.source_ip
        return services().negocia.open_session(tenant, body, source_ip)

    @app.get("/negocia/api/titles")
    def titles() -> Statement:
        return services().negocia.titles(session())

    @app.post("/negocia/api/offers")
    def offers(body: DebtorOffersIn) -> Offers:
        return services().negocia.offers(session(), body)

    @app.post("/negocia/api/agreements")
    def close(
        body: DebtorAgreementIn,
        idempotency_key: Annotated[str | None, Header(alias="idempotency-key")] = None,
    ) -> tuple[Agreement, int]:
        return services().negocia.close(session(), body, idempotency_key), 201

    @app.get("/negocia/api/agreements/<agreement_id>/term")
    def term_link(agreement_id: str) -> TermLink:
        return TermLink(
            url=services().negocia.term_url(session(), agreement_id), expires_in=TERM_LINK_SECONDS
        )

    @app.get("/negocia/api/agreements/<agreement_id>/term.pdf")
    def term(agreement_id: str):
        url = services().negocia.term_url(session(), agreement_id)
        return Response(status_code=302, headers={"Location": url}, body="")

    return app
