"""The statement of account as spreadsheets: CSV the way a Brazilian Excel opens it (UTF-8 with BOM,
';' between fields, decimal comma, dd/mm/aaaa) and XLSX (xlsxwriter) with numbers as numbers."""

from __future__ import annotations

import csv
import io
from datetime import date, datetime
from decimal import Decimal

from cobranca.domain.account import COLUMNS, MONEY, StatementOfAccount


def _text(name: str, value: object) -> str:
    if value is None:
        return ""
    if isinstance(value, Decimal) and name in MONEY:
        return f"{value:.2f}".replace(".", ",")
    if isinstance(value, date):
        return f"{value:%d/%m/%Y}"
    return str(value)


def account_csv(s: StatementOfAccount) -> bytes:
    out = io.StringIO()
    writer = csv.writer(out, delimiter=";", lineterminator="\r\n")
    writer.writerow([label for _, label in COLUMNS])
    for line in s.lines:
        writer.writerow([_text(name, getattr(line, name)) for name, _ in COLUMNS])
    writer.writerow(["Total", "", "", "", ""] + [_text(n, getattr(s.totals, n)) for n, _ in COLUMNS[5:]])
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
    sheet.write(1, 0, f"Pagamentos de {s.date_from:%d/%m/%Y} a {s.date_to:%d/%m/%Y}")
    for col, (_, label) in enumerate(COLUMNS):
        sheet.write(3, col, label, bold)
    row = 4
    for line in s.lines:
        for col, (name, _) in enumerate(COLUMNS):
            value = getattr(line, name)
            if isinstance(value, Decimal):
                sheet.write_number(row, col, float(value), money)
            elif isinstance(value, date):
                sheet.write_datetime(row, col, _midnight(value), day)
            elif isinstance(value, int):
                sheet.write_number(row, col, value)
            elif value is not None:
                sheet.write_string(row, col, str(value))
        row += 1
    sheet.write(row, 0, "Total", bold)
    for col, (name, _) in enumerate(COLUMNS):
        if name in MONEY:
            sheet.write_number(row, col, float(getattr(s.totals, name)), total)
    sheet.set_column(0, 0, 11)
    sheet.set_column(2, 3, 12)
    sheet.set_column(5, len(COLUMNS) - 1, 15)
    book.close()
    return buffer.getvalue()


def _midnight(d: date) -> datetime:
    return datetime(d.year, d.month, d.day)
