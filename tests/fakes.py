"""In-memory stand-ins for the ports, shared by the tests and checked by mypy against the protocols."""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Sequence
from dataclasses import replace
from datetime import date
from decimal import Decimal
from typing import Any, TypeVar

from cobranca.domain.account import AccountLine, entry_key
from cobranca.domain.agreements import (
    Agreement,
    AgreementStatus,
    Charge,
    Installment,
    InstallmentStatus,
    PaymentMethod,
    agreement_number,
)
from cobranca.domain.batches import Batch
from cobranca.domain.contacts import Contact
from cobranca.domain.delivery import Claim, ClaimRefused, ContactView
from cobranca.domain.documents import cpf_check_digits
from cobranca.domain.errors import Conflict, NotFound
from cobranca.domain.idempotency import IdempotentReplay
from cobranca.domain.import_layout import StoredMapping
from cobranca.domain.imports import ImportJob, RowError
from cobranca.domain.messages import Message, MessageStatus, Task, TaskStatus
from cobranca.domain.portfolio import (
    Alert,
    Category,
    Creditor,
    Debtor,
    DebtorSummary,
    HistoryEntry,
    Promise,
    Tenant,
    Title,
    TitleStatus,
)
from cobranca.domain.rulers import DueItem, Ruler
from cobranca.domain.search import DebtorQuery, name_key
from cobranca.domain.sending import SendingSettings
from cobranca.domain.settlement import Effect, applied_to
from cobranca.domain.templates import Template
from cobranca.domain.users import Profile, User
from cobranca.gateways import JobQueue, Mailer, ObjectStore
from cobranca.jobs import Job
from cobranca.ports import (
    AgreementRepository,
    ImportRepository,
    MessagingRepository,
    Page,
    PortfolioRepository,
    UserDirectory,
)


def a_cpf(n: int, base: int = 100000000) -> str:
    """The n-th of a series of valid CPFs (computed check digits), distinct for n < 12,000."""
    body = f"{base + n * 7919:09d}"[-9:]
    return body + cpf_check_digits(body)


class MemoryObjects:
    """The bucket as a dict: what was put is what is read back."""

    def __init__(self) -> None:
        self.objects: dict[str, tuple[bytes, str]] = {}

    def put(self, key: str, body: bytes, content_type: str) -> None:
        self.objects[key] = (body, content_type)

    def get(self, key: str) -> bytes:
        return self.objects[key][0]

    def lines(self, key: str) -> Iterator[bytes]:
        yield from self.objects[key][0].splitlines(keepends=True)

    def exists(self, key: str) -> bool:
        return key in self.objects

    def presigned_url(self, key: str, seconds: int, filename: str) -> str:
        return f"memory://{key}?filename={filename}&expires={seconds}"


