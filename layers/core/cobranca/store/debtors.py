"""Debtors and what hangs from them in their partition: contacts, titles, creditor links, history."""

from __future__ import annotations

from datetime import date
from typing import Any

from pynamodb.exceptions import TransactWriteError
from pynamodb.expressions.condition import Condition

from cobranca.domain.contacts import Contact
from cobranca.domain.errors import NotFound
from cobranca.domain.portfolio import Alert, Debtor, DebtorSummary, HistoryEntry, Promise, Title, TitleStatus
from cobranca.domain.search import DebtorQuery, Lookup, lookup_key, name_key
from cobranca.store import keys as k
from cobranca.store.codec import decode_cursor, encode_cursor
from cobranca.store.dynamo import (
    Page,
    all_of,
    failed_condition,
    get_or_404,
    get_or_none,
    page,
    transact,
    transaction,
)
from cobranca.store.items import (
    TABLE_KEY,
    contact_item,
    debtor_item,
    due_index_actions,
    history_item,
    index_key,
    link_item,
    new_debtor_writes,
    new_title_writes,
    to_contact,
    to_debtor,
    to_history,
    to_summary,
    to_title,
    word_items,
)
from cobranca.store.mapping import read, stored
from cobranca.store.models import (
    ContactItem,
    CreditorLinkItem,
    DebtorItem,
    DebtorSummaryAttrs,
    GuardItem,
    HistoryItem,
    Item,
    NameWordItem,
    PromiseItem,
    TitleItem,
)


