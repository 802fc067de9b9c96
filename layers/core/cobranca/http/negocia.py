"""Negocia Online's JSON API (debtor-facing): identify with a code, then titles, offers, agreement."""

from __future__ import annotations

import base64
import hashlib
import re
from pathlib import Path
from typing import Annotated

from aws_lambda_powertools.event_handler import APIGatewayHttpResolver, Response
from aws_lambda_powertools.event_handler.middlewares import NextMiddleware
from aws_lambda_powertools.event_handler.openapi.params import Header

from cobranca.bootstrap import services
from cobranca.domain.agreements import Agreement
from cobranca.domain.statement import Statement
from cobranca.http.app import Resolver, register_errors
from cobranca.http.openapi import ACCEPTED, CREATED
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


def _hashes(tag: str, page: str) -> str:
    """CSP source hashes of the page's inline blocks: only this exact script and style may run."""
    blocks = re.findall(rf"<{tag}>(.*?)</{tag}>", page, flags=re.S)
    digests = (base64.b64encode(hashlib.sha256(b.encode()).digest()).decode() for b in blocks)
    return " ".join(f"'sha256-{d}'" for d in digests)


CONTENT_SECURITY_POLICY = (
    f"default-src 'self'; script-src {_hashes('script', PAGE)}; style-src {_hashes('style', PAGE)}; "
    "img-src 'self' data:; connect-src 'self'; object-src 'none'; base-uri 'none'; form-action 'none'; "
    "frame-ancestors 'none'"
)
SECURITY_HEADERS = {
    "Content-Security-Policy": CONTENT_SECURITY_POLICY,
    "X-Content-Type-Options": "nosniff",
    "Referrer-Policy": "no-referrer",
    "Strict-Transport-Security": "max-age=63072000; includeSubDomains",
    "X-Frame-Options": "DENY",
    "Cache-Control": "no-store",  # titles, amounts and session answers are never kept by a proxy
}


def security_headers(app: APIGatewayHttpResolver, next_middleware: NextMiddleware) -> Response:
    response = next_middleware(app)
    for name, value in SECURITY_HEADERS.items():
        response.headers.setdefault(name, value)
    return response


def build_negocia_resolver() -> APIGatewayHttpResolver:
    app = Resolver(SECURITY_HEADERS)
    app.use(middlewares=[security_headers])
    register_errors(app)

    def session() -> DebtorSession:
        return services().negocia.session(app.current_event.headers.get("authorization"))

    @app.get("/negocia/<tenant>")
    def page(tenant: str):
        return Response(status_code=200, content_type="text/html; charset=utf-8", body=PAGE)

    @app.get("/negocia/api/<tenant>/config")
    def config(tenant: str) -> PortalConfig:
        return services().negocia.config(tenant)

    @app.post("/negocia/api/<tenant>/code", responses=ACCEPTED)
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

    @app.post("/negocia/api/agreements", responses=CREATED)
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
