"""ERP import: API stores the file and queues it; the worker processes it; re-sending changes nothing."""

from __future__ import annotations

import base64
import json

from infra.local.events import sqs_event
from tests.integration.conftest import EVENTS, LambdaContext, Stack
from tests.integration.test_portfolio_api import creditor

EXAMPLE = EVENTS.parent / "examples" / "import-with-errors.csv"


def run_worker(stack: Stack) -> int:
    """Delivers every queued import message to functions/importer/handler.py, as Lambda would."""
    return stack.run_queue("ImportQueue")


def post_csv(stack: Stack, content: bytes, user=None):
    return stack.api.call(
        user or stack.admin,
        "POST",
        "/api/v1/imports",
        raw=content,
        content_type="text/csv",
        query={"filename": "x.csv"},
    )


def test_sample_sqs_event_shape_is_what_the_worker_reads(stack: Stack):
    event = json.loads((EVENTS / "importer_sqs.json").read_text())
    assert json.loads(event["Records"][0]["body"]).keys() == {"tenant", "import_id"}


def test_import_stores_good_rows_and_reports_each_bad_one(stack: Stack):
    creditor(stack, code="ACME")
    started = post_csv(stack, EXAMPLE.read_bytes())
    assert started.status == 202, started.body
    assert started.body["status"] == "pending"
    assert run_worker(stack) == 1

    report = stack.api.call(stack.admin, "GET", f"/api/v1/imports/{started.body['id']}").body
    job = report["job"]
    assert job["status"] == "done"
    assert job["counts"] == {
        "rows": 8,
        "debtors_created": 3,
        "contacts_created": 5,
        "titles_created": 4,
        "titles_existing": 0,
        "titles_settled": 0,
        "rejected": 4,
        "warnings": 0,
    }
    rejected = {(r["row"], r["field"]) for r in report["rejected_rows"]}
    assert rejected == {
        (6, "document"),
        (7, "amount"),
        (8, "creditor"),
        (8, "due_date"),
        (9, "title_number"),  # NF-1001 repeated in the file for the same creditor
    }

    maria = stack.api.call(stack.admin, "GET", "/api/v1/debtors/by-document/11144477735").body
    titles = stack.api.call(stack.admin, "GET", f"/api/v1/debtors/{maria['id']}/titles").body["items"]
    assert [(t["number"], t["original_amount"], t["due_date"]) for t in titles] == [
        ("NF-2001", "980.00", "2026-11-10")
    ]
    padaria = stack.api.call(stack.admin, "GET", "/api/v1/debtors/by-document/12ABC34501DE35").body
    assert padaria["document_kind"] == "CNPJ"
    history = stack.api.call(stack.admin, "GET", f"/api/v1/debtors/{padaria['id']}/history").body["items"]
    assert {h["action"] for h in history} == {"debtor.created", "title.imported"}


def test_importing_the_same_file_again_creates_nothing(stack: Stack):
    creditor(stack, code="ACME")
    post_csv(stack, EXAMPLE.read_bytes())
    run_worker(stack)
    before = stack.api.call(stack.admin, "GET", "/api/v1/debtors").body["items"]
    again = post_csv(stack, EXAMPLE.read_bytes())
    run_worker(stack)
    job = stack.api.call(stack.admin, "GET", f"/api/v1/imports/{again.body['id']}").body["job"]
    assert job["counts"]["debtors_created"] == 0
    assert job["counts"]["contacts_created"] == 0
    assert job["counts"]["titles_created"] == 0
    assert job["counts"]["titles_existing"] == 4
    assert stack.api.call(stack.admin, "GET", "/api/v1/debtors").body["items"] == before


def test_redelivered_message_does_not_process_twice(stack: Stack):
    from functions.importer import handler

    creditor(stack, code="ACME")
    started = post_csv(stack, EXAMPLE.read_bytes())
    message = {
        "MessageId": "m1",
        "ReceiptHandle": "r1",
        "Body": json.dumps({"tenant": "demo", "import_id": started.body["id"]}),
    }
    event = sqs_event([message], stack.resources.arns["ImportQueue"])
    handler.lambda_handler(event, LambdaContext())
    handler.lambda_handler(event, LambdaContext())
    job = stack.api.call(stack.admin, "GET", f"/api/v1/imports/{started.body['id']}").body["job"]
    assert (job["counts"]["rows"], job["counts"]["titles_created"]) == (8, 4)


