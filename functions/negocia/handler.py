"""NegociaFunction: Negocia Online's page and JSON API (debtor-facing). Its login codes are sent by
LoginCodeFunction (functions/login_codes)."""

from cobranca.http.entry import http_handler
from cobranca.http.portal import build_portal_resolver

lambda_handler = http_handler(build_portal_resolver())
