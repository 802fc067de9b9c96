"""What the ruler reads and writes (ports.Outbox): the due-date index, the message records it decides
(one per dedupe key), the deferred ones it releases, and the day's messages by channel. The sender's
side of the records is store/deliveries.py."""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from datetime import date, timedelta
from itertools import chain

from pynamodb.expressions.update import Action

from cobranca.domain.debt import Imputed
from cobranca.domain.documents import DocumentKind
from cobranca.domain.messages import Message, MessageStatus
from cobranca.domain.money import from_cents
from cobranca.domain.portfolio import TitleStatus
from cobranca.domain.rulers import AppliesTo, DueItem
from cobranca.store import keys as k
from cobranca.store.dynamo import applied, create_if_absent, get_or_none
from cobranca.store.items import message_item, to_message
from cobranca.store.models import (
    InstallmentItem,
    Item,
    MessageItem,
    TitleItem,
)


def _due_item(i: Item) -> DueItem | None:
    if isinstance(i, TitleItem):
        kind, item_id, amount_cents = AppliesTo.TITLES, i.id, i.original_amount_cents
        creditor_id, label = i.creditor_id, i.number
        pay: dict[str, str | None] = {}
        paid = tuple(Imputed.model_validate(p) for p in i.payments or ())
    elif isinstance(i, InstallmentItem):
        number = int(i.number)
        kind, item_id, amount_cents = AppliesTo.INSTALLMENTS, f"{i.agreement_id}.{number}", i.amount_cents
        creditor_id = i.creditor_id or ""
        label = f"parcela {number} do acordo" if number else "entrada do acordo"
        paid = ()
        charge = i.charge or {}
        pay = {
            "boleto_line": charge.get("boleto_line"),
            "pix_payload": charge.get("pix_payload"),
            "payment_url": charge.get("boleto_url") or charge.get("invoice_url"),
        }
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
        paid=paid,
        **pay,
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

    # ------------------------------------------------------------- messages (dedupe records)
    def create_message(self, tenant: str, m: Message) -> bool:
        """Conditional put on the dedupe key: False when this action was already decided."""
        return create_if_absent(message_item(tenant, m))

    def get_message(self, tenant: str, key: str) -> Message | None:
        item = get_or_none(MessageItem, k.message_pk(tenant, key), k.MESSAGE_SK)
        return to_message(item) if item else None

    def deferred_due(self, tenant: str, day: str, until: str) -> list[Message]:
        """Messages parked on `day` whose moment has come."""
        rows = Item.by_due_date.query(k.deferred_on(tenant, day), Item.duesk <= f"{until}~")
        return [to_message(r) for r in rows if isinstance(r, MessageItem)]

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
        by_channel = Item.gsi1sk.startswith(f"{channel}#") if channel else None
        rows = MessageItem.gsi1.query(k.messages_on(tenant, day.isoformat()), by_channel)
        return [to_message(r) for r in rows if isinstance(r, MessageItem)]