class MemoryPortfolio:
    """ports.PortfolioRepository in dicts, with the store's guarantees: one debtor per document, one
    title per creditor + number, one creditor per code, an optimistic title status, 404 for unknown ids
    (and for another tenant's)."""

    def __init__(self) -> None:
        self.tenants: dict[str, Tenant] = {}
        self.creditors: dict[tuple[str, str], Creditor] = {}
        self.categories: dict[tuple[str, str], Category] = {}
        self.debtors: dict[tuple[str, str], Debtor] = {}
        self.titles: dict[tuple[str, str], Title] = {}
        self.history: dict[tuple[str, str], list[HistoryEntry]] = {}
        self.series: dict[tuple[str, str], dict[str, Decimal]] = {}
        self.terms: dict[tuple[str, str], str] = {}
        self.promises: dict[tuple[str, str], Promise] = {}
        self.uses: dict[tuple[str, str], dict[str, int]] = {}  # agreements per offer code, per creditor

    # tenants
    def get_tenant(self, slug: str) -> Tenant | None:
        return self.tenants.get(slug)

    def list_tenants(self) -> list[Tenant]:
        return list(self.tenants.values())

    def put_tenant(self, t: Tenant) -> None:
        self.tenants[t.slug] = t

    # creditors and categories
    def add_creditor(self, tenant: str, c: Creditor) -> None:
        if any(t == tenant and x.code.upper() == c.code.upper() for (t, _), x in self.creditors.items()):
            raise Conflict(f"já existe um credor com o código '{c.code}'")
        self.creditors[(tenant, c.id)] = c

    def update_creditor(self, tenant: str, c: Creditor, old_code: str) -> None:
        taken = any(
            t == tenant and i != c.id and x.code.upper() == c.code.upper()
            for (t, i), x in self.creditors.items()
        )
        if taken:
            raise Conflict(f"já existe um credor com o código '{c.code}'")
        self.get_creditor(tenant, c.id)
        self.creditors[(tenant, c.id)] = c

    def get_creditor(self, tenant: str, creditor_id: str) -> Creditor:
        return _found(self.creditors, (tenant, creditor_id), "credor não encontrado")

    def list_creditors(self, tenant: str) -> list[Creditor]:
        return [c for (t, _), c in self.creditors.items() if t == tenant]

    def offer_uses(self, tenant: str, creditor_id: str) -> dict[str, int]:
        return dict(self.uses.get((tenant, creditor_id), {}))

    def put_category(self, tenant: str, c: Category, *, new: bool) -> None:
        if new == ((tenant, c.id) in self.categories):
            raise Conflict("categoria já existe" if new else "categoria não encontrada")
        self.categories[(tenant, c.id)] = c

    def get_category(self, tenant: str, category_id: str) -> Category:
        return _found(self.categories, (tenant, category_id), "categoria não encontrada")

    def list_categories(self, tenant: str) -> list[Category]:
        return [c for (t, _), c in self.categories.items() if t == tenant]

    # debtors, contacts, titles, history
    def add_debtor(self, tenant: str, d: Debtor, history: HistoryEntry) -> None:
        if self.debtor_id_by_document(tenant, d.document) is not None:
            raise Conflict("já existe um devedor com este documento")
        self.debtors[(tenant, d.id)] = d
        self.add_history(tenant, d.id, history)

    def get_debtor(self, tenant: str, debtor_id: str) -> Debtor:
        debtor = _found(self.debtors, (tenant, debtor_id), "devedor não encontrado")
        promise = self.promises.get((tenant, debtor_id))
        return debtor.model_copy(update={"promise": promise}) if promise else debtor

    def debtor_id_by_document(self, tenant: str, document: str) -> str | None:
        return next(
            (d.id for (t, _), d in self.debtors.items() if t == tenant and d.document == document), None
        )

    def update_debtor(self, tenant: str, d: Debtor, history: HistoryEntry) -> None:
        self.get_debtor(tenant, d.id)
        self.debtors[(tenant, d.id)] = d
        self.add_history(tenant, d.id, history)

    def list_debtors(self, tenant: str, query: DebtorQuery) -> Page:
        found = [
            DebtorSummary.model_validate(d.model_dump())
            for (t, _), d in sorted(self.debtors.items(), key=lambda kv: name_key(kv[1].name))
            if t == tenant
            and (not query.name_prefix or name_key(d.name).startswith(name_key(query.name_prefix)))
            and (not query.document_prefix or d.document.startswith(query.document_prefix))
            and (not query.category_id or d.category_id == query.category_id)
            and (not query.operator_id or d.operator_id == query.operator_id)
            and not (query.unassigned and d.operator_id)
        ]
        return found[: query.limit], None

    def count_debtors(self, tenant: str, query: DebtorQuery) -> int:
        return len(self.list_debtors(tenant, replace(query, limit=len(self.debtors)))[0])

    def add_contact(self, tenant: str, debtor_id: str, c: Contact, history: HistoryEntry) -> None:
        d = self.get_debtor(tenant, debtor_id)
        if any(x.id == c.id for x in d.contacts):
            raise Conflict("este contato já está cadastrado para o devedor")
        self.debtors[(tenant, debtor_id)] = d.model_copy(update={"contacts": [*d.contacts, c]})
        self.add_history(tenant, debtor_id, history)

    def update_contact(self, tenant: str, debtor_id: str, c: Contact, history: HistoryEntry) -> None:
        d = self.get_debtor(tenant, debtor_id)
        contacts = [c if x.id == c.id else x for x in d.contacts]
        self.debtors[(tenant, debtor_id)] = d.model_copy(update={"contacts": contacts})
        self.add_history(tenant, debtor_id, history)

    def add_title(self, tenant: str, t: Title, debtor: DebtorSummary, history: HistoryEntry) -> None:
        taken = any(
            k[0] == tenant and x.creditor_id == t.creditor_id and x.number == t.number
            for k, x in self.titles.items()
        )
        if taken:
            raise Conflict(f"o título '{t.number}' já existe para este credor")
        self.titles[(tenant, t.id)] = t
        self.add_history(tenant, t.debtor_id, history)

    def list_titles(self, tenant: str, debtor_id: str) -> list[Title]:
        return [t for (x, _), t in self.titles.items() if x == tenant and t.debtor_id == debtor_id]

    def get_title(self, tenant: str, debtor_id: str, title_id: str) -> Title:
        t = _found(self.titles, (tenant, title_id), "título não encontrado")
        if t.debtor_id != debtor_id:
            raise NotFound("título não encontrado")
        return t

    def change_title_status(
        self, tenant: str, t: Title, expected: TitleStatus, history: HistoryEntry
    ) -> None:
        if self.get_title(tenant, t.debtor_id, t.id).status is not expected:
            raise Conflict("o título foi alterado por outra operação; recarregue e tente de novo")
        self.titles[(tenant, t.id)] = t
        self.add_history(tenant, t.debtor_id, history)

    def titles_numbered(self, tenant: str, number: str) -> list[Title]:
        return [t for (tt, _), t in self.titles.items() if tt == tenant and t.number == number]

    def list_alerts(self, tenant: str, limit: int) -> list[Alert]:
        found = [
            Alert(**h.model_dump(), debtor_id=d)
            for (t, d), entries in self.history.items()
            if t == tenant
            for h in entries
            if h.data.get("alert")
        ]
        return sorted(found, key=lambda a: a.at, reverse=True)[:limit]

    def list_history(self, tenant: str, debtor_id: str, limit: int, cursor: str | None) -> Page:
        return list(reversed(self.history.get((tenant, debtor_id), [])))[:limit], None

    def add_history(self, tenant: str, debtor_id: str, h: HistoryEntry) -> None:
        self.history.setdefault((tenant, debtor_id), []).append(h)

    def opt_out(self, tenant: str, debtor_id: str, channel: str, history: HistoryEntry) -> bool:
        d = self.get_debtor(tenant, debtor_id)
        if channel in d.opted_out:
            return False
        self.debtors[(tenant, debtor_id)] = d.model_copy(update={"opted_out": [*d.opted_out, channel]})
        self.add_history(tenant, debtor_id, history)
        return True

    def put_promise(self, tenant: str, debtor_id: str, p: Promise, history: HistoryEntry) -> None:
        self.get_debtor(tenant, debtor_id)
        self.promises[(tenant, debtor_id)] = p.model_copy(update={"debtor_id": debtor_id})
        self.add_history(tenant, debtor_id, history)

    def promises_by(self, tenant: str, user_id: str, before: date) -> list[Promise]:
        mine = [
            p for (t, _), p in self.promises.items() if t == tenant and p.by == user_id and p.date < before
        ]
        return sorted(mine, key=lambda p: p.date, reverse=True)

    # reference data
    def get_index_series(self, tenant: str, name: str) -> dict[str, Decimal]:
        return dict(self.series.get((tenant, name), {}))

    def put_index_series(self, tenant: str, name: str, values: dict[str, Decimal], at: str) -> None:
        self.series[(tenant, name)] = dict(values)

    def get_term_template(self, tenant: str, scope: str) -> str | None:
        return self.terms.get((tenant, scope))

    def put_term_template(self, tenant: str, scope: str, text: str, at: str) -> None:
        self.terms[(tenant, scope)] = text


