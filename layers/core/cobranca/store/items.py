"""Item builders (entity -> PynamoDB item, with every key and index attribute) and readers (item ->
entity) shared by the repositories. Keys come from keys.py only."""

from __future__ import annotations

from datetime import date
from typing import Any

from pynamodb.transactions import TransactWrite

from cobranca.domain.contacts import Address, Contact, ContactKind
from cobranca.domain.debt import Policy
from cobranca.domain.documents import DocumentKind
from cobranca.domain.messages import Message
from cobranca.domain.money import from_cents, to_cents
from cobranca.domain.portfolio import (
    Category,
    Creditor,
    Debtor,
    DebtorSummary,
    HistoryEntry,
    Title,
    TitleStatus,
    name_key,
)
from cobranca.store import keys as k
from cobranca.store.models import (
    CategoryItem,
    ContactItem,
    CreditorItem,
    CreditorLinkItem,
    DebtorItem,
    DebtorSummaryAttrs,
    GuardItem,
    HistoryItem,
    MessageItem,
    TitleItem,
)


# ------------------------------------------------------------------ item builders
def debtor_summary_keys(tenant: str, s: DebtorSummary) -> dict[str, Any]:
    sort = k.name_sort(name_key(s.name), s.id)
    return {
        "gsi1pk": k.debtors_list(tenant),
        "gsi1sk": sort,
        "gsi2pk": k.debtors_list(tenant),
        "gsi2sk": k.sort_key(s.document, s.id),
        "gsi3pk": k.by_category(tenant, s.category_id) if s.category_id else None,
        "gsi3sk": sort if s.category_id else None,
        "gsi4pk": k.by_operator(tenant, s.operator_id) if s.operator_id else None,
        "gsi4sk": sort if s.operator_id else None,
    }


def _summary_attrs(s: DebtorSummary) -> dict[str, Any]:
    return {
        "id": s.id,
        "document": s.document,
        "document_kind": s.document_kind.value,
        "name": s.name,
        "uf": s.uf,
        "category_id": s.category_id,
        "operator_id": s.operator_id,
    }


def debtor_item(tenant: str, d: Debtor) -> DebtorItem:
    return DebtorItem(
        pk=k.debtor_pk(tenant, d.id),
        sk=k.DEBTOR_SK,
        birth_date=d.birth_date.isoformat() if d.birth_date else None,
        created_at=d.created_at,
        updated_at=d.updated_at,
        **_summary_attrs(d),
        **debtor_summary_keys(tenant, d),
    )


def link_item(tenant: str, s: DebtorSummary, creditor_id: str) -> CreditorLinkItem:
    return CreditorLinkItem(
        pk=k.debtor_pk(tenant, s.id),
        sk=k.link_sk(creditor_id),
        creditor_id=creditor_id,
        gsi3pk=k.by_creditor(tenant, creditor_id),
        gsi3sk=k.name_sort(name_key(s.name), s.id),
        **_summary_attrs(s),
    )


def guard_item(pk: str, target_id: str, parent_id: str | None = None) -> GuardItem:
    return GuardItem(pk=pk, sk=k.GUARD_SK, target_id=target_id, parent_id=parent_id)


TABLE_KEY = frozenset({"pk", "sk"})


def index_key(index: Any) -> frozenset[str]:
    """The attributes of a page's last key on a GSI: the table's key and the index's (GSI1 -> gsi1pk)."""
    name = str(index.Meta.index_name).lower()
    return TABLE_KEY | {f"{name}pk", f"{name}sk"}


def contact_item(tenant: str, debtor_id: str, c: Contact) -> ContactItem:
    return ContactItem(
        pk=k.debtor_pk(tenant, debtor_id),
        sk=k.contact_sk(c.id),
        id=c.id,
        kind=c.kind.value,
        value=c.value,
        address=c.address.model_dump(mode="json") if c.address else None,
        label=c.label,
        valid=c.valid,
        invalid_reason=c.invalid_reason,
        login=c.login,
        created_at=c.created_at,
        updated_at=c.updated_at,
    )


def history_item(tenant: str, debtor_id: str, h: HistoryEntry) -> HistoryItem:
    return HistoryItem(
        pk=k.debtor_pk(tenant, debtor_id),
        sk=k.history_sk(h.at, h.id),
        id=h.id,
        at=h.at,
        actor=h.actor,
        action=h.action,
        detail=h.detail,
        data=h.data,
    )


def title_item(tenant: str, t: Title, debtor: DebtorSummary | None) -> TitleItem:
    is_open = t.status is TitleStatus.OPEN
    return TitleItem(
        debtor_kind=debtor.document_kind.value if debtor else None,
        category_id=debtor.category_id if debtor else None,
        pk=k.debtor_pk(tenant, t.debtor_id),
        sk=k.title_sk(t.id),
        id=t.id,
        debtor_id=t.debtor_id,
        creditor_id=t.creditor_id,
        number=t.number,
        description=t.description,
        original_amount_cents=to_cents(t.original_amount),
        due_date=t.due_date.isoformat(),
        status=t.status.value,
        created_at=t.created_at,
        updated_at=t.updated_at,
        gsi3pk=k.titles_by_creditor(tenant, t.creditor_id),
        gsi3sk=k.sort_key(t.due_date.isoformat(), t.id),
        duepk=k.due_on(tenant, t.due_date.isoformat()) if is_open else None,
        duesk=k.title_sk(t.id) if is_open else None,
    )


