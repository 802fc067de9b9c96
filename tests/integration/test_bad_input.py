"""Bad input of every kind is a 4xx naming the field, never a 500 (each case was a 500 before)."""

from __future__ import annotations

import base64
import copy
import json

import pytest

from cobranca.domain.dates import CLOCK
from tests.integration.conftest import LambdaContext, Stack
from tests.integration.test_imports import post_csv, run_worker
from tests.integration.test_negotiation_api import setup
from tests.integration.test_portfolio_api import creditor, debtor

TODAY = "2026-04-09T12:00:00-03:00"


def fields(r) -> list[str]:
    return [e["field"] for e in r.body["errors"]]


# ---------------------------------------------------------------- 1. explicit nulls in PATCH bodies
def test_explicit_nulls_in_patch_bodies_name_the_field(stack: Stack):
    cred, d = creditor(stack), debtor(stack, contacts=[{"kind": "email", "value": "a@example.com"}])
    template = stack.api.call(
        stack.admin,
        "POST",
        "/api/v1/templates",
        {"channel": "sms", "name": "x", "body": "Olá #NOME#, #CREDOR# #CNPJ_CREDOR#"},
    ).body
    cases = [
        (f"/api/v1/debtors/{d['id']}", {"name": None}, "name"),
        (f"/api/v1/debtors/{d['id']}/contacts/{d['contacts'][0]['id']}", {"valid": None}, "valid"),
        (f"/api/v1/creditors/{cred['id']}", {"code": None}, "code"),
        (f"/api/v1/creditors/{cred['id']}", {"policy": None}, "policy"),
        (f"/api/v1/templates/{template['id']}", {"body": None}, "body"),
        (f"/api/v1/users/{stack.operator.id}", {"role": None}, "role"),
    ]
    for path, body, field in cases:
        r = stack.api.call(stack.admin, "PATCH", path, body)
        assert (r.status, fields(r)) == (422, [field]), (path, r.body)
        assert "não pode ser nulo" in r.body["errors"][0]["reason"]


def test_null_still_clears_what_may_be_cleared(stack: Stack):
    d = debtor(stack, uf="SP")
    r = stack.api.call(stack.admin, "PATCH", f"/api/v1/debtors/{d['id']}", {"uf": None})
    assert (r.status, r.body["uf"]) == (200, None)


# ---------------------------------------------------------------- 2. enormous amounts
@pytest.mark.parametrize("amount", ["1e30", "1E+1000", "99999999999999999999999999999999.00"])
def test_enormous_amounts_are_refused(stack: Stack, amount: str):
    cred, d = creditor(stack), debtor(stack)
    body = {"creditor_id": cred["id"], "number": "N1", "original_amount": amount, "due_date": "2026-01-10"}
    r = stack.api.call(stack.admin, "POST", f"/api/v1/debtors/{d['id']}/titles", body)
    assert (r.status, fields(r)) == (422, ["original_amount"])


# ---------------------------------------------------------------- 3-4. bodies that are not JSON text
def raw_event(stack: Stack, api, path: str, raw: bytes, content_type: str = "application/json") -> dict:
    event = copy.deepcopy(api.base)
    stage = event["requestContext"]["stage"]
    event["rawPath"] = event["requestContext"]["http"]["path"] = f"/{stage}{path}"
    event["requestContext"]["http"]["method"] = "POST"
    event["headers"] = {"content-type": content_type}
    event["isBase64Encoded"] = True
    event["body"] = base64.b64encode(raw).decode()
    event["requestContext"]["authorizer"]["jwt"]["claims"] = stack.admin.claims
    result = api.handler.lambda_handler(event, LambdaContext())
    return {"status": result["statusCode"], "body": json.loads(result["body"])}


DEEP = b'{"document": ' + b"[" * 1000 + b"]" * 1000 + b"}"


@pytest.mark.parametrize(
    ("raw", "content_type", "status", "field"),
    [
        (b"\xff\xfe{\x80}", "application/json", 422, "body"),
        (DEEP, "application/json", 422, "body"),
        (b'{"document": "x"}', "multipart/form-data", 415, "content-type"),
    ],
)
def test_operator_api_refuses_bodies_that_are_not_json_text(stack: Stack, raw, content_type, status, field):
    r = raw_event(stack, stack.api, "/api/v1/debtors", raw, content_type)
    assert (r["status"], r["body"]["errors"][0]["field"]) == (status, field)


@pytest.mark.parametrize("raw", [b"\xff\xfe{\x80}", DEEP])
def test_negocia_without_login_refuses_bodies_that_are_not_json_text(stack: Stack, raw):
    r = raw_event(stack, stack.negocia, "/negocia/api/demo/code", raw)
    assert (r["status"], r["body"]["errors"][0]["field"]) == (422, "body")


# ---------------------------------------------------------------- 5. dates out of any sane range
def test_dates_in_year_9999_or_year_1_are_refused(stack: Stack, monkeypatch: pytest.MonkeyPatch):
    CLOCK.pin(TODAY)
    _, d, title = setup(stack)
    for day in ("9999-12-31", "0001-01-01"):
        offers = stack.api.call(
            stack.admin,
            "POST",
            f"/api/v1/debtors/{d['id']}/offers",
            {"title_ids": [title["id"]], "date": day},
        )
        assert (offers.status, fields(offers)) == (422, ["date"]), offers.body
        first = stack.api.call(
            stack.admin,
            "POST",
            f"/api/v1/debtors/{d['id']}/offers",
            {"title_ids": [title["id"]], "first_due_date": day},
        )
        assert (first.status, fields(first)) == (422, ["first_due_date"])
        run = stack.api.call(stack.admin, "POST", "/api/v1/rulers/run", {"date": day})
        assert (run.status, fields(run)) == (422, ["date"])
    cred = creditor(stack, "OTHER")
    for day in ("9999-12-31", "1899-12-31", "2037-01-01"):
        body = {"creditor_id": cred["id"], "number": day, "original_amount": "10.00", "due_date": day}
        r = stack.api.call(stack.admin, "POST", f"/api/v1/debtors/{d['id']}/titles", body)
        assert (r.status, fields(r)) == (422, ["due_date"]), day