class MemoryAgreements:
    """ports.AgreementRepository over a MemoryPortfolio: one agreement per Idempotency-Key, and its
    titles must still be open (else 409), all or nothing, as the store's transaction."""

    def __init__(self, portfolio: MemoryPortfolio) -> None:
        self.portfolio = portfolio
        self.agreements: dict[tuple[str, str], Agreement] = {}
        self.keys: dict[tuple[str, str], IdempotentReplay] = {}
        self.ledger: dict[tuple[str, str, str], AccountLine] = {}  # (tenant, creditor, entry key)
        self.sequence = 0

    def next_number(self, tenant: str) -> str:
        self.sequence += 1
        return agreement_number(self.sequence)

    def find_idempotent(self, tenant: str, key: str) -> IdempotentReplay | None:
        return self.keys.get((tenant, key))

    def create(
        self,
        tenant: str,
        a: Agreement,
        debtor: DebtorSummary,
        idempotency_key: str,
        fingerprint: str,
        history: HistoryEntry,
        now: str,
        quota: int | None = None,
    ) -> None:
        if (tenant, idempotency_key) in self.keys:
            raise self.keys[(tenant, idempotency_key)]
        titles = [self.portfolio.get_title(tenant, a.debtor_id, t) for t in a.title_ids]
        uses = self.portfolio.uses.setdefault((tenant, a.creditor_id), {})
        if quota is not None and uses.get(a.offer_code, 0) >= quota:
            raise Conflict("esta oferta acabou de esgotar: escolha outra")
        if any(t.status is not TitleStatus.OPEN for t in titles):
            raise Conflict("um ou mais títulos já não estão em aberto (outro acordo foi fechado)")
        if quota is not None:
            uses[a.offer_code] = uses.get(a.offer_code, 0) + 1
        for t in titles:
            self.portfolio.titles[(tenant, t.id)] = t.model_copy(update={"status": TitleStatus.IN_AGREEMENT})
        self.keys[(tenant, idempotency_key)] = IdempotentReplay(a.id, fingerprint)
        self.agreements[(tenant, a.id)] = a
        self.portfolio.add_history(tenant, a.debtor_id, history)

    def get(self, tenant: str, agreement_id: str, *, consistent: bool = False) -> Agreement:
        return _found(self.agreements, (tenant, agreement_id), "acordo não encontrado")

    def find_verification(self, code: str) -> tuple[str, str] | None:
        found = (key for key, a in self.agreements.items() if a.verification_code == code)
        return next(found, None)

    def event_applied(self, tenant: str, event_id: str) -> bool:
        return (tenant, f"event:{event_id}") in self.keys

    def of_debtor(self, tenant: str, debtor_id: str, limit: int = 20) -> list[Agreement]:
        mine = [a for (t, _), a in self.agreements.items() if t == tenant and a.debtor_id == debtor_id]
        return sorted(mine, key=lambda a: (a.created_at, a.id), reverse=True)[:limit]

    def apply_event(
        self,
        tenant: str,
        a: Agreement,
        number: int,
        effect: Effect,
        charge: Charge,
        history: HistoryEntry | None,
        event_id: str,
        now: str,
        entry: AccountLine | None = None,
    ) -> bool:
        if self.event_applied(tenant, event_id):
            return False
        current = self.agreements[(tenant, a.id)]
        if effect in (Effect.SETTLE, Effect.REVERSE) and current.revision != a.revision:
            raise Conflict("a parcela ou o acordo mudou enquanto o evento era aplicado")
        if entry is not None:
            self.ledger[(tenant, a.creditor_id, entry_key(entry, charge.reference, event_id))] = entry
        self.agreements[(tenant, a.id)] = applied_to(current, number, effect, charge)
        self.keys[(tenant, f"event:{event_id}")] = IdempotentReplay(charge.reference, effect.value)
        if history is not None:
            self.portfolio.add_history(tenant, a.debtor_id, history)
        return True

    def impute_late(
        self, tenant: str, a: Agreement, reference: str, titles: list[Title], history: HistoryEntry, now: str
    ) -> bool:
        if (tenant, f"late:{reference}") in self.keys:
            return False
        self.keys[(tenant, f"late:{reference}")] = IdempotentReplay(a.id, "imputed")
        for t in titles:
            self.portfolio.titles[(tenant, t.id)] = t
        self.portfolio.add_history(tenant, a.debtor_id, history)
        return True

    def complete(self, tenant: str, a: Agreement, history: HistoryEntry, now: str) -> bool:
        current = self.agreements[(tenant, a.id)]
        if current.status is not AgreementStatus.ACTIVE:
            return False
        self.agreements[(tenant, a.id)] = current.model_copy(update={"status": AgreementStatus.PAID})
        for t in a.title_ids:
            title = self.portfolio.titles[(tenant, t)]
            self.portfolio.titles[(tenant, t)] = title.model_copy(update={"status": TitleStatus.PAID})
        self.portfolio.add_history(tenant, a.debtor_id, history)
        return True

    def search(
        self,
        tenant: str,
        *,
        status: AgreementStatus | None,
        creditor_id: str | None,
        created_from: str | None,
        created_to: str | None,
        limit: int,
        operator_id: str | None = None,
    ) -> list[Agreement]:
        return [
            a
            for (t, _), a in self.agreements.items()
            if t == tenant
            and (status is None or a.status is status)
            and (creditor_id is None or a.creditor_id == creditor_id)
            and (operator_id is None or a.created_by == operator_id)
        ][:limit]

    def record_charge(
        self, tenant: str, agreement_id: str, number: int, charge: Charge, replacing: str | None = None
    ) -> bool:
        a = self.agreements[(tenant, agreement_id)]
        current = next(i for i in a.installments if i.number == number)
        held = current.charge.provider_id if current.charge else None
        if held and held not in (charge.provider_id, replacing):
            return False
        parts = [i.model_copy(update={"charge": charge}) if i.number == number else i for i in a.installments]
        self.agreements[(tenant, agreement_id)] = a.model_copy(update={"installments": parts})
        return True

    def end(
        self,
        tenant: str,
        a: Agreement,
        status: AgreementStatus,
        titles: list[Title],
        history: HistoryEntry,
        now: str,
    ) -> bool:
        current = self.agreements[(tenant, a.id)]
        if current.status is not AgreementStatus.ACTIVE:
            return False
        parts = [
            i.model_copy(update={"status": InstallmentStatus.CANCELLED})
            if i.status is InstallmentStatus.PENDING
            else i
            for i in current.installments
        ]
        self.agreements[(tenant, a.id)] = current.model_copy(update={"status": status, "installments": parts})
        for t in titles:
            self.portfolio.titles[(tenant, t.id)] = t
        self.portfolio.add_history(tenant, a.debtor_id, history)
        return True

    def account_entries(self, tenant: str, creditor_id: str, first: str, last: str) -> list[AccountLine]:
        return sorted(
            (
                line
                for (t, c, _), line in self.ledger.items()
                if (t, c) == (tenant, creditor_id) and first <= line.on.isoformat() <= last
            ),
            key=lambda line: line.on,
        )

    def active_of(self, tenant: str, debtor_id: str) -> list[str]:
        return [
            a.id
            for (t, _), a in self.agreements.items()
            if t == tenant and a.debtor_id == debtor_id and a.status is AgreementStatus.ACTIVE
        ]

    def claim(self, tenant: str, scope: str, key: str, now: str) -> bool:
        if (tenant, f"{scope}:{key}") in self.keys:
            return False
        self.keys[(tenant, f"{scope}:{key}")] = IdempotentReplay(key, scope)
        return True

    def due_installments(self, tenant: str, day: str) -> list[str]:
        return sorted(
            a.id
            for (t, _), a in self.agreements.items()
            if t == tenant
            and a.status is AgreementStatus.ACTIVE
            and any(
                i.status is InstallmentStatus.PENDING and i.due_date.isoformat() == day
                for i in a.installments
            )
        )


