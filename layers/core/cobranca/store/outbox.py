"""What the ruler and the sender read and write per action: the due-date index, the debtor's contact
view, the message records' life-cycle (claim, defer, finish, release), the contact cap and the daily
quotas."""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from datetime import date, timedelta
from itertools import chain

from pynamodb.expressions.update import Action

from cobranca.domain.agreements import InstallmentStatus
from cobranca.domain.dates import expires_after
from cobranca.domain.delivery import ContactView
from cobranca.domain.documents import DocumentKind
from cobranca.domain.errors import NotFound
from cobranca.domain.messages import Message, MessageStatus
from cobranca.domain.money import from_cents
from cobranca.domain.portfolio import HistoryEntry, TitleStatus
from cobranca.domain.rulers import AppliesTo, DueItem
from cobranca.store import keys as k
from cobranca.store.dynamo import applied, create_if_absent, get_or_none, transact
from cobranca.store.items import history_item, to_contact, to_debtor
from cobranca.store.models import (
    ActiveAgreementItem,
    ContactCapItem,
    ContactItem,
    CounterItem,
    DebtorItem,
    InstallmentItem,
    Item,
    MessageItem,
    TitleItem,
)


def _due_item(i: Item) -> DueItem | None:
    if isinstance(i, TitleItem):
        kind, item_id, amount_cents = AppliesTo.TITLES, i.id, i.original_amount_cents
        creditor_id, label = i.creditor_id, i.number
    elif isinstance(i, InstallmentItem):
        number = int(i.number)
        kind, item_id, amount_cents = AppliesTo.INSTALLMENTS, f"{i.agreement_id}.{number}", i.amount_cents
        creditor_id = i.creditor_id or ""
        label = f"parcela {number} do acordo" if number else "entrada do acordo"
    else:
        return None
    return DueItem(
        kind=kind,
        id=item_id,
        debtor_id=i.debtor_id,
        creditor_id=creditor_id,
        amount=from_cents(int(amount_cents)),
        due_date=date.fromisoformat(i.due_date),
        debtor_kind=DocumentKind(i.debtor_kind) if i.debtor_kind else None,
        category_id=i.category_id,
        label=label,
    )


def _message(i: MessageItem) -> Message:
    return Message.model_validate({**i.data, "status": i.status})


def _message_item(tenant: str, m: Message) -> MessageItem:
    return MessageItem(
        pk=k.message_pk(tenant, m.id),
        sk=k.MESSAGE_SK,
        gsi1pk=k.messages_on(tenant, m.run_date.isoformat()),
        gsi1sk=k.sort_key(m.channel.value, m.id),
        data=m.model_dump(mode="json", exclude={"status"}),
        status=m.status.value,
    )


