"""The ERP CSV layout: header detection and per-row validation naming each field."""

from datetime import date
from decimal import Decimal

import pytest

from cobranca.domain.errors import InvalidInput
from cobranca.domain.imports import CreditorLookup, ImportRow, parse_row, read_header, rows_of

CREDITORS = CreditorLookup([("c1", "ACME", "11222333000181")])
GOOD = {
    "document": "529.982.247-25",
    "name": "José",
    "email": "JOSE@EXAMPLE.COM",
    "phone": "(11) 91234-5678",
    "creditor": "acme",
    "title_number": "NF-1",
    "description": "",
    "amount": "1.234,56",
    "due_date": "05/11/2026",
}


def test_semicolon_header_is_detected():
    delimiter, names = read_header("\ufeffdocument;name;creditor;title_number;amount;due_date")
    assert delimiter == ";"
    assert names[0] == "document"


def test_a_portuguese_header_reads_as_the_layout():
    required = ["document", "name", "creditor", "title_number", "amount", "due_date"]
    assert read_header("documento;nome;credor;numero_titulo;valor;vencimento")[1] == required
    assert read_header("CPF;Nome;Credor;Título;Valor;Vencimento")[1] == required
    _, names = read_header(
        "CPF/CNPJ;Razão Social;Código Credor;Nº Título;Valor Original;Data de Vencimento;CEP;Número"
    )
    assert names == [*required, "zip_code", "number"]  # "Número" is the address's, as "number" is
    with pytest.raises(InvalidInput, match="desconhecida"):
        read_header("CPF;Nome;Credor;Título;Valor;Vencimento;Cor favorita")


def test_header_without_required_columns_is_refused():
    with pytest.raises(InvalidInput, match="amount, due_date"):
        read_header("document,name,creditor,title_number")


def test_good_row_is_normalized():
    row = parse_row(7, GOOD, CREDITORS)
    assert isinstance(row, ImportRow)
    assert row.document.number == "52998224725"
    assert (row.creditor_id, row.amount, row.due_date) == ("c1", Decimal("1234.56"), date(2026, 11, 5))
    assert (row.email, row.phone) == ("jose@example.com", "+5511912345678")


def test_creditor_is_found_by_document_too():
    row = parse_row(2, {**GOOD, "creditor": "11.222.333/0001-81"}, CREDITORS)
    assert isinstance(row, ImportRow)
    assert row.creditor_id == "c1"


def test_bad_row_reports_every_field_with_its_reason():
    errors = parse_row(9, {**GOOD, "document": "123", "amount": "abc", "creditor": "XYZ"}, CREDITORS)
    assert isinstance(errors, list)
    assert {(e.row, e.field) for e in errors} == {(9, "document"), (9, "amount"), (9, "creditor")}
    assert "XYZ" in next(e.reason for e in errors if e.field == "creditor")


def test_rows_are_numbered_as_a_spreadsheet_shows_them():
    names = ["document", "name"]
    rows = list(rows_of(["a,b", "", "c,d,e"], ",", names))
    assert rows[0] == (2, {"document": "a", "name": "b"})
    assert rows[1][0] == 4
    assert isinstance(rows[1][1], list)
    assert rows[1][1][0].field == "row"


def test_the_demo_portfolio_file_has_as_many_fields_per_row_as_its_header():
    """The local stack's seed and the import benchmark read it: a column added to the layout must not
    shift its rows."""
    from datetime import date

    from cobranca.domain.imports import read_header, rows_of
    from infra.local.seed import demo_csv

    for addresses in (True, False):
        text = demo_csv(date(2026, 11, 23), debtors=5, addresses=addresses).decode()
        header, *lines = text.splitlines()
        delimiter, names = read_header(header)
        parsed = list(rows_of(lines, delimiter, names))
        assert len(parsed) == 10
        assert all(isinstance(values, dict) for _, values in parsed)
