"""Templates, rulers, sending settings, messages (the dedupe records), caps, quotas and call tasks."""

from __future__ import annotations

import time
from collections.abc import Iterable, Iterator
from datetime import date, timedelta
from itertools import chain
from typing import TypeVar

from pydantic import BaseModel
from pynamodb.exceptions import DoesNotExist, PutError, UpdateError

from cobranca.domain.agreements import InstallmentStatus
from cobranca.domain.batches import Batch
from cobranca.domain.delivery import ContactView
from cobranca.domain.documents import DocumentKind
from cobranca.domain.errors import NotFound
from cobranca.domain.messages import Message, MessageStatus, Task, TaskStatus
from cobranca.domain.money import from_cents
from cobranca.domain.portfolio import HistoryEntry, TitleStatus
from cobranca.domain.rulers import AppliesTo, DueItem, Ruler
from cobranca.domain.sending import SendingSettings
from cobranca.domain.templates import Template
from cobranca.store import keys as k
from cobranca.store.dynamo import failed_condition, transact
from cobranca.store.items import history_item, to_contact, to_debtor
from cobranca.store.models import (
    ActiveAgreementItem,
    ConfigItem,
    ContactCapItem,
    ContactItem,
    CounterItem,
    DebtorItem,
    InstallmentItem,
    Item,
    MessageItem,
    TaskItem,
    TitleItem,
)

E = TypeVar("E", bound=BaseModel)


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


