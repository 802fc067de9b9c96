"""ERP import use cases: accept a CSV (stored in S3, queued) and process it in resumable chunks."""

from __future__ import annotations

import csv
import io
from collections.abc import Callable, Iterable, Iterator
from itertools import islice
from typing import Any

from cobranca import object_keys
from cobranca.domain.access import Screen
from cobranca.domain.dates import Clock, utc_timestamp
from cobranca.domain.errors import InvalidInput, TooLarge
from cobranca.domain.ids import new_id
from cobranca.domain.import_layout import Header, ImportMapping, StoredMapping, read_header
from cobranca.domain.imports import (
    MAX_FILE_BYTES,
    CreditorLookup,
    ImportJob,
    ImportStatus,
    count_rows,
    rows_of,
)
from cobranca.gateways import JobQueue, ObjectStore
from cobranca.jobs import ImportFileJob
from cobranca.ports import ImportRepository, PortfolioRepository
from cobranca.schemas.imports import ImportReport
from cobranca.services.caller import Caller
from cobranca.services.import_chunks import ImportChunks
from cobranca.services.source import SourceChanges

CHUNK_ROWS = 500
Progress = Callable[[ImportJob], None]


def decode_lines(raw: Iterable[bytes]) -> Iterator[str]:
    """UTF-8 (with or without BOM), falling back to Windows-1252 line by line: what ERPs export."""
    for line in raw:
        try:
            yield line.decode("utf-8-sig")
        except UnicodeDecodeError:
            yield line.decode("cp1252", errors="replace")


def _batches(items: Iterator[Any], size: int) -> Iterator[list[Any]]:
    while batch := list(islice(items, size)):
        yield batch


