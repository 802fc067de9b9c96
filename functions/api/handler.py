"""ApiFunction: the operator API. The resolver routes (http/app.py); this only wires the entry point."""

from cobranca.http.app import build_resolver
from cobranca.http.entry import http_handler

lambda_handler = http_handler(build_resolver())
