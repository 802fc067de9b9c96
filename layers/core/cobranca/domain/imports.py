"""ERP import (F04): the CSV layout, row validation and the job's state. Pure: no I/O."""

from __future__ import annotations

import csv
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from enum import StrEnum
from itertools import count
from typing import Any

from pydantic import Field, ValidationError, computed_field

from cobranca.domain.contacts import Address, normalize_email, normalize_phone
from cobranca.domain.dates import check_due_date, parse_date
from cobranca.domain.documents import Document, normalize, parse_document
from cobranca.domain.errors import InvalidInput
from cobranca.domain.import_layout import ADDRESS_COLUMNS as ADDRESS_COLUMNS
from cobranca.domain.import_layout import COLUMNS as COLUMNS
from cobranca.domain.import_layout import Header
from cobranca.domain.model import Entity
from cobranca.domain.money import parse_amount
from cobranca.domain.portfolio import TitleStatus
from cobranca.domain.text import check_plain

# What one request may carry: API Gateway passes a file to Lambda base64-encoded, inside Lambda's 6 MB
# payload; 4 MiB of CSV (about 40,000 rows) fits with room to spare. Larger files go in parts.
MAX_FILE_BYTES = 4 * 1024 * 1024


FIRST_DATA_ROW = 2  # row 1 is the header, as a spreadsheet numbers it


class ImportStatus(StrEnum):
    PENDING = "pending"
    PROCESSING = "processing"
    DONE = "done"
    FAILED = "failed"


class ImportCounts(Entity):
    rows: int = Field(0, description="Rows processed so far")
    debtors_created: int = 0
    contacts_created: int = 0
    titles_created: int = 0
    titles_existing: int = Field(0, description="Rows whose title was already stored (a re-sent file)")
    titles_settled: int = Field(0, description="Stored titles the file marks paid or cancelled at the source")
    rejected: int = 0
    warnings: int = Field(0, description="Rows accepted with a warning (e.g. another name for a document)")


class RowError(Entity):
    row: int
    field: str
    reason: str
    warning: bool = Field(False, description="true: the row was accepted; this is only a notice")