class DynamoDebtors:
    # ------------------------------------------------------------- debtors
    def add_debtor(self, tenant: str, d: Debtor, history: HistoryEntry) -> None:
        """Creates the debtor only if no debtor holds the document (one conditional transaction)."""
        with transaction("já existe um devedor com este documento") as tx:
            new_debtor_writes(tx, tenant, d, history)

    def get_debtor(self, tenant: str, debtor_id: str) -> Debtor:
        # One query reads the debtor, its promise and its contacts: CALLPROMISE and CONTACT#… sort
        # before DEBTOR (the contact cap between them is read too: one small item).
        rows = list(Item.query(k.debtor_pk(tenant, debtor_id), Item.sk.between(k.PROMISE_SK, k.DEBTOR_SK)))
        debtor = next((r for r in rows if isinstance(r, DebtorItem)), None)
        if debtor is None:
            raise NotFound("devedor não encontrado")
        promise = next((read(Promise, r) for r in rows if isinstance(r, PromiseItem)), None)
        return to_debtor(debtor, [to_contact(r) for r in rows if isinstance(r, ContactItem)], promise)

    def debtor_id_by_document(self, tenant: str, document: str) -> str | None:
        guard = get_or_none(GuardItem, k.document_guard_pk(tenant, document), k.GUARD_SK)
        return str(guard.target_id) if guard else None

    def update_debtor(self, tenant: str, d: Debtor, history: HistoryEntry) -> None:
        """Saves the debtor and refreshes the summary copied onto its creditor links and name words
        (a renamed debtor's old words leave the word index)."""
        pk = k.debtor_pk(tenant, d.id)
        links = list(CreditorLinkItem.query(pk, CreditorLinkItem.sk.startswith(k.LINK_PREFIX)))
        words = word_items(tenant, d)
        gone = [
            w
            for w in NameWordItem.query(pk, NameWordItem.sk.startswith(k.WORD_PREFIX))
            if w.sk not in {n.sk for n in words}
        ]
        titles = list(TitleItem.query(pk, TitleItem.sk.startswith(k.TITLE_PREFIX)))
        stale = [t for t in titles if t.category_id != d.category_id]
        room = max(0, 90 - len(links) - len(words) - len(gone))
        first, rest = stale[:room], stale[room:]
        category = (
            TitleItem.category_id.set(d.category_id) if d.category_id else TitleItem.category_id.remove()
        )
        with transact() as tx:
            tx.save(debtor_item(tenant, d), condition=DebtorItem.pk.exists())
            for link in links:
                tx.save(link_item(tenant, d, link.creditor_id))
            for word in words:
                tx.save(word)
            for old in gone:
                tx.delete(old)
            for t in first:
                tx.update(t, actions=[category])
            tx.save(history_item(tenant, d.id, history))
        for group in (rest[n : n + 100] for n in range(0, len(rest), 100)):  # a debtor with 90+ titles
            with transact() as tx:
                for t in group:
                    tx.update(t, actions=[category])

    def list_debtors(self, tenant: str, query: DebtorQuery) -> Page:
        if query.words:
            return self._by_words(tenant, query)
        return self._by_index(tenant, query)

    def _by_words(self, tenant: str, query: DebtorQuery) -> Page:
        """Any word of the name: the word index's partition for the longest typed word, its sort key
        starting with that word; the other typed words start some word of the name (a filter on the
        item's words). A debtor two of whose words match appears once per page."""
        leading = query.leading_word
        conditions: list[Condition] = [
            NameWordItem.words.contains(f" {w}") for w in query.words if w != leading
        ]
        conditions += [
            getattr(NameWordItem, name) == value
            for name, value in (("category_id", query.category_id), ("operator_id", query.operator_id))
            if value
        ]
        if query.unassigned:
            conditions.append(NameWordItem.operator_id.does_not_exist())
        index = NameWordItem.gsi1
        results = index.query(
            k.name_words_on(tenant, leading),
            Item.gsi1sk.startswith(leading),
            filter_condition=all_of(conditions),
            limit=query.limit,
            last_evaluated_key=decode_cursor(query.cursor, tenant, index_key(index)),
        )
        found, cursor = page(results, to_summary)
        return list({s.id: s for s in found}.values()), cursor

    def _by_index(self, tenant: str, query: DebtorQuery) -> Page:
        if query.find is not None:
            return self._found(tenant, query)
        index, hash_key, key_condition, conditions = _plan(tenant, query)
        results = index.query(
            hash_key,
            key_condition,
            filter_condition=conditions,
            limit=query.limit,
            last_evaluated_key=decode_cursor(query.cursor, tenant, index_key(index)),
        )
        return page(results, to_summary)

    def count_debtors(self, tenant: str, query: DebtorQuery) -> int:
        """How many debtors the filters (no search text) reach: the same index read, counted."""
        index, hash_key, key_condition, conditions = _plan(tenant, query)
        return int(index.count(hash_key, key_condition, filter_condition=conditions))

    def _found(self, tenant: str, query: DebtorQuery) -> Page:
        """Debtors by a title number, e-mail or phone prefix: the lookup entries (GSI2), then their
        debtors in one BatchGet; a debtor found twice is listed once; filters apply to the debtor."""
        assert query.find is not None
        kind, key = query.find
        entries = Item.gsi2.query(
            k.lookup(tenant, kind.value),
            Item.gsi2sk.startswith(key) if key else None,
            limit=query.limit,
            last_evaluated_key=decode_cursor(query.cursor, tenant, index_key(Item.gsi2)),
        )
        ids = list(dict.fromkeys(str(e.pk).rsplit("#", 1)[1] for e in entries))
        cursor = encode_cursor(entries.last_evaluated_key)
        found = {i.id: i for i in DebtorItem.batch_get([(k.debtor_pk(tenant, d), k.DEBTOR_SK) for d in ids])}
        wanted = {"category_id": query.category_id, "operator_id": query.operator_id}
        summaries = [to_summary(found[d]) for d in ids if d in found]
        found_ = [s for s in summaries if all(getattr(s, f) == v for f, v in wanted.items() if v)]
        return [s for s in found_ if not (query.unassigned and s.operator_id)], cursor

    # ------------------------------------------------------------- contacts
    def add_contact(self, tenant: str, debtor_id: str, c: Contact, history: HistoryEntry) -> None:
        conflict, missing = "este contato já está cadastrado para o devedor", "devedor não encontrado"
        with transaction(conflict, missing=missing) as tx:
            tx.condition_check(
                DebtorItem, k.debtor_pk(tenant, debtor_id), k.DEBTOR_SK, DebtorItem.pk.exists()
            )
            tx.save(contact_item(tenant, debtor_id, c), condition=ContactItem.pk.does_not_exist())
            tx.save(history_item(tenant, debtor_id, history))

    def update_contact(self, tenant: str, debtor_id: str, c: Contact, history: HistoryEntry) -> None:
        with transact() as tx:
            tx.save(contact_item(tenant, debtor_id, c), condition=ContactItem.pk.exists())
            tx.save(history_item(tenant, debtor_id, history))

    # ------------------------------------------------------------- titles
    def add_title(self, tenant: str, t: Title, debtor: DebtorSummary, history: HistoryEntry) -> None:
        """Unique per creditor + number: the guard and the title are written together or not at all."""
        with transaction(f"o título '{t.number}' já existe para este credor") as tx:
            new_title_writes(tx, tenant, t, debtor)
            tx.save(link_item(tenant, debtor, t.creditor_id))
            tx.save(history_item(tenant, t.debtor_id, history))

    def list_titles(self, tenant: str, debtor_id: str) -> list[Title]:
        results = TitleItem.query(k.debtor_pk(tenant, debtor_id), TitleItem.sk.startswith(k.TITLE_PREFIX))
        return [to_title(i) for i in results]

    def get_title(self, tenant: str, debtor_id: str, title_id: str) -> Title:
        return to_title(
            get_or_404(
                TitleItem, k.debtor_pk(tenant, debtor_id), k.title_sk(title_id), "título não encontrado"
            )
        )

    def titles_numbered(self, tenant: str, number: str) -> list[Title]:
        """The titles with this number (the ERP's), of any debtor: the title-number lookup (GSI2)."""
        key = lookup_key(Lookup.TITLE, number)
        rows = Item.gsi2.query(k.lookup(tenant, Lookup.TITLE.value), Item.gsi2sk.startswith(f"{key}#"))
        return [to_title(r) for r in rows if isinstance(r, TitleItem)]

    def change_title_status(
        self, tenant: str, t: Title, expected: TitleStatus, history: HistoryEntry
    ) -> None:
        """Optimistic: applies only if the status is still the one the caller saw."""
        actions = [
            TitleItem.status.set(t.status.value),
            TitleItem.updated_at.set(t.updated_at),
            *due_index_actions(tenant, t),
        ]
        with transaction("o título foi alterado por outra operação; recarregue e tente de novo") as tx:
            key = TitleItem(k.debtor_pk(tenant, t.debtor_id), k.title_sk(t.id))
            tx.update(key, actions=actions, condition=TitleItem.status == expected.value)
            tx.save(history_item(tenant, t.debtor_id, history))

    # ------------------------------------------------------------- history
    def put_promise(self, tenant: str, debtor_id: str, p: Promise, history: HistoryEntry) -> None:
        """The debtor's promise to pay (replacing an earlier one) and its history line, together."""
        item = PromiseItem(
            pk=k.debtor_pk(tenant, debtor_id),
            sk=k.PROMISE_SK,
            gsi2pk=k.promises_by(tenant, p.by),
            gsi2sk=k.sort_key(p.date.isoformat(), debtor_id),
            **stored(p.model_copy(update={"debtor_id": debtor_id}), PromiseItem),
        )
        with transaction("devedor não encontrado", missing="devedor não encontrado") as tx:
            tx.condition_check(
                DebtorItem, k.debtor_pk(tenant, debtor_id), k.DEBTOR_SK, DebtorItem.pk.exists()
            )
            tx.save(item)
            tx.save(history_item(tenant, debtor_id, history))

    def promises_by(self, tenant: str, user_id: str, before: date) -> list[Promise]:
        """The debtors' current promises this operator registered, promised before `before` (at most 100)."""
        rows = PromiseItem.gsi2.query(
            k.promises_by(tenant, user_id),
            Item.gsi2sk < before.isoformat(),
            scan_index_forward=False,
            limit=100,
        )
        return [read(Promise, r) for r in rows if isinstance(r, PromiseItem)]

    def opt_out(self, tenant: str, debtor_id: str, channel: str, history: HistoryEntry) -> bool:
        """Records that the debtor asked to stop `channel`, with its history line, once: False when it was
        asked before (nothing is written again)."""

        opted = DebtorItem.opted_out
        try:
            with transact() as tx:
                tx.update(  # the only condition here (PynamoDB sends puts before updates)
                    DebtorItem(k.debtor_pk(tenant, debtor_id), k.DEBTOR_SK),
                    actions=[opted.set((opted | []).append([channel]))],
                    condition=DebtorItem.pk.exists() & ~opted.contains(channel),
                )
                tx.save(history_item(tenant, debtor_id, history))
        except TransactWriteError as exc:
            if failed_condition(exc):
                return False
            raise
        return True

    def add_history(self, tenant: str, debtor_id: str, h: HistoryEntry) -> None:
        history_item(tenant, debtor_id, h).save()

    def list_alerts(self, tenant: str, limit: int) -> list[Alert]:
        rows = HistoryItem.gsi1.query(k.alerts(tenant), scan_index_forward=False, limit=limit)
        return [read(Alert, r) for r in rows if isinstance(r, HistoryItem) and r.debtor_id]

    def list_history(self, tenant: str, debtor_id: str, limit: int, cursor: str | None) -> Page:
        results = HistoryItem.query(
            k.debtor_pk(tenant, debtor_id),
            HistoryItem.sk.startswith(k.HISTORY_PREFIX),
            scan_index_forward=False,
            limit=limit,
            last_evaluated_key=decode_cursor(cursor, tenant, TABLE_KEY),
        )
        return page(results, to_history)