def test_windows_1252_files_and_a_bad_header_get_clear_answers(stack: Stack):
    creditor(stack, code="ACME")
    latin = (
        "document,name,creditor,title_number,amount,due_date\n52998224725,João Ação,ACME,1,10.00,2026-11-01\n"
    )
    started = post_csv(stack, latin.encode("cp1252"))
    run_worker(stack)
    assert (
        stack.api.call(stack.admin, "GET", f"/api/v1/imports/{started.body['id']}").body["job"]["counts"][
            "titles_created"
        ]
        == 1
    )
    assert (
        stack.api.call(stack.admin, "GET", "/api/v1/debtors/by-document/52998224725").body["name"]
        == "João Ação"
    )

    bad = post_csv(stack, b"cpf,nome\n1,2\n")
    assert bad.status == 422
    assert bad.body["errors"][0]["field"] == "file"
    # "cpf" and "nome" are understood (document, name): what is missing is named
    missing = "obrigatória(s): creditor, title_number, amount, due_date"
    assert bad.body["errors"][0]["reason"].endswith(missing)
    wrong_type = stack.api.call(stack.admin, "POST", "/api/v1/imports", body={"a": 1})
    assert wrong_type.status == 422
    assert wrong_type.body["errors"][0]["field"] == "content-type"


def test_operators_cannot_import_and_other_tenants_cannot_read_the_report(stack: Stack):
    creditor(stack, code="ACME")
    assert post_csv(stack, EXAMPLE.read_bytes(), user=stack.operator).status == 403
    started = post_csv(stack, EXAMPLE.read_bytes())
    assert stack.api.call(stack.other_admin, "GET", f"/api/v1/imports/{started.body['id']}").status == 404


HEADER = "document,name,email,phone,creditor,title_number,amount,due_date"


def test_every_contact_of_every_row_of_a_new_debtor_is_kept_on_the_first_import(stack: Stack):
    creditor(stack, code="ACME")
    rows = [
        f"529.982.247-25,José,jose{i}@example.com,(11) 9{i:04d}-{i:04d},ACME,T-{i},10.00,2026-01-10"
        for i in range(30)
    ]
    r = post_csv(stack, ("\n".join([HEADER, *rows]) + "\n").encode())
    run_worker(stack)
    job = stack.api.call(stack.admin, "GET", f"/api/v1/imports/{r.body['id']}").body["job"]
    assert job["counts"]["contacts_created"] == 60
    jose = stack.api.call(stack.admin, "GET", "/api/v1/debtors/by-document/52998224725").body
    assert len([c for c in jose["contacts"] if c["kind"] == "phone"]) == 30
    assert len([c for c in jose["contacts"] if c["kind"] == "email"]) == 30


def test_another_name_for_the_same_document_is_a_warning_and_does_not_rename(stack: Stack):
    creditor(stack, code="ACME")
    rows = [
        "529.982.247-25,José da Silva,,,ACME,T-1,10.00,2026-01-10",
        "529.982.247-25,Joao Souza,,,ACME,T-2,10.00,2026-01-10",
    ]
    r = post_csv(stack, ("\n".join([HEADER, *rows]) + "\n").encode())
    run_worker(stack)
    report = stack.api.call(stack.admin, "GET", f"/api/v1/imports/{r.body['id']}").body
    assert report["rejected_rows"] == []
    assert [(w["row"], w["field"], w["warning"]) for w in report["warnings"]] == [(3, "name", True)]
    assert report["job"]["counts"]["titles_created"] == 2
    jose = stack.api.call(stack.admin, "GET", "/api/v1/debtors/by-document/52998224725").body
    assert jose["name"] == "José da Silva"


