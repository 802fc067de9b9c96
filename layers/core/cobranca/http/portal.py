"""Negocia Online's resolver (debtor-facing): the page's security headers (a CSP that allows only the
page's own inline blocks, by hash), the shared error mapping, and the routes of http/routers/portal.py."""

from __future__ import annotations

import base64
import hashlib
import re

from aws_lambda_powertools.event_handler import APIGatewayHttpResolver, Response
from aws_lambda_powertools.event_handler.middlewares import NextMiddleware

from cobranca.http.app import Resolver, register_errors
from cobranca.http.routers import portal


def _hashes(tag: str, page: str) -> str:
    """CSP source hashes of the page's inline blocks: only this exact script and style may run."""
    blocks = re.findall(rf"<{tag}>(.*?)</{tag}>", page, flags=re.S)
    digests = (base64.b64encode(hashlib.sha256(b.encode()).digest()).decode() for b in blocks)
    return " ".join(f"'sha256-{d}'" for d in digests)


SCRIPTS, STYLES = _hashes("script", portal.PAGE), _hashes("style", portal.PAGE)
CONTENT_SECURITY_POLICY = (
    f"default-src 'self'; script-src {SCRIPTS}; style-src {STYLES}; "
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


def build_portal_resolver() -> APIGatewayHttpResolver:
    app = Resolver(SECURITY_HEADERS)
    app.use(middlewares=[security_headers])
    register_errors(app)
    app.include_router(portal.router)
    return app
