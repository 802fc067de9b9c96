"""The committed OpenAPI document is what the code generates (run `make openapi` after changing routes)."""

import json

from cobranca.http.openapi import openapi_json
from infra.template import ROOT


def test_openapi_document_has_not_drifted():
    committed = json.loads((ROOT / "openapi.json").read_text())
    assert committed == json.loads(openapi_json()), (
        "routes changed: run `make openapi` and commit openapi.json"
    )


def test_openapi_lists_the_portfolio_routes():
    paths = json.loads(openapi_json())["paths"]
    for path in ("/api/v1/debtors", "/api/v1/debtors/{debtor_id}/titles", "/api/v1/imports", "/api/v1/users"):
        assert path in paths