class MemoryMailer:
    def __init__(self) -> None:
        self.sent: list[tuple[str, str, str, list[tuple[str, bytes, str]]]] = []

    def send(
        self, to: str, subject: str, text: str, attachments: list[tuple[str, bytes, str]], html: str = ""
    ) -> str:
        self.sent.append((to, subject, text, attachments))
        return f"mail-{len(self.sent)}"


class MemoryImports:
    """ports.ImportRepository over a MemoryPortfolio: jobs, rejected rows (one per row and field, so a
    resumed chunk adds nothing twice), and the batched creations with their guards."""

    def __init__(self, portfolio: MemoryPortfolio) -> None:
        self.portfolio = portfolio
        self.jobs: dict[tuple[str, str], ImportJob] = {}
        self.rejects: dict[tuple[str, str], dict[tuple[int, str], RowError]] = {}
        self.owners: dict[str, list[str]] = {}  # tenant -> the assignment rule's operators
        self.mappings: dict[str, StoredMapping] = {}

    def get_mapping(self, tenant: str) -> StoredMapping:
        return self.mappings.get(tenant, StoredMapping())

    def put_mapping(self, tenant: str, mapping: StoredMapping) -> None:
        self.mappings[tenant] = mapping

    def import_owners(self, tenant: str) -> list[str]:
        return self.owners.get(tenant, [])

    def create_job(self, tenant: str, job: ImportJob) -> None:
        if (tenant, job.id) in self.jobs:
            raise Conflict("importação já existe")
        self.jobs[(tenant, job.id)] = job.model_copy(deep=True)

    def get_job(self, tenant: str, import_id: str) -> ImportJob:
        return _found(self.jobs, (tenant, import_id), "importação não encontrada").model_copy(deep=True)

    def list_jobs(self, tenant: str, limit: int) -> list[ImportJob]:
        mine = [j for (t, _), j in self.jobs.items() if t == tenant]
        return sorted(mine, key=lambda j: j.created_at, reverse=True)[:limit]

    def save_progress(self, tenant: str, job: ImportJob) -> None:
        self.jobs[(tenant, job.id)] = job.model_copy(deep=True)

    def add_rejects(self, tenant: str, import_id: str, errors: list[RowError]) -> None:
        for e in errors:
            self.rejects.setdefault((tenant, import_id), {})[(e.row, e.field)] = e

    def list_rejects(self, tenant: str, import_id: str) -> list[RowError]:
        return [e for _, e in sorted(self.rejects.get((tenant, import_id), {}).items())]

    def document_owners(self, tenant: str, documents: Iterable[str]) -> dict[str, str]:
        owners = {d: self.portfolio.debtor_id_by_document(tenant, d) for d in set(documents)}
        return {d: owner for d, owner in owners.items() if owner is not None}

    def title_owners(self, tenant: str, titles: Iterable[tuple[str, str]]) -> dict[tuple[str, str], str]:
        wanted = set(titles)
        return {
            (t.creditor_id, t.number): t.debtor_id
            for (x, _), t in self.portfolio.titles.items()
            if x == tenant and (t.creditor_id, t.number) in wanted
        }

    def existing_contacts(self, tenant: str, pairs: Iterable[tuple[str, str]]) -> set[tuple[str, str]]:
        found = set()
        for debtor_id, contact_id in set(pairs):
            d = self.portfolio.debtors.get((tenant, debtor_id))
            if d is not None and any(c.id == contact_id for c in d.contacts):
                found.add((debtor_id, contact_id))
        return found

    def debtor_summaries(self, tenant: str, debtor_ids: Iterable[str]) -> dict[str, DebtorSummary]:
        found = (self.portfolio.debtors.get((tenant, d)) for d in set(debtor_ids))
        return {d.id: DebtorSummary.model_validate(d.model_dump()) for d in found if d is not None}

    def create_debtors(self, tenant: str, debtors: list[tuple[Debtor, HistoryEntry]]) -> list[Debtor]:
        refused = []
        for d, history in debtors:
            try:
                self.portfolio.add_debtor(tenant, d, history)
            except Conflict:
                refused.append(d)
        return refused

    def create_titles(
        self, tenant: str, titles: list[Title], debtors: dict[str, DebtorSummary]
    ) -> list[Title]:
        refused = []
        for t in titles:
            taken = self.title_owners(tenant, [(t.creditor_id, t.number)])
            if taken:
                refused.append(t)
            else:
                self.portfolio.titles[(tenant, t.id)] = t
        return refused

    def put_side_items(
        self,
        tenant: str,
        contacts: list[tuple[str, Contact]],
        links: list[tuple[DebtorSummary, str]],
        history: list[tuple[str, HistoryEntry]],
    ) -> None:
        for debtor_id, c in contacts:
            d = self.portfolio.debtors[(tenant, debtor_id)]
            if all(x.id != c.id for x in d.contacts):
                self.portfolio.debtors[(tenant, debtor_id)] = d.model_copy(
                    update={"contacts": [*d.contacts, c]}
                )
        for debtor_id, h in history:
            self.portfolio.add_history(tenant, debtor_id, h)


