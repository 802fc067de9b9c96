"""Negocia Online's resolver (debtor-facing): the page, its security headers (a CSP that allows only the
page's own inline blocks, by hash), the shared error mapping, and the JSON routes of
http/routers/portal.py, loaded on the first request that needs them (the page needs none of them)."""

from __future__ import annotations

import base64
import hashlib
import re
from pathlib import Path

from aws_lambda_powertools.event_handler import APIGatewayHttpResolver, Response
from aws_lambda_powertools.event_handler.middlewares import NextMiddleware

from cobranca.http.app import Resolver, register_errors

PAGE = (Path(__file__).parent / "portal_page.html").read_text(encoding="utf-8")


def _hashes(tag: str, page: str) -> str:
    """CSP source hashes of the page's inline blocks: only this exact script and style may run."""
    blocks = re.findall(rf"<{tag}>(.*?)</{tag}>", page, flags=re.S)
    digests = (base64.b64encode(hashlib.sha256(b.encode()).digest()).decode() for b in blocks)
    return " ".join(f"'sha256-{d}'" for d in digests)


SCRIPTS, STYLES = _hashes("script", PAGE), _hashes("style", PAGE)
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


class PortalResolver(Resolver):
    """The page is always there; the JSON routes load on the first /negocia/api/ request."""

    def __init__(self) -> None:
        super().__init__(SECURITY_HEADERS)

    def routers_for(self, path: str) -> tuple[str, ...]:
        return self.everything() if "/negocia/api/" in path else ()

    def everything(self) -> tuple[str, ...]:
        return ("portal",)


def build_portal_resolver() -> PortalResolver:
    app = PortalResolver()
    app.use(middlewares=[security_headers])
    register_errors(app)

    # A Response as it is (no return model: Powertools would re-serialize it), nothing to validate: the
    # page's first request loads no validation machinery.
    @app.get("/negocia/<tenant>", enable_validation=False)
    def page(tenant: str):
        return Response(status_code=200, content_type="text/html; charset=utf-8", body=PAGE)

    return app
