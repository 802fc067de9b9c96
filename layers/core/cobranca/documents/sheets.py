"""The statement of account as spreadsheets: CSV the way a Brazilian Excel opens it (UTF-8 with BOM,
';' between fields, decimal comma, dd/mm/aaaa) and XLSX (xlsxwriter) with numbers as numbers."""

from __future__ import annotations

import csv
import io
from datetime import date, datetime
from decimal import Decimal
from typing import Any

from cobranca.domain.account import COLUMNS, MONEY, Movement, StatementOfAccount, cell, total_row


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