def test_address_columns_give_imported_debtors_an_address_and_their_state(stack: Stack):
    creditor(stack, code="ACME")
    header = "document,name,creditor,title_number,amount,due_date,street,number,district,city,uf,zip_code"
    rows = [
        "529.982.247-25,José,ACME,T-1,10.00,2026-01-10,Rua das Flores,100,Centro,Campinas,sp,13010-000",
        "111.444.777-35,Maria,ACME,T-2,10.00,2026-01-10,Rua B,,Centro,,XX,123",
    ]
    r = post_csv(stack, ("\n".join([header, *rows]) + "\n").encode())
    run_worker(stack)
    report = stack.api.call(stack.admin, "GET", f"/api/v1/imports/{r.body['id']}").body
    assert {(e["row"], e["field"]) for e in report["rejected_rows"]} == {
        (3, "city"),
        (3, "uf"),
        (3, "zip_code"),
    }
    jose = stack.api.call(stack.admin, "GET", "/api/v1/debtors/by-document/52998224725").body
    address = next(c for c in jose["contacts"] if c["kind"] == "address")
    assert address["address"]["city"] == "Campinas"
    assert jose["uf"] == "SP"


def test_progress_counts_rows_up_front_and_past_imports_are_listed(stack: Stack):
    creditor(stack, code="ACME")
    rows = [f"529.982.247-25,José,,,ACME,T-{i},10.00,2026-01-10" for i in range(7)]
    r = post_csv(stack, ("\n".join([HEADER, *rows, "", ""]) + "\n").encode())
    assert (r.body["total_rows"], r.body["progress_percent"]) == (7, 0)
    run_worker(stack)
    listed = stack.api.call(stack.admin, "GET", "/api/v1/imports").body["items"]
    assert [(j["id"], j["total_rows"], j["progress_percent"]) for j in listed] == [(r.body["id"], 7, 100)]
    assert stack.api.call(stack.operator, "GET", "/api/v1/imports").status == 403


def test_rejected_rows_download_in_the_original_layout_with_the_reason(stack: Stack):
    creditor(stack, code="ACME")
    r = post_csv(stack, EXAMPLE.read_bytes())
    run_worker(stack)
    got = stack.api.call(stack.admin, "GET", f"/api/v1/imports/{r.body['id']}/rejected.csv")
    assert got.status == 200
    raw = stack.api.last_raw
    assert raw["headers"]["Content-Type"].startswith("text/csv")
    body = base64.b64decode(raw["body"]) if raw.get("isBase64Encoded") else raw["body"].encode()
    lines = body.decode("utf-8-sig").splitlines()
    original_header = EXAMPLE.read_text(encoding="utf-8").splitlines()[0]
    delimiter = ";" if original_header.count(";") > original_header.count(",") else ","
    assert lines[0] == original_header + delimiter + "motivo"  # the file's own layout and delimiter
    assert len(lines) == 1 + 4  # the four rejected rows
    assert all(line.split(delimiter)[-1] for line in lines[1:])


def test_a_document_taken_meanwhile_fails_only_its_own_debtor_and_the_rest_of_the_group_is_created(
    stack: Stack,
):
    from cobranca.domain.documents import DocumentKind
    from cobranca.domain.portfolio import Debtor, HistoryEntry
    from cobranca.store.imports import DynamoImports

    def debtor(n: int, document: str) -> tuple[Debtor, HistoryEntry]:
        d = Debtor(
            id=f"d{n}", document=document, document_kind=DocumentKind.CPF, name=f"Devedor {n}",
            created_at="2026-04-09T12:00:00.000Z", updated_at="2026-04-09T12:00:00.000Z",
        )  # fmt: skip
        return d, HistoryEntry(
            id=f"h{n}", at=d.created_at, actor="import", action="debtor.imported", detail=""
        )

    store = DynamoImports()
    first = stack.api.call(
        stack.admin, "POST", "/api/v1/debtors", {"document": "52998224725", "name": "Já Existe"}
    )
    assert first.status == 201
    group = [debtor(1, "39053344705"), debtor(2, "52998224725"), debtor(3, "11144477735")]
    refused = store.create_debtors("demo", group)
    assert [d.id for d in refused] == ["d2"]
    owners = store.document_owners("demo", ["39053344705", "52998224725", "11144477735"])
    assert owners == {"39053344705": "d1", "52998224725": first.body["id"], "11144477735": "d3"}