class MemoryMessageRecords:
    """The message records' life-cycle with the store's conditions: a claim takes the lease, checks the
    items (tests put paid or settled item ids on `closed`), writes the cap over the version read and
    takes the quota, all or nothing; defer and an unclaimed finish need the message waiting (or its
    lease expired); a claimed finish needs it sending. Keys are (tenant, message key)."""

    def __init__(self) -> None:
        self.messages: dict[tuple[str, str], Message] = {}
        self.leases: dict[tuple[str, str], str] = {}
        self.deferred: dict[tuple[str, str], tuple[str, str]] = {}  # key -> (day, not_before)
        self.caps: dict[tuple[str, str], tuple[list[str], int]] = {}
        self.quotas: dict[tuple[str, str, str], int] = {}
        self.closed: set[str] = set()

    def _waiting(self, key: tuple[str, str], now: str) -> bool:
        m = self.messages.get(key)
        if m is None:
            return False
        expired = m.status is MessageStatus.SENDING and self.leases.get(key, "") < now
        return m.status in (MessageStatus.QUEUED, MessageStatus.DEFERRED) or expired

    def get_message(self, tenant: str, key: str) -> Message | None:
        return self.messages.get((tenant, key))

    def claim(self, tenant: str, c: Claim) -> ClaimRefused | None:
        key, m = (tenant, c.message.id), c.message
        used = self.quotas.get((tenant, m.channel.value, c.quota[0]), 0) if c.quota else 0
        refused = ClaimRefused(
            taken=not self._waiting(key, c.now),
            closed=frozenset(i.id for i in m.items if i.id in self.closed),
            cap_moved=c.cap is not None and self.contact_days(tenant, m.debtor_id)[1] != c.cap[1],
            over_quota=c.quota is not None and used >= c.quota[1],
        )
        if refused != ClaimRefused():
            return refused
        self.messages[key] = self.messages[key].model_copy(update={"status": MessageStatus.SENDING})
        self.leases[key] = c.lease_until
        self.deferred.pop(key, None)  # off the deferred index
        if c.cap is not None:
            self.caps[(tenant, m.debtor_id)] = (c.cap[0], c.cap[1] + 1)
        if c.quota is not None:
            self.quotas[(tenant, m.channel.value, c.quota[0])] = used + 1
        return None

    def defer(self, tenant: str, m: Message, not_before: str, day: str, now: str) -> bool:
        if not self._waiting((tenant, m.id), now):
            return False
        self.messages[(tenant, m.id)] = m.model_copy(
            update={"status": MessageStatus.DEFERRED, "not_before": not_before}
        )
        self.deferred[(tenant, m.id)] = (day, not_before)
        return True

    def finish(
        self, tenant: str, m: Message, history: HistoryEntry | None, unclaimed_at: str | None = None
    ) -> bool:
        key = (tenant, m.id)
        current = self.messages.get(key)
        ours = current is not None and current.status is MessageStatus.SENDING
        if not (self._waiting(key, unclaimed_at) if unclaimed_at else ours):
            return False
        self.messages[key] = m
        self.deferred.pop(key, None)
        return True

    def deferred_due(self, tenant: str, day: str, until: str) -> list[Message]:
        return [
            self.messages[(t, k)]
            for (t, k), (d, at) in self.deferred.items()
            if t == tenant and d == day and at <= until
        ]

    def requeue(self, tenant: str, key: str) -> None:
        m = self.messages[(tenant, key)]
        if m.status is MessageStatus.DEFERRED:
            self.messages[(tenant, key)] = m.model_copy(update={"status": MessageStatus.QUEUED})
            self.deferred.pop((tenant, key), None)

    def contact_days(self, tenant: str, debtor_id: str) -> tuple[list[str], int]:
        return self.caps.get((tenant, debtor_id), ([], 0))


