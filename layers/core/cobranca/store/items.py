"""Item builders (entity -> PynamoDB item, with every key and index attribute) and readers (item ->
entity) shared by the repositories. Keys come from keys.py only."""

from __future__ import annotations

from typing import Any

from pynamodb.transactions import TransactWrite

from cobranca.domain.contacts import Contact, ContactKind
from cobranca.domain.messages import Message
from cobranca.domain.money import from_cents, to_cents
from cobranca.domain.portfolio import (
    Category,
    Creditor,
    Debtor,
    DebtorSummary,
    HistoryEntry,
    Promise,
    Title,
    TitleStatus,
)
from cobranca.domain.search import Lookup, lookup_key, name_key, name_words
from cobranca.store import keys as k
from cobranca.store.mapping import read, stored
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
    NameWordItem,
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


def debtor_item(tenant: str, d: Debtor) -> DebtorItem:
    keys = debtor_summary_keys(tenant, d)
    return DebtorItem(**stored(d, DebtorItem, pk=k.debtor_pk(tenant, d.id), sk=k.DEBTOR_SK, **keys))


def link_item(tenant: str, s: DebtorSummary, creditor_id: str) -> CreditorLinkItem:
    keys = {
        "pk": k.debtor_pk(tenant, s.id),
        "sk": k.link_sk(creditor_id),
        "creditor_id": creditor_id,
        "gsi3pk": k.by_creditor(tenant, creditor_id),
        "gsi3sk": k.name_sort(name_key(s.name), s.id),
    }
    return CreditorLinkItem(**stored(s, CreditorLinkItem, **keys))


def word_items(tenant: str, s: DebtorSummary) -> list[NameWordItem]:
    """The debtor's name words on the word index, each with the summary (what the list shows)."""
    words, sort = name_words(s.name), name_key(s.name)
    spaced = f" {' '.join(words)} "
    return [
        NameWordItem(
            **stored(
                s,
                NameWordItem,
                pk=k.debtor_pk(tenant, s.id),
                sk=k.word_sk(word),
                gsi1pk=k.name_words_on(tenant, word),
                gsi1sk=k.word_sort(word, sort, s.id),
                words=spaced,
            )
        )
        for word in words
    ]


def guard_item(pk: str, target_id: str, parent_id: str | None = None) -> GuardItem:
    return GuardItem(pk=pk, sk=k.GUARD_SK, target_id=target_id, parent_id=parent_id)


TABLE_KEY = frozenset({"pk", "sk"})


def index_key(index: Any) -> frozenset[str]:
    """The attributes of a page's last key on a GSI: the table's key and the index's (GSI1 -> gsi1pk)."""
    name = str(index.Meta.index_name).lower()
    return TABLE_KEY | {f"{name}pk", f"{name}sk"}


LOOKUPS = {ContactKind.EMAIL: Lookup.EMAIL, ContactKind.PHONE: Lookup.PHONE}


def lookup_keys(tenant: str, kind: Lookup | None, value: str, debtor_id: str) -> dict[str, Any]:
    """GSI2 attributes that let a search find the debtor by this title number, e-mail or phone."""
    if kind is None:
        return {}
    return {
        "gsi2pk": k.lookup(tenant, kind.value),
        "gsi2sk": k.lookup_sort(lookup_key(kind, value), debtor_id),
    }


def contact_item(tenant: str, debtor_id: str, c: Contact) -> ContactItem:
    found = lookup_keys(tenant, LOOKUPS.get(c.kind), c.value, debtor_id)
    return ContactItem(
        **stored(c, ContactItem, pk=k.debtor_pk(tenant, debtor_id), sk=k.contact_sk(c.id), **found)
    )


def history_item(tenant: str, debtor_id: str, h: HistoryEntry) -> HistoryItem:
    """An entry of the debtor's history; one with `data.alert` is also on the tenant's alert list."""
    keys = {"pk": k.debtor_pk(tenant, debtor_id), "sk": k.history_sk(h.at, h.id)}
    if h.data.get("alert"):
        keys |= {"gsi1pk": k.alerts(tenant), "gsi1sk": k.sort_key(h.at, h.id), "debtor_id": debtor_id}
    return HistoryItem(**stored(h, HistoryItem, **keys))


def title_item(tenant: str, t: Title, debtor: DebtorSummary | None) -> TitleItem:
    is_open = t.status is TitleStatus.OPEN
    return TitleItem(
        **stored(
            t,
            TitleItem,
            debtor_kind=debtor.document_kind.value if debtor else None,
            category_id=debtor.category_id if debtor else None,
            pk=k.debtor_pk(tenant, t.debtor_id),
            sk=k.title_sk(t.id),
            original_amount_cents=to_cents(t.original_amount),
            payments=[p.model_dump(mode="json") for p in t.payments] or None,
            **lookup_keys(tenant, Lookup.TITLE, t.number, t.debtor_id),
            gsi3pk=k.titles_by_creditor(tenant, t.creditor_id),
            gsi3sk=k.sort_key(t.due_date.isoformat(), t.id),
            duepk=k.due_on(tenant, t.due_date.isoformat()) if is_open else None,
            duesk=k.title_sk(t.id) if is_open else None,
        )
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
def to_summary(i: DebtorSummaryAttrs) -> DebtorSummary:
    return read(DebtorSummary, i)


def to_debtor(i: DebtorItem, contacts: list[Contact], promise: Promise | None = None) -> Debtor:
    return read(Debtor, i, contacts=contacts, promise=promise)


def to_contact(i: ContactItem) -> Contact:
    return read(Contact, i)


def to_title(i: TitleItem) -> Title:
    return read(Title, i, original_amount=from_cents(int(i.original_amount_cents)))


def to_creditor(i: CreditorItem) -> Creditor:
    return read(Creditor, i)


def to_category(i: CategoryItem) -> Category:
    return read(Category, i)


def to_history(i: HistoryItem) -> HistoryEntry:
    return read(HistoryEntry, i)


def creditor_item(tenant: str, c: Creditor) -> CreditorItem:
    return CreditorItem(**stored(c, CreditorItem, pk=k.tenant_pk(tenant), sk=k.creditor_sk(c.id)))


def category_item(tenant: str, c: Category) -> CategoryItem:
    return CategoryItem(**stored(c, CategoryItem, pk=k.tenant_pk(tenant), sk=k.category_sk(c.id)))


def new_debtor_writes(tx: TransactWrite, tenant: str, d: Debtor, history: HistoryEntry) -> None:
    """A debtor's creation: its document guard (refused if another debtor holds the document), the
    debtor, its contacts, its name words and the history entry."""
    tx.save(
        guard_item(k.document_guard_pk(tenant, d.document), d.id), condition=GuardItem.pk.does_not_exist()
    )
    tx.save(debtor_item(tenant, d))
    for c in d.contacts:
        tx.save(contact_item(tenant, d.id, c))
    for word in word_items(tenant, d):
        tx.save(word)
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