class DynamoMessaging:
    # ------------------------------------------------------------- configuration documents
    @staticmethod
    def _put_config(tenant: str, sk: str, value: BaseModel, at: str, new: bool | None = None) -> None:
        item = ConfigItem(
            pk=k.tenant_pk(tenant),
            sk=sk,
            data=value.model_dump(mode="json", exclude_none=False),
            updated_at=at,
        )
        if new is None:
            item.save()
        else:
            item.save(condition=ConfigItem.pk.does_not_exist() if new else ConfigItem.pk.exists())

    @staticmethod
    def _get_config(tenant: str, sk: str, model: type[E]) -> E | None:
        try:
            return model.model_validate(ConfigItem.get(k.tenant_pk(tenant), sk).data)
        except DoesNotExist:
            return None

    @staticmethod
    def _require_config(tenant: str, sk: str, model: type[E], missing: str) -> E:
        found = DynamoMessaging._get_config(tenant, sk, model)
        if found is None:
            raise NotFound(missing)
        return found

    @staticmethod
    def _list_config(tenant: str, prefix: str, model: type[E]) -> list[E]:
        rows = ConfigItem.query(k.tenant_pk(tenant), ConfigItem.sk.startswith(prefix))
        return [model.model_validate(r.data) for r in rows]

    @staticmethod
    def _create_config(tenant: str, sk: str, value: BaseModel, at: str) -> bool:
        try:
            DynamoMessaging._put_config(tenant, sk, value, at, new=True)
        except PutError as exc:
            if failed_condition(exc):
                return False
            raise
        return True

    def put_template(self, tenant: str, t: Template, *, new: bool) -> None:
        self._put_config(tenant, k.message_template_sk(t.id), t, t.updated_at, new)

    def get_template(self, tenant: str, template_id: str) -> Template:
        return self._require_config(
            tenant, k.message_template_sk(template_id), Template, "modelo de mensagem não encontrado"
        )

    def list_templates(self, tenant: str) -> list[Template]:
        return self._list_config(tenant, k.MESSAGE_TEMPLATE_PREFIX, Template)

    def put_ruler(self, tenant: str, r: Ruler, *, new: bool) -> None:
        self._put_config(tenant, k.ruler_sk(r.id), r, r.updated_at, new)

    def get_ruler(self, tenant: str, ruler_id: str) -> Ruler:
        return self._require_config(tenant, k.ruler_sk(ruler_id), Ruler, "régua não encontrada")

    def list_rulers(self, tenant: str) -> list[Ruler]:
        return self._list_config(tenant, k.RULER_PREFIX, Ruler)

    def get_settings(self, tenant: str) -> SendingSettings:
        return self._get_config(tenant, k.SENDING_SK, SendingSettings) or SendingSettings()

    def put_settings(self, tenant: str, s: SendingSettings, at: str) -> None:
        self._put_config(tenant, k.SENDING_SK, s, at)

    def create_batch(self, tenant: str, b: Batch) -> bool:
        """False when a batch with this id (its Idempotency-Key) already exists."""
        return self._create_config(tenant, k.batch_sk(b.id), b, b.created_at)

    def put_batch(self, tenant: str, b: Batch) -> None:
        self._put_config(tenant, k.batch_sk(b.id), b, b.updated_at, new=False)

    def get_batch(self, tenant: str, batch_id: str) -> Batch:
        return self._require_config(tenant, k.batch_sk(batch_id), Batch, "ação em lote não encontrada")

    def list_batches(self, tenant: str) -> list[Batch]:
        return self._list_config(tenant, k.BATCH_PREFIX, Batch)

    def last_run(self, tenant: str) -> date | None:
        try:
            item = ConfigItem.get(k.tenant_pk(tenant), k.RULER_STATE_SK)
        except DoesNotExist:
            return None
        return date.fromisoformat(str(item.marker))

    def set_last_run(self, tenant: str, day: date, at: str) -> None:
        """Only forward: a late manual run of an old date never moves the mark back."""
        item = ConfigItem(
            pk=k.tenant_pk(tenant), sk=k.RULER_STATE_SK, marker=day.isoformat(), data={}, updated_at=at
        )
        try:
            item.save(condition=ConfigItem.pk.does_not_exist() | (ConfigItem.marker < day.isoformat()))
        except PutError as exc:
            if not failed_condition(exc):
                raise

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
        try:
            _message_item(tenant, m).save(condition=MessageItem.pk.does_not_exist())
        except PutError as exc:
            if failed_condition(exc):
                return False
            raise
        return True

    def get_message(self, tenant: str, key: str) -> Message | None:
        try:
            return _message(MessageItem.get(k.message_pk(tenant, key), k.MESSAGE_SK))
        except DoesNotExist:
            return None

    def claim(self, tenant: str, key: str, now: str, lease_until: str) -> Message | None:
        """queued/deferred (or an expired lease) -> sending; None if finished or leased elsewhere."""
        item = MessageItem(k.message_pk(tenant, key), k.MESSAGE_SK)
        waiting = MessageItem.status.is_in(MessageStatus.QUEUED.value, MessageStatus.DEFERRED.value)
        expired = (MessageItem.status == MessageStatus.SENDING.value) & (MessageItem.lease_until < now)
        try:
            item.update(
                actions=[
                    MessageItem.status.set(MessageStatus.SENDING.value),
                    MessageItem.lease_until.set(lease_until),
                    MessageItem.duepk.remove(),
                    MessageItem.duesk.remove(),
                ],
                condition=MessageItem.pk.exists() & (waiting | expired),
            )
        except UpdateError as exc:
            if failed_condition(exc):
                return None
            raise
        return _message(item)

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
        try:
            MessageItem(k.message_pk(tenant, key), k.MESSAGE_SK).update(
                actions=[
                    MessageItem.status.set(MessageStatus.QUEUED.value),
                    MessageItem.duepk.remove(),
                    MessageItem.duesk.remove(),
                ],
                condition=MessageItem.status == MessageStatus.DEFERRED.value,
            )
        except UpdateError as exc:
            if not failed_condition(exc):
                raise

    def messages_on(self, tenant: str, day: date, channel: str | None = None) -> list[Message]:
        prefix = f"{channel}#" if channel else ""
        rows = MessageItem.gsi1.query(k.messages_on(tenant, day.isoformat()), Item.gsi1sk.startswith(prefix))
        return [_message(r) for r in rows if isinstance(r, MessageItem)]

    # ------------------------------------------------------------- limits
    def contact_days(self, tenant: str, debtor_id: str) -> tuple[list[str], int]:
        """The debtor's recent contacts as 'YYYY-MM-DD|message key' entries, and the item's version."""
        try:
            item = ContactCapItem.get(k.debtor_pk(tenant, debtor_id), k.CONTACT_CAP_SK)
        except DoesNotExist:
            return [], 0
        return list(item.days), int(item.version)

    def record_contact(self, tenant: str, debtor_id: str, entries: list[str], version: int) -> bool:
        """Optimistic: False when another send to this debtor got there first (re-check the cap)."""
        item = ContactCapItem(
            pk=k.debtor_pk(tenant, debtor_id), sk=k.CONTACT_CAP_SK, days=entries, version=version + 1
        )
        condition = ContactCapItem.pk.does_not_exist() if version == 0 else ContactCapItem.version == version
        try:
            item.save(condition=condition)
        except PutError as exc:
            if failed_condition(exc):
                return False
            raise
        return True

    def take_quota(self, tenant: str, channel: str, day: str, maximum: int) -> bool:
        """One more send today on this channel, if under the tenant's daily maximum (atomic)."""
        counter = CounterItem(k.tenant_pk(tenant), k.send_counter_sk(channel, day))
        try:
            counter.update(
                actions=[CounterItem.value.add(1), CounterItem.ttl.set(_ttl_days(3))],
                condition=CounterItem.value.does_not_exist() | (CounterItem.value < maximum),
            )
        except UpdateError as exc:
            if failed_condition(exc):
                return False
            raise
        return True

    # ------------------------------------------------------------- call tasks
    def create_task(self, tenant: str, t: Task) -> bool:
        item = TaskItem(
            pk=k.task_pk(tenant, t.id),
            sk=k.TASK_SK,
            gsi1pk=k.tasks_of(tenant, t.operator_id),
            gsi1sk=k.sort_key(t.run_date.isoformat(), t.id),
            data=t.model_dump(mode="json", exclude={"status"}),
            status=t.status.value,
        )
        try:
            item.save(condition=TaskItem.pk.does_not_exist())
        except PutError as exc:
            if failed_condition(exc):
                return False
            raise
        return True

    def list_tasks(self, tenant: str, operator_id: str | None, status: TaskStatus | None) -> list[Task]:
        rows = TaskItem.gsi1.query(
            k.tasks_of(tenant, operator_id),
            filter_condition=(TaskItem.status == status.value) if status else None,
            scan_index_forward=False,
            limit=200,
        )
        return [Task.model_validate({**r.data, "status": r.status}) for r in rows if isinstance(r, TaskItem)]


def _ttl_days(days: int) -> int:
    return int(time.time()) + days * 86400
