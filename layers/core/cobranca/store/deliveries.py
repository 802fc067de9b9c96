"""What one delivery reads and writes (ports.SenderStore): the debtor's contact view, and the
message's claim (lease, items still open, cap, quota: one transaction), deferral and final record."""

from __future__ import annotations

from datetime import date

from pynamodb.exceptions import TransactWriteError
from pynamodb.expressions.condition import Condition
from pynamodb.expressions.update import Action
from pynamodb.transactions import TransactWrite

from cobranca.domain.agreements import InstallmentStatus
from cobranca.domain.dates import expires_after
from cobranca.domain.delivery import Claim, ClaimRefused, ContactView
from cobranca.domain.errors import NotFound
from cobranca.domain.messages import Message, MessageStatus
from cobranca.domain.portfolio import HistoryEntry, TitleStatus
from cobranca.domain.rulers import AppliesTo
from cobranca.store import keys as k
from cobranca.store.dynamo import applied, failed_condition, first_time, get_or_none, transact
from cobranca.store.items import history_item, message_item, to_contact, to_debtor
from cobranca.store.models import (
    ActiveAgreementItem,
    ContactCapItem,
    ContactItem,
    CounterItem,
    DebtorItem,
    InstallmentItem,
    Item,
    MessageItem,
    PromiseItem,
    TitleItem,
)


class DynamoDeliveries:
    def contact_view(self, tenant: str, debtor_id: str) -> ContactView:
        """The debtor, its contacts, whether an agreement is active, a promise to pay and the contact cap:
        one query (AGRACTIVE#…, CALLPROMISE, CONTACT#…, CONTACTCAP and DEBTOR sit together)."""
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
        promise = next((r for r in rows if isinstance(r, PromiseItem)), None)
        return ContactView(
            debtor=to_debtor(debtor, contacts),
            has_agreement=any(isinstance(r, ActiveAgreementItem) for r in rows),
            cap_entries=list(cap.days) if cap else [],
            cap_version=int(cap.version) if cap else 0,
            promised=date.fromisoformat(promise.date) if promise else None,
        )

    def claim(self, tenant: str, c: Claim) -> ClaimRefused | None:
        """One transaction: the lease, a check that each item is still open, the cap and the quota.
        None when claimed; otherwise which of them did not hold, and nothing is written."""
        m = c.message
        refs = [(i.kind, i.id) for i in m.items]
        checked = refs if len(refs) <= CHECKED_IN_CLAIM else []
        if not checked:  # too many for one transaction: read them first (a rare, larger message)
            closed = {item_id for _, item_id in refs} - self._open_items(tenant, m.debtor_id, refs)
            if closed:
                return ClaimRefused(closed=frozenset(closed))
        try:
            with transact() as tx:
                tx.update(
                    MessageItem(k.message_pk(tenant, m.id), k.MESSAGE_SK),
                    actions=[
                        MessageItem.status.set(MessageStatus.SENDING.value),
                        MessageItem.lease_until.set(c.lease_until),
                        MessageItem.duepk.remove(),
                        MessageItem.duesk.remove(),
                    ],
                    condition=_waiting(c.now),
                )
                for kind, item_id in checked:
                    tx.condition_check(*_still_open(tenant, m.debtor_id, kind, item_id))
                if c.cap is not None:
                    tx.save(*_cap_write(tenant, m.debtor_id, *c.cap))
                if c.quota is not None:
                    tx.update(*_quota_take(tenant, m.channel.value, *c.quota))
        except TransactWriteError as exc:
            if not failed_condition(exc):
                raise
            return _refused(exc, [item_id for _, item_id in checked], c)
        return None

    def defer(self, tenant: str, m: Message, not_before: str, day: str, now: str) -> bool:
        """Parks a waiting message until not_before (São Paulo date `day`): the releaser re-queues it.
        False when another delivery holds it or it is final."""
        item = message_item(tenant, m.model_copy(update={"status": MessageStatus.DEFERRED}))
        item.data["not_before"] = not_before
        item.duepk = k.deferred_on(tenant, day)
        item.duesk = k.deferred_sk(not_before, m.id)
        return applied(lambda: item.save(condition=_waiting(now)))

    def finish(
        self, tenant: str, m: Message, history: HistoryEntry | None, unclaimed_at: str | None = None
    ) -> bool:
        """The final status and the debtor's history entry, together. After a claim the message must
        still be this delivery's (sending); decided without one (`unclaimed_at`), it must be waiting.
        False when it is not."""
        condition = (
            _waiting(unclaimed_at) if unclaimed_at else MessageItem.status == MessageStatus.SENDING.value
        )

        def write(tx: TransactWrite) -> None:
            tx.save(message_item(tenant, m), condition=condition)
            if history is not None:
                tx.save(history_item(tenant, m.debtor_id, history))

        return first_time(write)

    def contact_days(self, tenant: str, debtor_id: str) -> tuple[list[str], int]:
        """The debtor's recent contacts as 'YYYY-MM-DD|message key' entries, and the item's version."""
        item = get_or_none(ContactCapItem, k.debtor_pk(tenant, debtor_id), k.CONTACT_CAP_SK)
        return (list(item.days), int(item.version)) if item else ([], 0)

    def _open_items(self, tenant: str, debtor_id: str, refs: list[tuple[AppliesTo, str]]) -> set[str]:
        """Which of these titles/installments are still open now (one BatchGetItem)."""
        keys = [_item_key(tenant, debtor_id, kind, item_id) for kind, item_id in refs]
        still: set[str] = set()
        for row in Item.batch_get(keys):
            if isinstance(row, TitleItem) and row.status == TitleStatus.OPEN.value:
                still.add(row.id)
            elif isinstance(row, InstallmentItem) and row.status == InstallmentStatus.PENDING.value:
                still.add(f"{row.agreement_id}.{int(row.number)}")
        return still