class ImportService(ImportChunks):
    def __init__(
        self,
        portfolio: PortfolioRepository,
        imports: ImportRepository,
        objects: ObjectStore,
        queue: JobQueue,
        clock: Clock,
        source: SourceChanges | None = None,
    ) -> None:
        self.source = source
        self.portfolio = portfolio
        self.imports = imports
        self.objects = objects
        self.queue = queue
        self.clock = clock

    # ------------------------------------------------------------- API side
    def start(
        self, caller: Caller, body: bytes, filename: str = "", *, spreadsheet: bool = False
    ) -> ImportJob:
        """Checks the header now (a clear 422; the tenant's column mapping applies), then stores the file
        (a spreadsheet as the CSV its first sheet makes) and queues the work."""
        caller.require(Screen.IMPORTS)
        if len(body) > MAX_FILE_BYTES:
            size = f"{len(body) / 1024 / 1024:.1f} MB"
            raise TooLarge(
                f"arquivo de {size}: o limite é {MAX_FILE_BYTES // 1024 // 1024} MB por envio; divida-o"
            )
        if spreadsheet:
            from cobranca.documents.sheets import xlsx_to_csv  # openpyxl loads only for a spreadsheet

            body = xlsx_to_csv(body)
        first_line = next(decode_lines(body.splitlines()[:1]), "")
        if not first_line.strip():
            raise InvalidInput("file", "arquivo vazio: envie o CSV no corpo da requisição (text/csv)")
        header = read_header(first_line, self.imports.get_mapping(caller.tenant).columns)
        total = count_rows(islice(decode_lines(body.splitlines(keepends=True)), 1, None), header.delimiter)
        job = self.create_job(caller.tenant, caller.user_id, body, filename, total, header)
        self.queue.send(ImportFileJob(tenant=caller.tenant, import_id=job.id))
        return job

    def mapping(self, caller: Caller) -> StoredMapping:
        caller.require(Screen.IMPORTS)
        return self.imports.get_mapping(caller.tenant)

    def put_mapping(self, caller: Caller, body: ImportMapping) -> StoredMapping:
        """The tenant's names for its ERP's columns; files already received keep the header they had."""
        caller.require(Screen.IMPORTS)
        stored = StoredMapping(columns=body.columns, updated_at=utc_timestamp(self.clock))
        self.imports.put_mapping(caller.tenant, stored)
        return stored

    def create_job(
        self,
        tenant: str,
        actor: str,
        body: bytes,
        filename: str,
        total_rows: int | None = None,
        header: Header | None = None,
    ) -> ImportJob:
        now, import_id = utc_timestamp(self.clock), new_id()
        job = ImportJob(
            id=import_id,
            status=ImportStatus.PENDING,
            filename=filename[:200],
            object_key=object_keys.import_file(tenant, import_id),
            created_by=actor,
            created_at=now,
            updated_at=now,
            total_rows=total_rows,
            **(
                {"delimiter": header.delimiter, "columns": header.names, "headers": header.headers}
                if header
                else {}
            ),
        )
        self.objects.put(job.object_key, body, "text/csv")
        self.imports.create_job(tenant, job)
        return job

    def report(self, caller: Caller, import_id: str) -> ImportReport:
        """The job, its rejected rows and its warnings, each naming the column as the file names it."""
        caller.require(Screen.IMPORTS)
        job = self.imports.get_job(caller.tenant, import_id)
        header = job.header()
        notes = [
            n.model_copy(update={"field": header.label(n.field)}) if header else n
            for n in self.imports.list_rejects(caller.tenant, import_id)
        ]
        return ImportReport(
            job=job,
            rejected_rows=[n for n in notes if not n.warning],
            warnings=[n for n in notes if n.warning],
        )

    def list_jobs(self, caller: Caller, limit: int = 50) -> list[ImportJob]:
        """Past imports, newest first."""
        caller.require(Screen.IMPORTS)
        return self.imports.list_jobs(caller.tenant, limit)

    def rejected_csv(self, caller: Caller, import_id: str) -> bytes:
        """The rejected rows as the file had them (its own header, every column), plus a `motivo`
        column naming the file's columns: fix and send again."""
        caller.require(Screen.IMPORTS)
        job = self.imports.get_job(caller.tenant, import_id)
        lines = decode_lines(self.objects.lines(job.object_key))
        first = next(lines, "")
        header = job.header() or read_header(first)
        reasons: dict[int, list[str]] = {}
        for e in self.imports.list_rejects(caller.tenant, import_id):
            if not e.warning:
                reasons.setdefault(e.row, []).append(f"{header.label(e.field)}: {e.reason}")
        positions = [str(i) for i in range(len(header.headers))]
        out = io.StringIO()
        writer = csv.writer(out, delimiter=header.delimiter, lineterminator="\r\n")
        writer.writerow([*header.headers, "motivo"])
        for row, values in rows_of(lines, header.delimiter, positions):
            if row in reasons:
                cells = [values[p] for p in positions] if isinstance(values, dict) else [""] * len(positions)
                writer.writerow([*cells, "; ".join(reasons[row])])
        return out.getvalue().encode("utf-8-sig")  # the BOM makes Excel read the accents

    # ------------------------------------------------------------- worker side
    def process(self, tenant: str, import_id: str, progress: Progress | None = None) -> ImportJob:
        """Runs (or resumes, after a crash) a job; a finished job is left as it is."""
        job = self.imports.get_job(tenant, import_id)
        if job.status in (ImportStatus.DONE, ImportStatus.FAILED):
            return job
        job.status = ImportStatus.PROCESSING
        lines = decode_lines(self.objects.lines(job.object_key))
        try:
            first = next(lines, "")
            delimiter, names, _ = job.header() or read_header(first)
        except InvalidInput as exc:
            return self._finish(tenant, job, ImportStatus.FAILED, exc.reason)
        creditors = CreditorLookup(
            [(c.id, c.code, c.document) for c in self.portfolio.list_creditors(tenant)]
        )
        seen: set[tuple[str, str]] = set()
        owners = self.imports.import_owners(tenant)
        for batch in _batches(rows_of(lines, delimiter, names, first_row=job.next_row), CHUNK_ROWS):
            self._process_batch(tenant, job, batch, creditors, seen, owners)
            job.next_row = batch[-1][0] + 1
            job.updated_at = utc_timestamp(self.clock)
            self.imports.save_progress(tenant, job)
            if progress:
                progress(job)
        return self._finish(tenant, job, ImportStatus.DONE, None)

    def _finish(self, tenant: str, job: ImportJob, status: ImportStatus, error: str | None) -> ImportJob:
        job.status, job.error = status, error
        job.updated_at = job.finished_at = utc_timestamp(self.clock)
        self.imports.save_progress(tenant, job)
        return job