def test_an_erps_own_columns_mapped_once_import_from_an_xlsx_and_rejects_speak_its_names(stack: Stack):
    import io

    import xlsxwriter

    creditor(stack, code="ACME")
    erp = ["CPF_CLI", "NOME CLIENTE", "EMPRESA", "DOC", "VLR_ABERTO", "DT VENC", "VENDEDOR"]
    buffer = io.BytesIO()
    book = xlsxwriter.Workbook(buffer, {"in_memory": True})
    sheet = book.add_worksheet()
    sheet.write_row(0, 0, erp)
    sheet.write_row(1, 0, [1234567890, "Ana Souza", "ACME", "NF-77", 150.25, "10/03/2026", "Carlos"])
    sheet.write_row(2, 0, ["52998224725", "Bruno Lima", "ACME", "NF-78", "dez reais", "10/03/2026", "Rita"])
    book.close()
    xlsx = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"

    def send():
        return stack.api.call(
            stack.admin, "POST", "/api/v1/imports", raw=buffer.getvalue(), content_type=xlsx,
            query={"filename": "erp.xlsx"},
        )  # fmt: skip

    refused = send()
    assert refused.status == 422
    assert "Mapeamento de colunas" in refused.body["errors"][0]["reason"]
    targets = ["document", "name", "creditor", "title_number", "amount", "due_date", "ignorar"]
    mapping = {"columns": dict(zip(erp, targets, strict=True))}
    assert stack.api.call(stack.operator, "PUT", "/api/v1/import-mapping", mapping).status == 403
    saved = stack.api.call(stack.admin, "PUT", "/api/v1/import-mapping", mapping)
    assert saved.status == 200, saved.body
    assert stack.api.call(stack.admin, "GET", "/api/v1/import-mapping").body["columns"] == mapping["columns"]
    bad = stack.api.call(stack.admin, "PUT", "/api/v1/import-mapping", {"columns": {"X": "valor"}})
    assert bad.status == 422

    started = send()
    assert started.status == 202, started.body
    run_worker(stack)
    report = stack.api.call(stack.admin, "GET", f"/api/v1/imports/{started.body['id']}").body
    assert report["job"]["counts"]["titles_created"] == 1
    assert [(r["row"], r["field"]) for r in report["rejected_rows"]] == [(3, "VLR_ABERTO")]  # its name
    ana = stack.api.call(stack.admin, "GET", "/api/v1/debtors/by-document/01234567890").body
    titles = stack.api.call(stack.admin, "GET", f"/api/v1/debtors/{ana['id']}/titles").body["items"]
    assert [(t["number"], t["original_amount"], t["due_date"]) for t in titles] == [
        ("NF-77", "150.25", "2026-03-10")
    ]
    stack.api.call(stack.admin, "GET", f"/api/v1/imports/{started.body['id']}/rejected.csv")
    raw = stack.api.last_raw
    body = base64.b64decode(raw["body"]) if raw.get("isBase64Encoded") else raw["body"].encode()
    header, row = body.decode("utf-8-sig").splitlines()
    assert header.split(";") == [*erp, "motivo"]
    assert row.split(";")[-1].startswith("VLR_ABERTO: ")


def test_the_template_downloads_as_csv_and_xlsx_and_imports_as_it_is(stack: Stack):
    creditor(stack, code="ACME")
    got = stack.api.call(stack.admin, "GET", "/api/v1/import-template")
    assert got.status == 200
    raw = stack.api.last_raw
    assert 'filename="modelo-importacao.csv"' in raw["headers"]["Content-Disposition"]
    csv_body = base64.b64decode(raw["body"]) if raw.get("isBase64Encoded") else raw["body"].encode()
    assert csv_body.decode("utf-8-sig").startswith("CPF/CNPJ;Nome;E-mail;Telefone;Credor;Número do título")
    started = post_csv(stack, csv_body)
    assert started.status == 202, started.body
    run_worker(stack)
    job = stack.api.call(stack.admin, "GET", f"/api/v1/imports/{started.body['id']}").body["job"]
    assert (job["counts"]["titles_created"], job["counts"]["rejected"]) == (1, 0)
    assert (
        stack.api.call(stack.admin, "GET", "/api/v1/import-template", query={"format": "xlsx"}).status == 200
    )
    assert stack.api.last_raw["headers"]["Content-Type"].startswith("application/vnd.openxmlformats")