class ImportJob(Entity):
    id: str
    status: ImportStatus
    filename: str = ""
    object_key: str
    created_by: str
    created_at: str
    updated_at: str
    finished_at: str | None = None
    next_row: int = Field(FIRST_DATA_ROW, description="First row not yet processed (resume point)")
    total_rows: int | None = Field(None, description="Data rows in the file, counted when it arrived")
    counts: ImportCounts = Field(default_factory=ImportCounts)
    error: str | None = None
    delimiter: str = Field("", description="the file's, as its header was read when it arrived")
    columns: list[str] = Field(default_factory=list, description="our column per position, '' ignored")
    headers: list[str] = Field(default_factory=list, description="the file's own column names")

    def header(self) -> Header | None:
        """The header as it was read when the file arrived (a mapping changed since does not apply)."""
        return Header(self.delimiter, self.columns, self.headers) if self.columns else None

    @computed_field  # type: ignore[prop-decorator]
    @property
    def progress_percent(self) -> int | None:
        """Share of the rows processed (for a progress bar); 100 once done."""
        if self.status is ImportStatus.DONE:
            return 100
        if not self.total_rows:
            return None
        return min(99, self.counts.rows * 100 // self.total_rows)


@dataclass(frozen=True, slots=True)
class ImportRow:
    row: int
    document: Document
    name: str
    email: str | None
    phone: str | None
    creditor_id: str
    title_number: str
    description: str
    amount: Decimal
    due_date: date
    address: Address | None = None
    status: TitleStatus = TitleStatus.OPEN


# The `status` column: what the ERP says of the title (empty: open)
STATUS_WORDS = {
    "": TitleStatus.OPEN,
    "aberto": TitleStatus.OPEN,
    "open": TitleStatus.OPEN,
    "pago": TitleStatus.PAID,
    "paid": TitleStatus.PAID,
    "quitado": TitleStatus.PAID,
    "cancelado": TitleStatus.CANCELLED,
    "cancelled": TitleStatus.CANCELLED,
}


def parse_status(text: str) -> TitleStatus:
    found = STATUS_WORDS.get(text.strip().lower())
    if found is None:
        raise InvalidInput("status", "use aberto, pago ou cancelado (ou deixe vazio)")
    return found


class CreditorLookup:
    """Resolves the 'creditor' column by code (any case) or by CPF/CNPJ."""

    def __init__(self, creditors: list[tuple[str, str, str]]) -> None:  # (id, code, document)
        self._by_key: dict[str, str] = {}
        for creditor_id, code, document in creditors:
            self._by_key[code.strip().upper()] = creditor_id
            self._by_key[document] = creditor_id

    def resolve(self, raw: str) -> str | None:
        text = raw.strip().upper()
        return self._by_key.get(text) or self._by_key.get(normalize(text))


def plain(field: str, text: str) -> str:
    try:
        return check_plain(text)
    except ValueError as exc:
        raise InvalidInput(field, str(exc)) from None


def restore_zeros(text: str) -> str:
    """A CPF/CNPJ a spreadsheet kept as a number lost its leading zeros (01234567890 -> 1234567890):
    digits only and short of 11 (or 14) get them back; the check digits still decide."""
    digits = text.strip()
    if digits.isdigit() and 8 <= len(digits) < 11:
        return digits.zfill(11)
    if digits.isdigit() and 12 <= len(digits) < 14:
        return digits.zfill(14)
    return text


def parse_row(row: int, values: dict[str, str], creditors: CreditorLookup) -> ImportRow | list[RowError]:
    """Validates one data row; returns every problem found in it, each naming its column."""
    errors: list[RowError] = []

    def field(name: str, parse: Callable[[str], Any]) -> Any:
        try:
            return parse(values.get(name, "") or "")
        except InvalidInput as exc:
            errors.append(RowError(row=row, field=name, reason=exc.reason))
            return None

    def required(name: str, max_len: int) -> str:
        text = (values.get(name) or "").strip()
        if not text:
            raise InvalidInput(name, "campo obrigatório vazio")
        if len(text) > max_len:
            raise InvalidInput(name, f"mais de {max_len} caracteres")
        return plain(name, text)

    def optional(parse: Callable[[str], str]) -> Callable[[str], str | None]:
        return lambda text: parse(text) if text.strip() else None

    def creditor(text: str) -> str:
        found = creditors.resolve(required("creditor", 60))
        if found is None:
            raise InvalidInput(
                "creditor", f"credor '{text.strip()}' não cadastrado (use o código ou o CPF/CNPJ)"
            )
        return found

    document = field("document", lambda t: parse_document(restore_zeros(t), "document"))
    name = field("name", lambda t: required("name", 200))
    email = field("email", optional(normalize_email))
    phone = field("phone", optional(normalize_phone))
    creditor_id = field("creditor", creditor)
    number = field("title_number", lambda t: required("title_number", 60))
    description = field("description", lambda t: plain("description", t.strip()[:300]))
    amount = field("amount", lambda t: parse_amount(t, "amount"))
    due = field("due_date", lambda t: check_due_date(parse_date(t, "due_date")))
    address = _address(row, values, errors)
    status = field("status", parse_status)
    if errors:
        return errors
    return ImportRow(
        row, document, name, email, phone, creditor_id, number, description, amount, due, address, status
    )


def _address(row: int, values: dict[str, str], errors: list[RowError]) -> Address | None:
    """The optional address columns: none filled is no address; any filled must make a whole one."""
    given = {c: (values.get(c) or "").strip() for c in ADDRESS_COLUMNS}
    if not any(given.values()):
        return None
    try:
        return Address.model_validate(given)
    except ValidationError as exc:
        for e in exc.errors():
            column = str(e["loc"][0]) if e["loc"] else "street"
            reason = "campo obrigatório vazio" if e["type"] == "string_too_short" else str(e["msg"])
            errors.append(RowError(row=row, field=column, reason=reason.removeprefix("Value error, ")))
        return None


def count_rows(lines: Iterable[str], delimiter: str) -> int:
    """Data records in a file (the header's line already read), blank lines not counted."""
    total = 0
    reader = csv.reader(lines, delimiter=delimiter)
    while True:
        try:
            values = next(reader)
        except StopIteration:
            return total
        except csv.Error:
            total += 1  # a row the import will reject, still a row
            continue
        total += any(v.strip() for v in values)


def rows_of(
    lines: Iterable[str], delimiter: str, names: list[str], first_row: int = FIRST_DATA_ROW
) -> Iterator[tuple[int, dict[str, str] | list[RowError]]]:
    """Yields (row number, {column: value}) per data record, or the row's error; skips blank lines."""
    reader = csv.reader(lines, delimiter=delimiter)
    for offset in count():
        row = FIRST_DATA_ROW + offset
        try:
            values = next(reader)
        except StopIteration:
            return
        except csv.Error as exc:  # a field over csv's 128 KiB limit: this row is refused, the file goes on
            if row >= first_row:
                yield row, [RowError(row=row, field="row", reason=f"linha ilegível: {exc}")]
            continue
        if row < first_row or not any(v.strip() for v in values):
            continue
        if len(values) != len(names):
            reason = f"a linha tem {len(values)} colunas; o cabeçalho tem {len(names)}"
            yield row, [RowError(row=row, field="row", reason=reason)]
            continue
        yield row, dict(zip(names, values, strict=True))