class DynamoOutbox:
    # ------------------------------------------------------------- what is due
    def due_items(self, tenant: str, day: date) -> Iterator[DueItem]:
        """Open titles and pending installments due on `day`: one index partition, nothing else read."""
        for row in Item.by_due_date.query(k.due_on(tenant, day.isoformat())):
            due = _due_item(row)
            if due is not None:
                yield due

    def open_titles_due(
        self, tenant: str, first: date, last: date, creditor_ids: list[str] | None
    ) -> Iterator[DueItem]:
        """Open titles due between first and last (inclusive), never a Scan: with creditors, each one's
        titles by due date (one range query per creditor on its title index); without, the due-date
        partitions of those days (one query per day)."""
        queries: Iterable[Iterable[Item]]
        if creditor_ids is not None:
            queries = (
                TitleItem.gsi3.query(
                    k.titles_by_creditor(tenant, creditor_id),
                    Item.gsi3sk.between(first.isoformat(), f"{last.isoformat()}~"),
                    filter_condition=TitleItem.status == TitleStatus.OPEN.value,
                )
                for creditor_id in creditor_ids
            )
        else:
            days = (last - first).days + 1
            queries = (
                Item.by_due_date.query(k.due_on(tenant, (first + timedelta(days=n)).isoformat()))
                for n in range(days)
            )
        for row in chain.from_iterable(queries):
            if isinstance(row, TitleItem):
                due = _due_item(row)
                if due is not None:
                    yield due

    def contact_view(self, tenant: str, debtor_id: str) -> ContactView:
        """The debtor, its contacts, whether an agreement is active and the contact cap: one query (the
        sort keys AGRACTIVE#…, CONTACT#…, CONTACTCAP and DEBTOR sit together in the partition)."""
        rows = list(
            Item.query(
                k.debtor_pk(tenant, debtor_id), Item.sk.between(k.ACTIVE_AGREEMENT_PREFIX, k.DEBTOR_SK)
            )
        )
        debtor = next((r for r in rows if isinstance(r, DebtorItem)), None)
        if debtor is None:
            raise NotFound("devedor não encontrado")
        contacts = [to_contact(r) for r in rows if isinstance(r, ContactItem)]
        cap = next((r for r in rows if isinstance(r, ContactCapItem)), None)
        return ContactView(
            debtor=to_debtor(debtor, contacts),
            has_agreement=any(isinstance(r, ActiveAgreementItem) for r in rows),
            cap_entries=list(cap.days) if cap else [],
            cap_version=int(cap.version) if cap else 0,
        )

    def open_items(self, tenant: str, debtor_id: str, refs: list[tuple[AppliesTo, str]]) -> set[str]:
        """Which of these titles/installments are still open now (the sender checks before sending)."""
        keys = []
        for kind, item_id in refs:
            if kind is AppliesTo.TITLES:
                keys.append((k.debtor_pk(tenant, debtor_id), k.title_sk(item_id)))
            else:
                agreement_id, number = item_id.rsplit(".", 1)
                keys.append((k.agreement_pk(tenant, agreement_id), k.installment_sk(int(number))))
        still: set[str] = set()
        for row in Item.batch_get(keys):
            if isinstance(row, TitleItem) and row.status == TitleStatus.OPEN.value:
                still.add(row.id)
            elif isinstance(row, InstallmentItem) and row.status == InstallmentStatus.PENDING.value:
                still.add(f"{row.agreement_id}.{int(row.number)}")
        return still

    # ------------------------------------------------------------- messages (dedupe records)
    def create_message(self, tenant: str, m: Message) -> bool:
        """Conditional put on the dedupe key: False when this action was already decided."""
        return create_if_absent(_message_item(tenant, m))

    def get_message(self, tenant: str, key: str) -> Message | None:
        item = get_or_none(MessageItem, k.message_pk(tenant, key), k.MESSAGE_SK)
        return _message(item) if item else None

    def claim(self, tenant: str, key: str, now: str, lease_until: str) -> Message | None:
        """queued/deferred (or an expired lease) -> sending; None if finished or leased elsewhere."""
        item = MessageItem(k.message_pk(tenant, key), k.MESSAGE_SK)
        waiting = MessageItem.status.is_in(MessageStatus.QUEUED.value, MessageStatus.DEFERRED.value)
        expired = (MessageItem.status == MessageStatus.SENDING.value) & (MessageItem.lease_until < now)
        actions: list[Action] = [
            MessageItem.status.set(MessageStatus.SENDING.value),
            MessageItem.lease_until.set(lease_until),
            MessageItem.duepk.remove(),
            MessageItem.duesk.remove(),
        ]
        claimed = applied(
            lambda: item.update(actions=actions, condition=MessageItem.pk.exists() & (waiting | expired))
        )
        return _message(item) if claimed else None

    def defer(self, tenant: str, m: Message, not_before: str, day: str) -> None:
        """Parks a claimed message until not_before (São Paulo date `day`): the releaser re-queues it."""
        item = _message_item(tenant, m.model_copy(update={"status": MessageStatus.DEFERRED}))
        item.data["not_before"] = not_before
        item.duepk = k.deferred_on(tenant, day)
        item.duesk = k.deferred_sk(not_before, m.id)
        item.save(condition=MessageItem.status == MessageStatus.SENDING.value)

    def finish(self, tenant: str, m: Message, history: HistoryEntry | None) -> None:
        """The final status and the debtor's history entry, together."""
        with transact() as tx:
            tx.save(_message_item(tenant, m), condition=MessageItem.status == MessageStatus.SENDING.value)
            if history is not None:
                tx.save(history_item(tenant, m.debtor_id, history))

    def deferred_due(self, tenant: str, day: str, until: str) -> list[str]:
        """Keys of messages parked on `day` whose moment has come."""
        rows = Item.by_due_date.query(k.deferred_on(tenant, day), Item.duesk <= f"{until}~")
        return [str(r.data["id"]) for r in rows if isinstance(r, MessageItem)]

    def requeue(self, tenant: str, key: str) -> None:
        """deferred -> queued, off the deferred index (after its job is back on the queue)."""
        item = MessageItem(k.message_pk(tenant, key), k.MESSAGE_SK)
        actions: list[Action] = [
            MessageItem.status.set(MessageStatus.QUEUED.value),
            MessageItem.duepk.remove(),
            MessageItem.duesk.remove(),
        ]
        applied(
            lambda: item.update(actions=actions, condition=MessageItem.status == MessageStatus.DEFERRED.value)
        )

    def messages_on(self, tenant: str, day: date, channel: str | None = None) -> list[Message]:
        prefix = f"{channel}#" if channel else ""
        rows = MessageItem.gsi1.query(k.messages_on(tenant, day.isoformat()), Item.gsi1sk.startswith(prefix))
        return [_message(r) for r in rows if isinstance(r, MessageItem)]

    # ------------------------------------------------------------- limits
    def contact_days(self, tenant: str, debtor_id: str) -> tuple[list[str], int]:
        """The debtor's recent contacts as 'YYYY-MM-DD|message key' entries, and the item's version."""
        item = get_or_none(ContactCapItem, k.debtor_pk(tenant, debtor_id), k.CONTACT_CAP_SK)
        return (list(item.days), int(item.version)) if item else ([], 0)

    def record_contact(self, tenant: str, debtor_id: str, entries: list[str], version: int) -> bool:
        """Optimistic: False when another send to this debtor got there first (re-check the cap)."""
        item = ContactCapItem(
            pk=k.debtor_pk(tenant, debtor_id), sk=k.CONTACT_CAP_SK, days=entries, version=version + 1
        )
        condition = ContactCapItem.pk.does_not_exist() if version == 0 else ContactCapItem.version == version
        return applied(lambda: item.save(condition=condition))

    def take_quota(self, tenant: str, channel: str, day: str, maximum: int) -> bool:
        """One more send today on this channel, if under the tenant's daily maximum (atomic)."""
        counter = CounterItem(k.tenant_pk(tenant), k.send_counter_sk(channel, day))
        actions: list[Action] = [CounterItem.value.add(1), CounterItem.ttl.set(expires_after(day, 3))]
        below = CounterItem.value.does_not_exist() | (CounterItem.value < maximum)
        return applied(lambda: counter.update(actions=actions, condition=below))
