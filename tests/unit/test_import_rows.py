"""The ERP CSV layout: header detection and per-row validation naming each field."""

from datetime import date, datetime
from decimal import Decimal

import pytest

from cobranca.domain.errors import InvalidInput
from cobranca.domain.import_layout import COLUMNS, read_header
from cobranca.domain.imports import CreditorLookup, ImportRow, parse_row, rows_of

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
    delimiter, names, _ = read_header("\ufeffdocument;name;creditor;title_number;amount;due_date")
    assert delimiter == ";"
    assert names[0] == "document"


def test_a_portuguese_header_reads_as_the_layout():
    required = ["document", "name", "creditor", "title_number", "amount", "due_date"]
    assert read_header("documento;nome;credor;numero_titulo;valor;vencimento")[1] == required
    assert read_header("CPF;Nome;Credor;Título;Valor;Vencimento")[1] == required
    _, names, _ = read_header(
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

    from cobranca.domain.import_layout import read_header
    from cobranca.domain.imports import rows_of
    from infra.local.seed import demo_csv

    for addresses in (True, False):
        text = demo_csv(date(2026, 11, 23), debtors=5, addresses=addresses).decode()
        header, *lines = text.splitlines()
        delimiter, names, _ = read_header(header)
        parsed = list(rows_of(lines, delimiter, names))
        assert len(parsed) == 10
        assert all(isinstance(values, dict) for _, values in parsed)


def test_a_tenants_mapping_names_its_erps_columns_and_ignores_the_extra_ones():
    mapping = {
        "CPF_CLI": "document",
        "NOME CLIENTE": "name",
        "Cód. Empresa": "creditor",
        "DOC": "title_number",
        "VLR_ABERTO": "amount",
        "DT VENC": "due_date",
        "Vendedor": "ignorar",
    }
    header = read_header("cpf_cli;Nome Cliente;Cod Empresa;DOC;VLR_ABERTO;DT_VENC;VENDEDOR", mapping)
    assert header.names == ["document", "name", "creditor", "title_number", "amount", "due_date", ""]
    assert header.label("amount") == "VLR_ABERTO"  # the rejected rows speak the file's names
    with pytest.raises(InvalidInput, match="Mapeamento de colunas"):
        read_header("cpf_cli;Nome Cliente;Cod Empresa;DOC;VLR_ABERTO;DT_VENC;VENDEDOR")


def test_a_mapping_to_an_unknown_field_or_two_columns_to_one_field_is_refused():
    from cobranca.domain.import_layout import ImportMapping

    with pytest.raises(InvalidInput, match=r"columns\.VLR: campo 'valor' desconhecido"):
        ImportMapping(columns={"VLR": "valor"})
    with pytest.raises(InvalidInput, match="mais de uma coluna para: amount"):
        ImportMapping(columns={"VLR": "amount", "VALOR2": "amount"})


def test_a_cpf_a_spreadsheet_kept_as_a_number_gets_its_zeros_back():
    row = parse_row(2, {**GOOD, "document": "1234567890"}, CREDITORS)  # 012.345.678-90
    assert isinstance(row, ImportRow)
    assert row.document.number == "01234567890"
    assert not isinstance(parse_row(2, {**GOOD, "document": "1234567891"}, CREDITORS), ImportRow)


def test_the_template_reads_back_as_every_column_and_its_example_row_is_valid():
    from cobranca.documents.sheets import template_csv

    lines = template_csv().decode("utf-8-sig").splitlines()
    header = read_header(lines[0])
    assert header.names == list(COLUMNS)
    [(_, values)] = list(rows_of(lines[1:], header.delimiter, header.names))
    assert isinstance(values, dict)
    assert isinstance(parse_row(2, values, CREDITORS), ImportRow)


def test_an_xlsx_first_sheet_becomes_the_csv_the_import_reads():
    import io

    import xlsxwriter

    from cobranca.documents.sheets import xlsx_to_csv

    buffer = io.BytesIO()
    book = xlsxwriter.Workbook(buffer, {"in_memory": True})
    sheet = book.add_worksheet()
    day = book.add_format({"num_format": "dd/mm/yyyy"})
    sheet.write_row(0, 0, ["CPF", "Nome", "Credor", "Título", "Valor", "Vencimento"])
    sheet.write_row(1, 0, [1234567890, "Ana; Souza", "ACME", "NF-9", 1234.5])  # CPF lost its zero
    sheet.write_datetime(1, 5, datetime(2026, 3, 10), day)
    sheet.write_row(3, 0, ["52998224725", "Bruno", "ACME", 77, 10])  # a blank row 3 before it
    book.close()
    lines = xlsx_to_csv(buffer.getvalue()).decode().splitlines()
    header = read_header(lines[0])
    rows = dict(rows_of(lines[1:], header.delimiter, header.names))
    second, fourth = rows[2], rows[4]  # row numbers as the sheet's (a blank row 3)
    assert isinstance(second, dict)
    assert isinstance(fourth, dict)
    first = parse_row(2, second, CREDITORS)
    assert isinstance(first, ImportRow)
    assert (first.document.number, first.name, first.amount) == (
        "01234567890",
        "Ana; Souza",
        Decimal("1234.5"),
    )
    assert first.due_date == date(2026, 3, 10)
    assert fourth["title_number"] == "77"
    with pytest.raises(InvalidInput, match="planilha ilegível"):
        xlsx_to_csv(b"PK\x03\x04 not really a spreadsheet")