# ---------------------------------------------------------------- 6. forged cursors
def test_a_cursor_with_an_extra_key_is_refused(stack: Stack):
    for i in range(3):
        debtor(stack, document=["529.982.247-25", "111.444.777-35", "390.533.447-05"][i], name=f"D{i}")
    page = stack.api.call(stack.admin, "GET", "/api/v1/debtors", query={"limit": "1"})
    key = json.loads(base64.urlsafe_b64decode(page.body["next_cursor"]))
    key["gsi2pk"] = {"S": "T#demo#X"}
    forged = base64.urlsafe_b64encode(json.dumps(key).encode()).decode()
    r = stack.api.call(stack.admin, "GET", "/api/v1/debtors", query={"limit": "1", "cursor": forged})
    assert (r.status, fields(r)) == (422, ["cursor"])


# ---------------------------------------------------------------- 7. CSV fields over csv's 128 KiB
def test_a_huge_field_in_the_csv_header_is_a_422(stack: Stack):
    r = post_csv(stack, b"document,name," + b"x" * 140_000 + b"\n")
    assert (r.status, fields(r)) == (422, ["file"])


def test_a_huge_field_in_a_row_rejects_that_row_and_the_import_finishes(stack: Stack, monkeypatch):
    CLOCK.pin(TODAY)
    creditor(stack)
    header = b"document,name,creditor,title_number,amount,due_date\n"
    good = b"529.982.247-25,Jose,ACME,T-1,100.00,2026-01-10\n"
    huge = b"111.444.777-35,Maria," + b"y" * 140_000 + b",T-2,50.00,2026-01-10\n"
    r = post_csv(stack, header + huge + good)
    assert r.status == 202
    run_worker(stack)
    report = stack.api.call(stack.admin, "GET", f"/api/v1/imports/{r.body['id']}").body
    assert report["job"]["status"] == "done"
    assert report["job"]["counts"]["titles_created"] == 1
    assert [(e["row"], e["field"]) for e in report["rejected_rows"]] == [(2, "row")]


# ---------------------------------------------------------------- import limits and hidden characters
def test_an_import_over_the_size_limit_is_a_413_naming_the_limit(stack: Stack):
    from cobranca.domain.imports import MAX_FILE_BYTES

    header = b"document,name,creditor,title_number,amount,due_date\n"
    r = post_csv(stack, header + b"x" * MAX_FILE_BYTES)
    assert r.status == 413
    assert "4 MB" in r.body["message"]


def test_repeated_columns_are_refused_and_long_lists_are_cut(stack: Stack):
    repeated = post_csv(stack, b"document,name,name,creditor,title_number,amount,due_date\n")
    assert (repeated.status, fields(repeated)) == (422, ["file"])
    assert "repetida" in repeated.body["errors"][0]["reason"]
    header = "document,name,creditor,title_number,amount,due_date," + ",".join(f"c{i}" for i in range(5000))
    unknown = post_csv(stack, header.encode() + b"\n")
    assert unknown.status == 422
    assert len(json.dumps(unknown.body)) < 2048
    assert "e mais 4990" in unknown.body["errors"][0]["reason"]


@pytest.mark.parametrize("hidden", ["\u202e", "\u200b", "\x07", "\u2066"])
def test_control_bidi_and_zero_width_characters_are_refused_in_names_and_numbers(stack: Stack, hidden: str):
    cred = creditor(stack)
    r = stack.api.call(
        stack.admin, "POST", "/api/v1/debtors", {"document": "529.982.247-25", "name": f"Jos{hidden}é"}
    )
    assert (r.status, fields(r)) == (422, ["name"])
    d = debtor(stack)
    body = {
        "creditor_id": cred["id"],
        "number": f"NF{hidden}1",
        "original_amount": "10.00",
        "due_date": "2026-01-10",
    }
    r = stack.api.call(stack.admin, "POST", f"/api/v1/debtors/{d['id']}/titles", body)
    assert (r.status, fields(r)) == (422, ["number"])
    body = {**body, "number": "NF-2", "description": f"aluguel{hidden}"}
    r = stack.api.call(stack.admin, "POST", f"/api/v1/debtors/{d['id']}/titles", body)
    assert (r.status, fields(r)) == (422, ["description"])


def test_hidden_characters_in_a_csv_row_reject_that_row(stack: Stack, monkeypatch):
    CLOCK.pin(TODAY)
    creditor(stack)
    header = "document,name,creditor,title_number,amount,due_date\n"
    rows = (
        "529.982.247-25,Jose,ACME,T\u202e1,100.00,2026-01-10\n"
        "111.444.777-35,Maria,ACME,T-2,50.00,2026-01-10\n"
    )
    r = post_csv(stack, (header + rows).encode())
    run_worker(stack)
    report = stack.api.call(stack.admin, "GET", f"/api/v1/imports/{r.body['id']}").body
    assert [(e["row"], e["field"]) for e in report["rejected_rows"]] == [(2, "title_number")]
    assert report["job"]["counts"]["titles_created"] == 1