CHECKED_IN_CLAIM = 90  # item checks in the claim's transaction (DynamoDB takes 100 operations)


def _waiting(now: str) -> Condition:
    """A message this delivery may take: queued or deferred, or leased by a delivery whose lease expired."""
    waiting = MessageItem.status.is_in(MessageStatus.QUEUED.value, MessageStatus.DEFERRED.value)
    expired = (MessageItem.status == MessageStatus.SENDING.value) & (MessageItem.lease_until < now)
    return MessageItem.pk.exists() & (waiting | expired)


def _item_key(tenant: str, debtor_id: str, kind: AppliesTo, item_id: str) -> tuple[str, str]:
    if kind is AppliesTo.TITLES:
        return k.debtor_pk(tenant, debtor_id), k.title_sk(item_id)
    agreement_id, number = item_id.rsplit(".", 1)
    return k.agreement_pk(tenant, agreement_id), k.installment_sk(int(number))


def _still_open(
    tenant: str, debtor_id: str, kind: AppliesTo, item_id: str
) -> tuple[type[Item], str, str, Condition]:
    pk, sk = _item_key(tenant, debtor_id, kind, item_id)
    if kind is AppliesTo.TITLES:
        return TitleItem, pk, sk, TitleItem.status == TitleStatus.OPEN.value
    return InstallmentItem, pk, sk, InstallmentItem.status == InstallmentStatus.PENDING.value


def _cap_write(
    tenant: str, debtor_id: str, entries: list[str], version: int
) -> tuple[ContactCapItem, Condition]:
    """The debtor's recent contacts, written only over the version read (optimistic)."""
    item = ContactCapItem(
        pk=k.debtor_pk(tenant, debtor_id), sk=k.CONTACT_CAP_SK, days=entries, version=version + 1
    )
    condition = ContactCapItem.pk.does_not_exist() if version == 0 else ContactCapItem.version == version
    return item, condition


def _quota_take(
    tenant: str, channel: str, day: str, maximum: int
) -> tuple[CounterItem, list[Action], Condition]:
    """One more send today on this channel, if under the tenant's daily maximum (atomic)."""
    counter = CounterItem(k.tenant_pk(tenant), k.send_counter_sk(channel, day))
    actions: list[Action] = [CounterItem.value.add(1), CounterItem.ttl.set(expires_after(day, 3))]
    below = CounterItem.value.does_not_exist() | (CounterItem.value < maximum)
    return counter, actions, below


def _refused(exc: TransactWriteError, checked: list[str], c: Claim) -> ClaimRefused:
    """The claim's cancellation reasons, read back in the order PynamoDB sends the operations:
    condition checks (the items), puts (the cap, when written), updates (the message, then the quota)."""
    reasons = exc.cancellation_reasons or []

    def failed(n: int) -> bool:
        reason = reasons[n] if n < len(reasons) else None
        return reason is not None and reason.code == "ConditionalCheckFailed"

    message = len(checked) + (c.cap is not None)
    return ClaimRefused(
        taken=failed(message),
        closed=frozenset(item_id for n, item_id in enumerate(checked) if failed(n)),
        cap_moved=c.cap is not None and failed(len(checked)),
        over_quota=c.quota is not None and failed(message + 1),
    )
