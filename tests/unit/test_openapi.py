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


def test_every_list_answers_items_and_next_cursor_never_a_bare_array():
    document = json.loads(openapi_json())
    schemas = document["components"]["schemas"]
    bare, pages = [], 0
    for path, operations in document["paths"].items():
        ok = operations.get("get", {}).get("responses", {}).get("200", {})
        schema = ok.get("content", {}).get("application/json", {}).get("schema", {})
        if schema.get("type") == "array":
            bare.append(path)
        ref = schema.get("$ref", "").rsplit("/", 1)[-1]
        if ref.startswith("Page"):
            assert set(schemas[ref]["properties"]) == {"items", "next_cursor"}
            pages += 1
    assert bare == []
    assert pages >= 10


def test_every_router_module_is_reachable_from_a_path_segment():
    import pkgutil

    from cobranca.http import routers
    from cobranca.http.app import ROUTERS

    modules = {m.name for m in pkgutil.iter_modules(routers.__path__)} - {"common", "portal"}
    assert modules == {name for names in ROUTERS.values() for name in names}


def test_every_documented_route_is_served_by_the_module_that_declares_it():
    """A path whose first segment is not in ROUTERS answers 404 in a fresh container (the router is
    never loaded), though the OpenAPI document, which loads them all, lists it."""
    from cobranca.http.app import API_PREFIX, ROUTERS

    document = json.loads(openapi_json())
    segments = {
        p.removeprefix(f"{API_PREFIX}/").split("/")[0] for p in document["paths"] if p.startswith(API_PREFIX)
    }
    assert sorted(segments - ROUTERS.keys()) == []
