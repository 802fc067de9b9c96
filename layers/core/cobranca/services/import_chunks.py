"""One chunk of an import (up to CHUNK_ROWS rows): parse and dedupe the rows, create the debtors,
contacts and titles that are new, write their history, and record the rejected rows with reasons."""

from __future__ import annotations

from typing import Any

from cobranca.domain.assignment import in_turn
from cobranca.domain.contacts import Contact, ContactIn, ContactKind, contact_id
from cobranca.domain.dates import Clock, business_today, utc_timestamp
from cobranca.domain.debt import prescribed
from cobranca.domain.ids import new_id
from cobranca.domain.imports import (
    CreditorLookup,
    ImportCounts,
    ImportJob,
    ImportRow,
    RowError,
    parse_row,
)
from cobranca.domain.portfolio import Debtor, DebtorSummary, HistoryEntry, Title, TitleStatus
from cobranca.domain.search import name_key
from cobranca.ports import ImportRepository, PortfolioRepository
from cobranca.services.source import SourceChanges


class ImportChunks:
    """Part of ImportService (the worker side); the service gives it its store, portfolio and clock."""

    portfolio: PortfolioRepository
    imports: ImportRepository
    clock: Clock
    source: SourceChanges | None  # a stored title the file says was paid or cancelled at the source

    def _process_batch(
        self,
        tenant: str,
        job: ImportJob,
        batch: list[tuple[int, dict[str, str] | list[RowError]]],
        creditors: CreditorLookup,
        seen: set[tuple[str, str]],
        operators: list[str],
    ) -> None:
        counts, now = job.counts, utc_timestamp(self.clock)
        errors: list[RowError] = []
        rows: list[ImportRow] = []
        for row, values in batch:
            parsed = values if isinstance(values, list) else parse_row(row, values, creditors)
            if isinstance(parsed, list):
                errors += parsed
            elif (parsed.creditor_id, parsed.title_number) in seen:
                reason = "título repetido no arquivo para o mesmo credor"
                errors.append(RowError(row=row, field="title_number", reason=reason))
            else:
                seen.add((parsed.creditor_id, parsed.title_number))
                rows.append(parsed)
        counts.rows += len(batch)

        owners, created = self._ensure_debtors(tenant, job, rows, now, counts, operators)
        contacts = self._missing_contacts(tenant, rows, owners, created, now)
        counts.contacts_created += len(contacts)
        # The titles carry their debtor's kind and category (the ruler's scope reads nothing else)
        summaries: dict[str, DebtorSummary] = {d.id: d for d in created.values()}
        needed = {owners[r.document.number] for r in rows} - set(summaries)
        summaries.update(self.imports.debtor_summaries(tenant, needed) if needed else {})
        warnings = self._other_names(rows, owners, summaries) + self._prescribed(rows)
        counts.warnings += len({w.row for w in warnings})
        errors += warnings
        titles = self._new_titles(tenant, rows, owners, summaries, now, counts, errors, job.filename)
        links = {(t.debtor_id, t.creditor_id) for t in titles}
        history = self._title_history(job, titles, now)
        self.imports.put_side_items(
            tenant, contacts, [(summaries[d], c) for d, c in links if d in summaries], history
        )
        if errors:
            self.imports.add_rejects(tenant, job.id, errors)
        counts.rejected += len({e.row for e in errors if not e.warning})

    def _prescribed(self, rows: list[ImportRow]) -> list[RowError]:
        today = business_today(self.clock)
        reason = "título prescrito (vencido há mais de 5 anos): importado, mas não será cobrado"
        return [
            RowError(row=r.row, field="due_date", reason=reason, warning=True)
            for r in rows
            if prescribed(r.due_date, today)
        ]

    @staticmethod
    def _other_names(
        rows: list[ImportRow], owners: dict[str, str], summaries: dict[str, DebtorSummary]
    ) -> list[RowError]:
        """A row naming a document's debtor otherwise: kept, not renamed, and said in the report."""
        out = []
        for r in rows:
            stored = summaries.get(owners[r.document.number])
            if stored is not None and name_key(stored.name) != name_key(r.name):
                reason = f"nome diferente do cadastrado para este documento; mantido '{stored.name[:80]}'"
                out.append(RowError(row=r.row, field="name", reason=reason, warning=True))
        return out

    def _ensure_debtors(
        self,
        tenant: str,
        job: ImportJob,
        rows: list[ImportRow],
        now: str,
        counts: ImportCounts,
        operators: list[str],
    ) -> tuple[dict[str, str], dict[str, Debtor]]:
        """New debtors get the tenant's rule's operators in turn (the job's count of debtors created so
        far is the turn, so a resumed job gives the same ones)."""
        owners = self.imports.document_owners(tenant, {r.document.number for r in rows})
        created: dict[str, Debtor] = {}
        for r in rows:
            doc = r.document.number
            if doc in owners or doc in created:
                continue
            debtor_id = new_id()
            created[doc] = Debtor(
                id=debtor_id,
                document=doc,
                document_kind=r.document.kind,
                name=r.name,
                uf=r.address.uf if r.address else None,
                operator_id=in_turn(operators, counts.debtors_created + len(created)) if operators else None,
                contacts=self._contacts(debtor_id, r, now),
                created_at=now,
                updated_at=now,
            )
        entry = f"Devedor cadastrado pela importação{_of_file(job)}"
        taken = self.imports.create_debtors(
            tenant, [(d, self._history(now, "debtor.created", entry)) for d in created.values()]
        )
        if taken:  # created concurrently by someone else: use theirs
            owners.update(self.imports.document_owners(tenant, [d.document for d in taken]))
            for d in taken:
                del created[d.document]
        counts.debtors_created += len(created)
        counts.contacts_created += sum(len(d.contacts) for d in created.values())
        owners.update({doc: d.id for doc, d in created.items()})
        return owners, created

    def _missing_contacts(
        self, tenant: str, rows: list[ImportRow], owners: dict[str, str], created: dict[str, Debtor], now: str
    ) -> list[tuple[str, Contact]]:
        """Every distinct contact of every row: a debtor on ten rows keeps the ten rows' phones."""
        wanted: dict[tuple[str, str], Contact] = {}
        fresh: dict[tuple[str, str], Contact] = {}  # of debtors created in this batch: nothing to look up
        for r in rows:
            new = created.get(r.document.number)
            debtor_id = owners[r.document.number]
            for contact in self._contacts(debtor_id, r, now):
                if new is None:
                    wanted[(debtor_id, contact.id)] = contact
                elif all(c.id != contact.id for c in new.contacts):
                    fresh[(debtor_id, contact.id)] = contact
        existing = self.imports.existing_contacts(tenant, wanted) if wanted else set()
        missing = [(d, c) for (d, cid), c in wanted.items() if (d, cid) not in existing]
        return missing + [(d, c) for (d, _), c in fresh.items()]

    def _new_titles(
        self,
        tenant: str,
        rows: list[ImportRow],
        owners: dict[str, str],
        summaries: dict[str, DebtorSummary],
        now: str,
        counts: ImportCounts,
        errors: list[RowError],
        file: str = "",
    ) -> list[Title]:
        stored = self.imports.title_owners(tenant, [(r.creditor_id, r.title_number) for r in rows])
        titles: list[Title] = []
        for r in rows:
            debtor_id = owners[r.document.number]
            owner = stored.get((r.creditor_id, r.title_number))
            if owner is None:
                titles.append(self._title(r, debtor_id, now))
            elif owner == debtor_id:
                counts.titles_existing += 1
                if r.status is not TitleStatus.OPEN and self.source is not None:
                    counts.titles_settled += self.source.from_import(
                        tenant, r.creditor_id, r.title_number, r.status, file
                    )
            else:
                reason = "título já cadastrado para outro devedor deste credor"
                errors.append(RowError(row=r.row, field="title_number", reason=reason))
        taken = {t.id for t in self.imports.create_titles(tenant, titles, summaries)}
        counts.titles_existing += len(taken)
        created = [t for t in titles if t.id not in taken]
        counts.titles_created += len(created)
        return created

    def _title_history(self, job: ImportJob, titles: list[Title], now: str) -> list[tuple[str, HistoryEntry]]:
        per_debtor: dict[str, list[Title]] = {}
        for t in titles:
            per_debtor.setdefault(t.debtor_id, []).append(t)
        return [
            (
                debtor_id,
                self._history(
                    now,
                    "title.imported",
                    f"Importação{_of_file(job)}: {len(ts)} título(s) incluído(s): "
                    + ", ".join(t.number for t in ts),
                    title_ids=[t.id for t in ts],
                ),
            )
            for debtor_id, ts in per_debtor.items()
        ]

    @staticmethod
    def _contacts(debtor_id: str, r: ImportRow, now: str) -> list[Contact]:
        found = [
            ContactIn(kind=ContactKind.EMAIL, value=r.email) if r.email else None,
            ContactIn(kind=ContactKind.PHONE, value=r.phone) if r.phone else None,
            ContactIn(kind=ContactKind.ADDRESS, address=r.address) if r.address else None,
        ]
        return [
            Contact(
                id=contact_id(debtor_id, c.kind.value, c.value),
                kind=c.kind,
                value=c.value,
                address=c.address,
                label="importação",
                created_at=now,
                updated_at=now,
            )
            for c in found
            if c is not None
        ]

    @staticmethod
    def _title(r: ImportRow, debtor_id: str, now: str) -> Title:
        return Title(
            id=new_id(),
            debtor_id=debtor_id,
            creditor_id=r.creditor_id,
            number=r.title_number,
            description=r.description,
            original_amount=r.amount,
            due_date=r.due_date,
            status=r.status,  # a first import may already know it paid or cancelled
            created_at=now,
            updated_at=now,
        )

    @staticmethod
    def _history(now: str, action: str, detail: str, **data: Any) -> HistoryEntry:
        return HistoryEntry.new(at=now, actor="import", action=action, detail=detail, data=data)


def _of_file(job: ImportJob) -> str:
    """How the history names an import: by its file (the id means nothing to an operator)."""
    return f" do arquivo {job.filename}" if job.filename else ""