def due_index_actions(tenant: str, t: Title) -> list[Any]:
    """Open titles sit on the sparse due-date index; any other status leaves it."""
    if t.status is TitleStatus.OPEN:
        return [
            TitleItem.duepk.set(k.due_on(tenant, t.due_date.isoformat())),
            TitleItem.duesk.set(k.title_sk(t.id)),
        ]
    return [TitleItem.duepk.remove(), TitleItem.duesk.remove()]


# ------------------------------------------------------------------ item readers
def summary_fields(i: DebtorSummaryAttrs) -> dict[str, Any]:
    return {
        "id": i.id,
        "document": i.document,
        "document_kind": DocumentKind(i.document_kind),
        "name": i.name,
        "uf": i.uf,
        "category_id": i.category_id,
        "operator_id": i.operator_id,
    }


def to_debtor(i: DebtorItem, contacts: list[Contact]) -> Debtor:
    return Debtor(
        **summary_fields(i),
        birth_date=date.fromisoformat(i.birth_date) if i.birth_date else None,
        contacts=contacts,
        created_at=i.created_at,
        updated_at=i.updated_at,
    )


def to_contact(i: ContactItem) -> Contact:
    return Contact(
        id=i.id,
        kind=ContactKind(i.kind),
        value=i.value,
        address=Address.model_validate(i.address) if i.address else None,
        label=i.label,
        valid=i.valid,
        invalid_reason=i.invalid_reason,
        login=bool(i.login),
        created_at=i.created_at,
        updated_at=i.updated_at,
    )


def to_title(i: TitleItem) -> Title:
    return Title(
        id=i.id,
        debtor_id=i.debtor_id,
        creditor_id=i.creditor_id,
        number=i.number,
        description=i.description,
        original_amount=from_cents(int(i.original_amount_cents)),
        due_date=date.fromisoformat(i.due_date),
        status=TitleStatus(i.status),
        created_at=i.created_at,
        updated_at=i.updated_at,
    )


def to_creditor(i: CreditorItem) -> Creditor:
    return Creditor(
        id=i.id,
        code=i.code,
        name=i.name,
        document=i.document,
        document_kind=DocumentKind(i.document_kind),
        address=Address.model_validate(i.address) if i.address else None,
        policy=Policy.model_validate(i.policy) if i.policy else Policy(),
        created_at=i.created_at,
        updated_at=i.updated_at,
    )


def to_category(i: CategoryItem) -> Category:
    return Category(id=i.id, name=i.name, color=i.color, created_at=i.created_at, updated_at=i.updated_at)


def to_history(i: HistoryItem) -> HistoryEntry:
    return HistoryEntry(id=i.id, at=i.at, actor=i.actor, action=i.action, detail=i.detail, data=i.data)


def creditor_item(tenant: str, c: Creditor) -> CreditorItem:
    return CreditorItem(
        pk=k.tenant_pk(tenant),
        sk=k.creditor_sk(c.id),
        id=c.id,
        code=c.code,
        name=c.name,
        document=c.document,
        document_kind=c.document_kind.value,
        address=c.address.model_dump(mode="json") if c.address else None,
        policy=c.policy.model_dump(mode="json"),
        created_at=c.created_at,
        updated_at=c.updated_at,
    )


def new_debtor_writes(tx: TransactWrite, tenant: str, d: Debtor, history: HistoryEntry) -> None:
    """A debtor's creation: its document guard (refused if another debtor holds the document), the
    debtor, its contacts and the history entry."""
    tx.save(
        guard_item(k.document_guard_pk(tenant, d.document), d.id), condition=GuardItem.pk.does_not_exist()
    )
    tx.save(debtor_item(tenant, d))
    for c in d.contacts:
        tx.save(contact_item(tenant, d.id, c))
    tx.save(history_item(tenant, d.id, history))


def new_title_writes(tx: TransactWrite, tenant: str, t: Title, debtor: DebtorSummary | None) -> None:
    """A title's creation: its creditor + number guard (refused if taken) and the title."""
    guard = guard_item(k.title_guard_pk(tenant, t.creditor_id, t.number), t.id, t.debtor_id)
    tx.save(guard, condition=GuardItem.pk.does_not_exist())
    tx.save(title_item(tenant, t, debtor))


# ------------------------------------------------------------------ message records
def to_message(i: MessageItem) -> Message:
    return Message.model_validate({**i.data, "status": i.status})


def message_item(tenant: str, m: Message) -> MessageItem:
    return MessageItem(
        pk=k.message_pk(tenant, m.id),
        sk=k.MESSAGE_SK,
        gsi1pk=k.messages_on(tenant, m.run_date.isoformat()),
        gsi1sk=k.sort_key(m.channel.value, m.id),
        data=m.model_dump(mode="json", exclude={"status"}),
        status=m.status.value,
    )
