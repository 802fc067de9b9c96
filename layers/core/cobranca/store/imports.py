"""Import jobs and the batched, idempotent writes an import needs (guards read in batches of 100)."""

from __future__ import annotations

from collections.abc import Iterable

from pynamodb.exceptions import DoesNotExist

from cobranca.domain.contacts import Contact
from cobranca.domain.errors import NotFound
from cobranca.domain.import_layout import StoredMapping
from cobranca.domain.imports import ImportJob, RowError
from cobranca.domain.portfolio import Debtor, DebtorSummary, HistoryEntry, Title
from cobranca.store import keys as k
from cobranca.store.assignment import DynamoAssignment
from cobranca.store.config_docs import get_doc, put_doc
from cobranca.store.dynamo import guarded_batches
from cobranca.store.items import (
    contact_item,
    history_item,
    link_item,
    new_debtor_writes,
    new_title_writes,
    to_summary,
)
from cobranca.store.mapping import read, stored
from cobranca.store.models import ContactItem, DebtorItem, GuardItem, ImportItem, Item, RejectItem

DEBTORS_PER_TRANSACTION = 8  # guard + debtor + up to 3 contacts + up to 6 name words + history (<= 100)
TITLES_PER_TRANSACTION = 50  # guard + title = 2 items each


def _job_item(tenant: str, job: ImportJob) -> ImportItem:
    keys = {"pk": k.import_pk(tenant, job.id), "sk": k.IMPORT_SK}
    return ImportItem(**stored(job, ImportItem, gsi1pk=k.imports_list(tenant), gsi1sk=job.created_at, **keys))


def _to_job(i: ImportItem) -> ImportJob:
    return read(ImportJob, i)


class DynamoImports:
    # ------------------------------------------------------------- the tenant's column mapping
    def get_mapping(self, tenant: str) -> StoredMapping:
        return get_doc(tenant, k.IMPORT_MAPPING_SK, StoredMapping) or StoredMapping()

    def put_mapping(self, tenant: str, mapping: StoredMapping) -> None:
        put_doc(tenant, k.IMPORT_MAPPING_SK, mapping, mapping.updated_at)

    # ------------------------------------------------------------- jobs
    def create_job(self, tenant: str, job: ImportJob) -> None:
        _job_item(tenant, job).save(condition=ImportItem.pk.does_not_exist())

    def save_progress(self, tenant: str, job: ImportJob) -> None:
        _job_item(tenant, job).save()

    def get_job(self, tenant: str, import_id: str) -> ImportJob:
        try:
            i = ImportItem.get(k.import_pk(tenant, import_id), k.IMPORT_SK)
        except DoesNotExist:
            raise NotFound("importação não encontrada") from None
        return _to_job(i)

    def list_jobs(self, tenant: str, limit: int) -> list[ImportJob]:
        found = ImportItem.gsi1.query(k.imports_list(tenant), scan_index_forward=False, limit=limit)
        return [_to_job(i) for i in found if isinstance(i, ImportItem)]

    def add_rejects(self, tenant: str, import_id: str, errors: list[RowError]) -> None:
        with RejectItem.batch_write() as batch:
            for e in errors:
                batch.save(
                    RejectItem(
                        pk=k.import_pk(tenant, import_id),
                        sk=k.sort_key(k.reject_sk(e.row), e.field),
                        row=e.row,
                        field=e.field,
                        reason=e.reason,
                        warning=e.warning,
                    )
                )

    def list_rejects(self, tenant: str, import_id: str) -> list[RowError]:
        results = RejectItem.query(k.import_pk(tenant, import_id), RejectItem.sk.startswith(k.REJECT_PREFIX))
        return [
            RowError(row=int(i.row), field=i.field, reason=i.reason, warning=bool(i.warning)) for i in results
        ]

    # ------------------------------------------------------------- batched reads
    def import_owners(self, tenant: str) -> list[str]:
        """The operators the tenant's rule gives new debtors, in turn (domain/assignment.py)."""
        return DynamoAssignment().import_owners(tenant)

    def document_owners(self, tenant: str, documents: Iterable[str]) -> dict[str, str]:
        keys = [(k.document_guard_pk(tenant, d), k.GUARD_SK) for d in set(documents)]
        prefix = len(k.document_guard_pk(tenant, ""))
        return {g.pk[prefix:]: g.target_id for g in GuardItem.batch_get(keys)}

    def title_owners(self, tenant: str, titles: Iterable[tuple[str, str]]) -> dict[tuple[str, str], str]:
        """(creditor id, number) -> debtor id, for titles already stored."""
        wanted = {k.title_guard_pk(tenant, c, n): (c, n) for c, n in titles}
        found = GuardItem.batch_get([(pk, k.GUARD_SK) for pk in wanted])
        return {wanted[g.pk]: g.parent_id or "" for g in found}

    def existing_contacts(self, tenant: str, pairs: Iterable[tuple[str, str]]) -> set[tuple[str, str]]:
        keys = [(k.debtor_pk(tenant, d), k.contact_sk(c)) for d, c in set(pairs)]
        return {(i.pk.rsplit("#", 1)[1], i.id) for i in ContactItem.batch_get(keys)}

    def debtor_summaries(self, tenant: str, debtor_ids: Iterable[str]) -> dict[str, DebtorSummary]:
        keys = [(k.debtor_pk(tenant, d), k.DEBTOR_SK) for d in set(debtor_ids)]
        return {i.id: to_summary(i) for i in DebtorItem.batch_get(keys)}

    # ------------------------------------------------------------- batched writes
    def create_debtors(self, tenant: str, debtors: list[tuple[Debtor, HistoryEntry]]) -> list[Debtor]:
        """Creates each debtor with its document guard; returns those whose document was taken meanwhile."""
        refused = guarded_batches(
            debtors, DEBTORS_PER_TRANSACTION, lambda tx, one: new_debtor_writes(tx, tenant, one[0], one[1])
        )
        return [d for d, _ in refused]

    def create_titles(
        self, tenant: str, titles: list[Title], debtors: dict[str, DebtorSummary]
    ) -> list[Title]:
        """Creates each title with its number guard; returns those whose number was taken meanwhile."""
        return guarded_batches(
            titles,
            TITLES_PER_TRANSACTION,
            lambda tx, t: new_title_writes(tx, tenant, t, debtors.get(t.debtor_id)),
        )

    def put_side_items(
        self,
        tenant: str,
        contacts: list[tuple[str, Contact]],
        links: list[tuple[DebtorSummary, str]],
        history: list[tuple[str, HistoryEntry]],
    ) -> None:
        """Idempotent puts (contacts, creditor links, history) in batches of 25."""
        items: list[Item] = [contact_item(tenant, d, c) for d, c in contacts]
        items += [link_item(tenant, s, creditor_id) for s, creditor_id in links]
        items += [history_item(tenant, d, h) for d, h in history]
        with Item.batch_write() as batch:
            for item in items:
                batch.save(item)