def _plan(tenant: str, query: DebtorQuery) -> tuple[Any, str, Condition | None, Condition | None]:
    """The most selective index for the filters, its key condition and the other filters as conditions.

    creditor > category > operator > document prefix > all (by name). Every index's sort key is
    the accent-free name, so a name prefix is always a key condition, never a filter.
    """
    attrs = DebtorSummaryAttrs
    name_prefix, document_prefix = query.name_prefix, query.document_prefix
    category_id, creditor_id, operator_id = query.category_id, query.creditor_id, query.operator_id
    filters = {"category_id": category_id, "operator_id": operator_id}
    index: Any
    if creditor_id:
        index, hash_key, sort_attr = CreditorLinkItem.gsi3, k.by_creditor(tenant, creditor_id), Item.gsi3sk
    elif category_id:
        index, hash_key, sort_attr = DebtorItem.gsi3, k.by_category(tenant, category_id), Item.gsi3sk
        filters.pop("category_id")
    elif operator_id:
        index, hash_key, sort_attr = DebtorItem.gsi4, k.by_operator(tenant, operator_id), Item.gsi4sk
        filters.pop("operator_id")
    elif document_prefix:
        index, hash_key, sort_attr = DebtorItem.gsi2, k.debtors_list(tenant), Item.gsi2sk
    else:
        index, hash_key, sort_attr = DebtorItem.gsi1, k.debtors_list(tenant), Item.gsi1sk
    key_prefix = (
        document_prefix if sort_attr is Item.gsi2sk else (name_key(name_prefix) if name_prefix else None)
    )
    conditions = [getattr(attrs, name) == value for name, value in filters.items() if value]
    if query.unassigned:
        conditions.append(attrs.operator_id.does_not_exist())
    if document_prefix and sort_attr is not Item.gsi2sk:
        conditions.append(attrs.document.startswith(document_prefix))
    key_condition = sort_attr.startswith(key_prefix) if key_prefix else None
    return index, hash_key, key_condition, all_of(conditions)