class MemoryMessaging(MemoryMessageRecords):
    """ports.MessagingRepository in dicts: configuration documents, what is due (tests put DueItems on
    `due`), message records with the store's dedupe (one record per key), tasks, the ruler's last run
    (only ever forward), the cap and quotas."""

    def __init__(self, portfolio: MemoryPortfolio | None = None) -> None:
        super().__init__()
        self.portfolio = portfolio or MemoryPortfolio()  # where contact_view finds the debtors
        self.docs: dict[tuple[str, str, str], Any] = {}  # (tenant, kind, id) -> model
        self.due: dict[tuple[str, date], list[DueItem]] = {}
        self.tasks: dict[tuple[str, str], Task] = {}
        self.runs: dict[str, date] = {}

    # configuration
    def _put(self, tenant: str, kind: str, id_: str, value: Any, new: bool | None) -> None:
        exists = (tenant, kind, id_) in self.docs
        if new is not None and new == exists:
            raise Conflict("já existe" if new else "não encontrado")
        self.docs[(tenant, kind, id_)] = value

    def _get(self, tenant: str, kind: str, id_: str, missing: str) -> Any:
        return _found3(self.docs, (tenant, kind, id_), missing)

    def _list(self, tenant: str, kind: str) -> list[Any]:
        return [v for (t, k, _), v in self.docs.items() if t == tenant and k == kind]

    def put_template(self, tenant: str, t: Template, *, new: bool) -> None:
        self._put(tenant, "template", t.id, t, new)

    def get_template(self, tenant: str, template_id: str) -> Template:
        found: Template = self._get(tenant, "template", template_id, "modelo de mensagem não encontrado")
        return found

    def list_templates(self, tenant: str) -> list[Template]:
        return self._list(tenant, "template")

    def put_ruler(self, tenant: str, r: Ruler, *, new: bool) -> None:
        self._put(tenant, "ruler", r.id, r, new)

    def get_ruler(self, tenant: str, ruler_id: str) -> Ruler:
        found: Ruler = self._get(tenant, "ruler", ruler_id, "régua não encontrada")
        return found

    def list_rulers(self, tenant: str) -> list[Ruler]:
        return self._list(tenant, "ruler")

    def get_settings(self, tenant: str) -> SendingSettings:
        found: SendingSettings = self.docs.get((tenant, "settings", ""), SendingSettings())
        return found

    def put_settings(self, tenant: str, s: SendingSettings, at: str) -> None:
        self._put(tenant, "settings", "", s, None)

    def create_batch(self, tenant: str, b: Batch, key: str, fingerprint: str) -> None:
        if (tenant, "batch-key", key) in self.docs:
            raise self.docs[(tenant, "batch-key", key)]
        self.docs[(tenant, "batch-key", key)] = IdempotentReplay(b.id, fingerprint)
        self._put(tenant, "batch", b.id, b, True)

    def put_batch(self, tenant: str, b: Batch) -> None:
        self._put(tenant, "batch", b.id, b, False)

    def get_batch(self, tenant: str, batch_id: str) -> Batch:
        found: Batch = self._get(tenant, "batch", batch_id, "ação em lote não encontrada")
        return found

    def list_batches(self, tenant: str) -> list[Batch]:
        return self._list(tenant, "batch")

    def last_run(self, tenant: str) -> date | None:
        return self.runs.get(tenant)

    def set_last_run(self, tenant: str, day: date, at: str) -> None:
        if tenant not in self.runs or self.runs[tenant] < day:
            self.runs[tenant] = day

    # outbox
    def due_items(self, tenant: str, day: date) -> Iterator[DueItem]:
        yield from self.due.get((tenant, day), [])

    def open_titles_due(
        self, tenant: str, first: date, last: date, creditor_ids: list[str] | None
    ) -> Iterator[DueItem]:
        for (t, day), items in sorted(self.due.items()):
            if t == tenant and first <= day <= last:
                yield from (i for i in items if creditor_ids is None or i.creditor_id in creditor_ids)

    def contact_view(self, tenant: str, debtor_id: str) -> ContactView:
        debtor = self.portfolio.get_debtor(tenant, debtor_id)
        entries, version = self.contact_days(tenant, debtor_id)
        return ContactView(debtor, False, entries, version, debtor.promise.date if debtor.promise else None)

    def create_message(self, tenant: str, m: Message) -> bool:
        if (tenant, m.id) in self.messages:
            return False
        self.messages[(tenant, m.id)] = m
        return True

    def messages_on(self, tenant: str, day: date, channel: str | None = None) -> list[Message]:
        return [
            m
            for (t, _), m in self.messages.items()
            if t == tenant and m.run_date == day and (channel is None or m.channel == channel)
        ]

    # tasks
    def create_task(self, tenant: str, t: Task) -> bool:
        if (tenant, t.id) in self.tasks:
            return False
        self.tasks[(tenant, t.id)] = t
        return True

    def get_task(self, tenant: str, task_id: str) -> Task:
        return _found(self.tasks, (tenant, task_id), "tarefa não encontrada")

    def update_task(self, tenant: str, t: Task) -> None:
        if self.get_task(tenant, t.id).status is not TaskStatus.OPEN:
            raise Conflict("tarefa já concluída")
        self.tasks[(tenant, t.id)] = t

    def list_tasks(self, tenant: str, operator_id: str | None, status: TaskStatus | None) -> list[Task]:
        return [
            t
            for (x, _), t in self.tasks.items()
            if x == tenant and t.operator_id == operator_id and (status is None or t.status is status)
        ]

    def open_tasks(self, tenant: str) -> list[Task]:
        found = [t for (x, _), t in self.tasks.items() if x == tenant and t.status is TaskStatus.OPEN]
        return sorted(found, key=lambda t: (t.due_at or t.run_date.isoformat(), t.id))


