"""Spreadsheets: the statement of account and the import template written, an import's .xlsx read.

The statement of account as spreadsheets: CSV the way a Brazilian Excel opens it (UTF-8 with BOM,
';' between fields, decimal comma, dd/mm/aaaa) and XLSX (xlsxwriter) with numbers as numbers."""

from __future__ import annotations

import csv
import io
from datetime import date, datetime
from decimal import Decimal
from typing import Any

from cobranca.domain.account import COLUMNS, MONEY, Movement, StatementOfAccount, cell, total_row
from cobranca.domain.errors import InvalidInput
from cobranca.domain.import_layout import TEMPLATE_EXAMPLE, TEMPLATE_HEADERS


def _decimal_comma(value: Decimal) -> str:
    return f"{value:.2f}".replace(".", ",")


def account_csv(s: StatementOfAccount) -> bytes:
    out = io.StringIO()
    writer = csv.writer(out, delimiter=";", lineterminator="\r\n")
    writer.writerow([label for _, label in COLUMNS])
    for line in s.lines:
        writer.writerow([cell(name, getattr(line, name), _decimal_comma) for name, _ in COLUMNS])
    writer.writerow(total_row(s.totals, _decimal_comma))
    return ("\ufeff" + out.getvalue()).encode()


def account_xlsx(s: StatementOfAccount) -> bytes:
    import xlsxwriter  # only a spreadsheet request pays for its import

    buffer = io.BytesIO()
    book = xlsxwriter.Workbook(buffer, {"in_memory": True})
    sheet = book.add_worksheet("Prestação de contas")
    bold = book.add_format({"bold": True})
    money = book.add_format({"num_format": '"R$" #,##0.00'})
    total = book.add_format({"bold": True, "num_format": '"R$" #,##0.00'})
    day = book.add_format({"num_format": "dd/mm/yyyy"})
    sheet.write(0, 0, f"{s.creditor_name} — {s.creditor_document}", bold)
    sheet.write(1, 0, f"Movimentos de {s.date_from:%d/%m/%Y} a {s.date_to:%d/%m/%Y}")
    for col, (_, label) in enumerate(COLUMNS):
        sheet.write(3, col, label, bold)
    row = 4
    for line in s.lines:
        for col, (name, _) in enumerate(COLUMNS):
            _write(sheet, row, col, getattr(line, name), money, day)
        row += 1
    sheet.write(row, 0, "Total", bold)
    for col, (name, _) in enumerate(COLUMNS):
        if name in MONEY:
            sheet.write_number(row, col, float(getattr(s.totals, name)), total)
        sheet.set_column(col, col, 15 if name in MONEY else 13)
    book.close()
    return buffer.getvalue()


def _write(sheet: Any, row: int, col: int, value: object, money: Any, day: Any) -> None:
    """One cell as what it is: money and counts as numbers, dates as dates, the rest as text."""
    if isinstance(value, Decimal):
        sheet.write_number(row, col, float(value), money)
    elif isinstance(value, date):
        sheet.write_datetime(row, col, _midnight(value), day)
    elif isinstance(value, int):
        sheet.write_number(row, col, value)
    elif value is not None:
        sheet.write_string(row, col, value.label if isinstance(value, Movement) else str(value))


def _midnight(d: date) -> datetime:
    return datetime(d.year, d.month, d.day)


MAX_SHEET_ROWS = 100_000  # a spreadsheet's first sheet, read row by row: never more than this
MAX_SHEET_CSV = 16 * 1024 * 1024  # the CSV it makes (a small .xlsx can unpack into a lot)


def xlsx_to_csv(body: bytes) -> bytes:
    """The first sheet of an .xlsx as the CSV the import reads (';', UTF-8): dates as dd/mm/aaaa,
    numbers as written ("1234.56"), empty cells empty, the blank rows at the end dropped. openpyxl
    reads it streaming, with defusedxml against hostile XML."""
    from zipfile import BadZipFile

    from openpyxl import load_workbook

    try:
        book = load_workbook(io.BytesIO(body), read_only=True, data_only=True)
    except (BadZipFile, KeyError, ValueError, OSError) as exc:
        raise InvalidInput(
            "file", f"planilha ilegível: envie um .xlsx ou um CSV ({type(exc).__name__})"
        ) from None
    out = io.StringIO()
    writer = csv.writer(out, delimiter=";", lineterminator="\r\n")
    blank = 0
    for number, row in enumerate(book.worksheets[0].iter_rows(values_only=True), start=1):
        if number > MAX_SHEET_ROWS + 1:
            raise InvalidInput("file", f"planilha com mais de {MAX_SHEET_ROWS} linhas: divida-a")
        cells = [_sheet_cell(v) for v in row]
        if not any(cells):
            blank += 1
            continue
        writer.writerows([[]] * blank)  # blank rows inside the data keep the row numbers right
        blank = 0
        writer.writerow(cells)
        if out.tell() > MAX_SHEET_CSV:
            raise InvalidInput("file", "planilha grande demais: divida-a em partes")
    book.close()
    return out.getvalue().encode()


def _sheet_cell(value: object) -> str:
    if value is None:
        return ""
    if isinstance(value, date):  # a datetime too: the day is what a due date means
        return f"{value:%d/%m/%Y}"
    if isinstance(value, bool):
        return "sim" if value else "não"
    if isinstance(value, float):
        return format(Decimal(repr(value)).normalize(), "f")  # 1234.5 -> "1234.5", 1e3 -> "1000"
    return str(value).strip()


def template_csv() -> bytes:
    """The layout to start from: the Portuguese names the import reads, and one example row."""
    out = io.StringIO()
    writer = csv.writer(out, delimiter=";", lineterminator="\r\n")
    writer.writerow(TEMPLATE_HEADERS.values())
    writer.writerow(TEMPLATE_EXAMPLE[c] for c in TEMPLATE_HEADERS)
    return ("\ufeff" + out.getvalue()).encode()


def template_xlsx() -> bytes:
    import xlsxwriter

    buffer = io.BytesIO()
    book = xlsxwriter.Workbook(buffer, {"in_memory": True})
    sheet = book.add_worksheet("Títulos")
    bold = book.add_format({"bold": True})
    text = book.add_format({"num_format": "@"})  # CPF, CEP and numbers keep their zeros
    for col, (column, label) in enumerate(TEMPLATE_HEADERS.items()):
        sheet.write_string(0, col, label, bold)
        sheet.write_string(1, col, TEMPLATE_EXAMPLE[column], text)
        sheet.set_column(col, col, max(12, len(label) + 2), text)
    book.close()
    return buffer.getvalue()
