"""ImportService on the in-memory ports (tests/fakes.py): the example ERP file, its counts and rejected
rows, and a second import of the same file that creates nothing."""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path

from cobranca.domain.access import Role
from cobranca.domain.dates import SystemClock
from cobranca.domain.portfolio import CreditorIn
from cobranca.jobs import ImportFileJob
from cobranca.services.caller import Caller
from cobranca.services.creditors import CreditorService
from cobranca.services.imports import ImportService
from tests.fakes import MemoryImports, MemoryObjects, MemoryPortfolio, MemoryQueue

ADMIN = Caller("demo", "u-admin", "admin@demo.local", Role.ADMIN)
EXAMPLE = Path(__file__).resolve().parents[2] / "examples" / "import-with-errors.csv"


def world() -> tuple[ImportService, MemoryQueue, MemoryPortfolio]:
    clock = SystemClock()
    clock.pin(datetime(2026, 11, 23, 13, tzinfo=UTC))
    portfolio, queue = MemoryPortfolio(), MemoryQueue()
    CreditorService(portfolio, clock).create_creditor(
        ADMIN, CreditorIn(code="ACME", name="Acme", document="11222333000181")
    )
    return ImportService(portfolio, MemoryImports(portfolio), MemoryObjects(), queue, clock), queue, portfolio


def run(service: ImportService, queue: MemoryQueue):  # what the importer function does with each job
    for job, _ in queue.jobs:
        assert isinstance(job, ImportFileJob)
        service.process(job.tenant, job.import_id)
    queue.jobs.clear()


def test_the_example_file_creates_its_good_rows_and_names_each_bad_one():
    service, queue, portfolio = world()
    started = service.start(ADMIN, EXAMPLE.read_bytes(), "example.csv")
    run(service, queue)
    report = service.report(ADMIN, started.id)
    counts = report.job.counts
    assert (counts.rows, counts.debtors_created, counts.contacts_created) == (8, 3, 5)
    assert (counts.titles_created, counts.rejected) == (4, 4)
    assert {(r.row, r.field) for r in report.rejected_rows} == {
        (6, "document"),
        (7, "amount"),
        (8, "creditor"),
        (8, "due_date"),
        (9, "title_number"),
    }
    assert len(portfolio.titles) == 4


def test_importing_the_same_file_again_creates_nothing_new():
    service, queue, portfolio = world()
    service.start(ADMIN, EXAMPLE.read_bytes(), "example.csv")
    run(service, queue)
    debtors, titles = len(portfolio.debtors), len(portfolio.titles)
    again = service.start(ADMIN, EXAMPLE.read_bytes(), "example.csv")
    run(service, queue)
    counts = service.report(ADMIN, again.id).job.counts
    assert (counts.debtors_created, counts.titles_created, counts.titles_existing) == (0, 0, 4)
    assert (len(portfolio.debtors), len(portfolio.titles)) == (debtors, titles)