class MemoryQueue:
    """A queue that keeps what was sent, in order."""

    def __init__(self) -> None:
        self.jobs: list[tuple[Job, int]] = []

    def send(self, job: Job, delay_seconds: int = 0) -> None:
        self.jobs.append((job, delay_seconds))

    def send_batch(self, jobs: Sequence[Job]) -> int:
        for job in jobs:
            self.send(job)
        return (len(jobs) + 9) // 10


class MemoryUsers:
    def __init__(self) -> None:
        self.users: dict[tuple[str, str], User] = {}
        self.profiles: dict[tuple[str, str], Profile] = {}

    def get_user(self, tenant: str, user_id: str) -> User | None:
        return self.users.get((tenant, user_id))

    def user_exists(self, tenant: str, user_id: str) -> bool:
        return (tenant, user_id) in self.users

    def list_users(self, tenant: str) -> list[User]:
        return [u for (t, _), u in self.users.items() if t == tenant]

    def put_user(self, tenant: str, user: User) -> None:
        self.users[(tenant, user.id)] = user

    def put_profile(self, tenant: str, p: Profile, *, new: bool) -> None:
        self.profiles[(tenant, p.id)] = p

    def get_profile(self, tenant: str, profile_id: str) -> Profile:
        return _found(self.profiles, (tenant, profile_id), "perfil de acesso não encontrado")

    def list_profiles(self, tenant: str) -> list[Profile]:
        return [p for (t, _), p in self.profiles.items() if t == tenant]

    def delete_profile(self, tenant: str, profile_id: str) -> None:
        self.profiles.pop((tenant, profile_id), None)


