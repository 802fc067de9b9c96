"""Negocia Online's resolver (debtor-facing): the page, its security headers (a CSP that allows only the
page's own inline blocks, by hash), the shared error mapping, and the JSON routes of
http/routers/portal.py, loaded on the first request that needs them (the page needs none of them)."""

from __future__ import annotations

import base64
import hashlib
import re
from html import escape
from pathlib import Path
from typing import TYPE_CHECKING

from aws_lambda_powertools.event_handler import APIGatewayHttpResolver, Response
from aws_lambda_powertools.event_handler.middlewares import NextMiddleware

from cobranca.http.app import Resolver, register_errors

if TYPE_CHECKING:
    from cobranca.schemas.portal import OptOut, TermVerified

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


VERIFY_STYLE = (
    "body{font-family:system-ui,sans-serif;margin:0;background:#f4f6f9;color:#1b1f24}"
    "main{max-width:40rem;margin:1.5rem auto;padding:1.5rem;background:#fff;border-radius:.5rem}"
    "h1{font-size:1.3rem}dt{font-weight:600;margin-top:.8rem}dd{margin:0}"
    ".ok{color:#1a7f37}.no{color:#b42318}code{word-break:break-all}"
)
PUBLIC_CSP = (  # the verification and opt-out pages: this style, and a form posting to themselves
    f"default-src 'none'; style-src {_hashes('style', f'<style>{VERIFY_STYLE}</style>')}; base-uri 'none'; "
    "form-action 'self'; frame-ancestors 'none'"
)


def public_page(title: str, body: str) -> str:
    return (
        '<!doctype html><html lang="pt-BR"><head><meta charset="utf-8">'
        '<meta name="viewport" content="width=device-width,initial-scale=1">'
        f"<title>{escape(title)}</title><style>{VERIFY_STYLE}</style></head>"
        f"<body><main>{body}</main></body></html>"
    )


def opt_out_page(found: OptOut | None, action: str) -> str:
    """Asks before stopping (a mail scanner that opens the link stops nothing), then confirms."""
    if found is None:
        body = (
            '<h1 class="no">Link inválido</h1><p>Este link não está completo. Copie-o inteiro do e-mail.</p>'
        )
    elif found.done:
        body = (
            f'<h1 class="ok">Pronto</h1><p>Você não receberá mais mensagens de cobrança por '
            f"{escape(found.channel)} de {escape(found.sender)}. Os outros canais de contato continuam "
            "valendo, e você pode negociar quando quiser pelo Negocia Online.</p>"
        )
    else:
        body = (
            f"<h1>Não quero mais receber mensagens por {escape(found.channel)}</h1><p>{escape(found.sender)} "
            f"deixará de enviar mensagens de cobrança por {escape(found.channel)} para você. "
            "A dívida continua a mesma, e podemos falar com você por outros canais.</p>"
            f'<form method="post" action="{escape(action)}"><button type="submit" '
            'style="font-size:1rem;padding:.6rem 1rem">Confirmar</button></form>'
        )
    return public_page("Descadastrar", body)


def verification_page(found: TermVerified | None) -> str:
    """The public answer of /verificar/{code}: the termo's number, date and parties, never an amount."""
    if found is None:
        body = (
            '<h1 class="no">Código não encontrado</h1><p>Nenhum termo de acordo tem este código de '
            "verificação. Confira o código impresso no termo (16 letras e números, como A1B2-C3D4-E5F6-0789) "
            "ou fale com a empresa de cobrança.</p>"
        )
    else:
        rows = [
            ("Termo", f"Acordo {found.number}"),
            ("Data do acordo", f"{found.closed_on:%d/%m/%Y}"),
            ("Devedor(a)", f"{found.debtor_name}, {found.debtor_document_masked}"),
            ("Credor", found.creditor),
            ("Cobrança feita por", found.collector or "não informado"),
            ("Fechado por", found.closed_by),
        ]
        items = "".join(f"<dt>{escape(k)}</dt><dd>{escape(v)}</dd>" for k, v in rows)
        body = (
            f'<h1 class="ok">Termo de acordo autêntico</h1><p>O código {escape(found.code)} pertence a este '
            f"termo, registrado neste sistema:</p><dl>{items}</dl><p>Resumo SHA-256 do texto do termo: "
            f"<code>{escape(found.term_sha256)}</code></p>"
            "<p>Por segurança, esta página não mostra valores.</p>"
        )
    return public_page("Verificação de termo de acordo", body)


def build_portal_resolver() -> PortalResolver:
    app = PortalResolver()
    app.use(middlewares=[security_headers])
    register_errors(app)

    # A Response as it is (no return model: Powertools would re-serialize it), nothing to validate: the
    # page's first request loads no validation machinery.
    @app.get("/negocia/<tenant>", enable_validation=False)
    def page(tenant: str):
        return Response(status_code=200, content_type="text/html; charset=utf-8", body=PAGE)

    @app.get("/verificar/<code>", enable_validation=False)
    def verify(code: str):
        from cobranca.bootstrap import services  # loads on the first verification, not with the page
        from cobranca.domain.errors import NotFound

        try:
            found: TermVerified | None = services().portal.verify(code)
        except NotFound:
            found = None
        return Response(
            status_code=200 if found else 404,
            content_type="text/html; charset=utf-8",
            body=verification_page(found),
            headers={"Content-Security-Policy": PUBLIC_CSP},
        )

    # GET asks, POST stops: the page's button, or a mail client's one-click (RFC 8058)
    @app.get("/descadastrar/<tenant>/<token>", enable_validation=False)
    def opt_out_ask(tenant: str, token: str):
        return opt_out(tenant, token, confirm=False)

    @app.post("/descadastrar/<tenant>/<token>", enable_validation=False)
    def opt_out_confirm(tenant: str, token: str):
        return opt_out(tenant, token, confirm=True)

    def opt_out(tenant: str, token: str, *, confirm: bool) -> Response:
        from cobranca.bootstrap import services
        from cobranca.domain.errors import NotFound

        try:
            found: OptOut | None = services().portal.opt_out(tenant, token, confirm=confirm)
        except NotFound:
            found = None
        return Response(
            status_code=200 if found else 404,
            content_type="text/html; charset=utf-8",
            body=opt_out_page(found, f"/descadastrar/{tenant}/{token}"),
            headers={"Content-Security-Policy": PUBLIC_CSP},
        )

    return app