V = TypeVar("V")


def _found3(items: dict[tuple[str, str, str], V], key: tuple[str, str, str], message: str) -> V:
    if key not in items:
        raise NotFound(message)
    return items[key]


def _found(items: dict[tuple[str, str], V], key: tuple[str, str], message: str) -> V:
    if key not in items:
        raise NotFound(message)
    return items[key]


# each fake keeps its port's shape (mypy checks these assignments against the protocols)
_objects: type[ObjectStore] = MemoryObjects
_portfolio: type[PortfolioRepository] = MemoryPortfolio
_users: type[UserDirectory] = MemoryUsers
_agreements: type[AgreementRepository] = MemoryAgreements
_mailer: type[Mailer] = MemoryMailer
_messaging: type[MessagingRepository] = MemoryMessaging
_queue: type[JobQueue] = MemoryQueue
_imports: type[ImportRepository] = MemoryImports


def an_agreement(installments: list[Installment], **fields: Any) -> Agreement:
    """An active agreement of these installments (PIX, one title), for the domain's unit tests."""
    values: dict[str, Any] = {
        "id": "a1",
        "number": "A-000001",
        "debtor_id": "d1",
        "creditor_id": "c1",
        "title_ids": ["t1"],
        "offer_code": "X",
        "payment_method": PaymentMethod.PIX,
        "status": AgreementStatus.ACTIVE,
        "total": sum((i.amount for i in installments), Decimal(0)),
        "installments": installments,
        "email": "x@example.com",
        "created_by": "u1",
        "created_at": "2026-04-09T15:00:00Z",
        "updated_at": "2026-04-09T15:00:00Z",
    }
    return Agreement(**(values | fields))
