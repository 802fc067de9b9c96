"""Agreements: one conditional transaction moves the titles to in_agreement and stores the promise."""

from __future__ import annotations

from pynamodb.exceptions import TransactWriteError
from pynamodb.expressions.condition import Condition
from pynamodb.transactions import TransactWrite

from cobranca.domain.account import AccountLine, entry_key
from cobranca.domain.agreements import (
    Agreement,
    AgreementStatus,
    Charge,
    InstallmentStatus,
    agreement_number,
)
from cobranca.domain.errors import Conflict, NotFound
from cobranca.domain.idempotency import IdempotentReplay
from cobranca.domain.portfolio import DebtorSummary, HistoryEntry, Title, TitleStatus
from cobranca.domain.settlement import Effect
from cobranca.store import keys as k
from cobranca.store.agreement_items import (
    agreement_item,
    charge_write,
    event_write,
    installment_item,
    ledger_entry,
    marker,
    move,
    reopen_title,
    revise,
    status_now,
    title_key,
    to_agreement,
)
from cobranca.store.dynamo import (
    applied,
    claim_key,
    first_time,
    get_or_none,
    once,
    recall_key,
    remember_key,
    transact,
)
from cobranca.store.items import history_item
from cobranca.store.models import (
    AccountEntryItem,
    ActiveAgreementItem,
    AgreementItem,
    CounterItem,
    IdempotencyItem,
    InstallmentItem,
    Item,
    TitleItem,
    VerificationItem,
)

LATE_SCOPE = "late-imputation"  # a payment after the break imputed to the reopened titles, once
EVENT_SCOPE = "portador-event"  # the guards of applied portador events (kept 30 days; Asaas resends 14)


class DynamoAgreements:
    def next_number(self, tenant: str) -> str:
        """The tenant's next agreement number: an atomic counter; a failed agreement leaves a gap."""
        counter = CounterItem(k.tenant_pk(tenant), k.agreements_counter_sk())
        counter.update(actions=[CounterItem.value.add(1)])
        return agreement_number(int(counter.value))

    def find_idempotent(self, tenant: str, key: str) -> IdempotentReplay | None:
        return recall_key(tenant, "agreement", key)

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
        """All or nothing: the key, the agreement, its installments, every title open -> in_agreement,
        and, for an offer with a `quota`, one more of its uses while fewer than the quota. A key used
        before raises its IdempotentReplay."""
        try:
            with once(tenant, "agreement", idempotency_key, a.id, fingerprint, now) as tx:
                if quota is not None:
                    tx.update(
                        CounterItem(k.tenant_pk(tenant), k.offer_uses_sk(a.creditor_id, a.offer_code)),
                        # an update names the item's type itself (a query for counters finds it)
                        actions=[CounterItem.value.add(1), CounterItem.type.set(CounterItem)],
                        condition=CounterItem.value.does_not_exist() | (CounterItem.value < quota),
                    )
                tx.save(agreement_item(tenant, a), condition=AgreementItem.pk.does_not_exist())
                for installment in a.installments:
                    tx.save(installment_item(tenant, a, installment, debtor))
                for title_id in a.title_ids:
                    tx.update(
                        title_key(tenant, a.debtor_id, title_id),
                        actions=[
                            TitleItem.status.set(TitleStatus.IN_AGREEMENT.value),
                            TitleItem.updated_at.set(now),
                            TitleItem.duepk.remove(),
                            TitleItem.duesk.remove(),
                        ],
                        condition=TitleItem.status == TitleStatus.OPEN.value,
                    )
                tx.save(marker(tenant, a))
                tx.save(history_item(tenant, a.debtor_id, history))
                if a.verification_code:
                    tx.save(
                        VerificationItem(
                            pk=k.verification_pk(a.verification_code),
                            sk=k.GUARD_SK,
                            tenant=tenant,
                            agreement_id=a.id,
                        ),
                        condition=VerificationItem.pk.does_not_exist(),
                    )
        except TransactWriteError as exc:
            reasons = exc.cancellation_reasons or []
            if any(r is not None and r.code == "ConditionalCheckFailed" for r in reasons):
                if quota is not None and self._spent(tenant, a, quota):
                    raise Conflict("esta oferta acabou de esgotar: escolha outra") from exc
                raise Conflict(
                    "um ou mais títulos já não estão em aberto (outro acordo foi fechado)"
                ) from exc
            if any(r is not None and r.code == "TransactionConflict" for r in reasons):
                raise Conflict("outro acordo está sendo fechado para estes títulos; tente de novo") from exc
            raise

    def find_verification(self, code: str) -> tuple[str, str] | None:
        """The tenant and agreement a termo's verification code names."""
        item = get_or_none(VerificationItem, k.verification_pk(code), k.GUARD_SK)
        return (item.tenant, item.agreement_id) if item is not None else None

    @staticmethod
    def _spent(tenant: str, a: Agreement, quota: int) -> bool:
        """Was the offer's quota what refused the agreement? (PynamoDB reorders a transaction's
        operations, so the refusal's position does not tell.)"""
        uses = get_or_none(CounterItem, k.tenant_pk(tenant), k.offer_uses_sk(a.creditor_id, a.offer_code))
        return uses is not None and int(uses.value) >= quota

    def record_charge(
        self, tenant: str, agreement_id: str, number: int, charge: Charge, replacing: str | None = None
    ) -> bool:
        """Writes an installment's charge. Once a portador id is written, only the same id may be written
        again (a retried job refreshing the line or QR), so no second charge ever replaces the first;
        False when the condition refused the write."""
        item = InstallmentItem(k.agreement_pk(tenant, agreement_id), k.installment_sk(number))
        actions, condition = charge_write(charge, replacing)
        # never over a paid one: the portador's events may have settled it meanwhile
        condition = condition & (InstallmentItem.status != InstallmentStatus.PAID.value)
        return applied(lambda: item.update(actions=actions, condition=condition))

    def event_applied(self, tenant: str, event_id: str) -> bool:
        return (
            get_or_none(IdempotencyItem, k.idempotency_pk(tenant, EVENT_SCOPE, event_id), k.GUARD_SK)
            is not None
        )

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
        """One portador event, once: its id's guard, the installment's charge (and status, when it is
        settled or reversed), the money it moved (the ledger line) and the history line in one
        transaction. A settlement or reversal also moves the agreement's revision on from the one `a`
        was read at, so the caller may judge the whole agreement (all paid?) from `a` without reading it.
        False when the event was applied before; a state that changed meanwhile raises Conflict (the
        caller reads it again and retries)."""
        item = InstallmentItem(k.agreement_pk(tenant, a.id), k.installment_sk(number))
        actions, condition = event_write(tenant, a, number, effect, charge)

        def write(tx: TransactWrite) -> None:
            remember_key(tx, tenant, EVENT_SCOPE, event_id, charge.reference, effect.value, now)
            tx.update(item, actions=actions, condition=condition)
            if entry is not None:
                tx.save(ledger_entry(tenant, a, entry, entry_key(entry, charge.reference, event_id)))
            if history is not None:
                tx.save(history_item(tenant, a.debtor_id, history))
            if effect is Effect.REVERSE and a.status is AgreementStatus.PAID:
                self._reopen_paid(tx, tenant, a, now)  # and its revision
            elif effect in (Effect.SETTLE, Effect.REVERSE):
                revise(tx, tenant, a)

        try:
            with transact() as tx:
                write(tx)
        except TransactWriteError as exc:  # the guard or the state: only a failure reads the guard
            if self.event_applied(tenant, event_id):
                return False
            raise Conflict("a parcela ou o acordo mudou enquanto o evento era aplicado") from exc
        return True

    def _reopen_paid(self, tx: TransactWrite, tenant: str, a: Agreement, now: str) -> None:
        """A paid agreement whose payment was undone is active again, its titles back in the agreement."""
        reopened = (AgreementStatus.PAID, AgreementStatus.ACTIVE)
        move(tx, tenant, a, reopened, TitleStatus.IN_AGREEMENT, now, revise=True)
        tx.save(marker(tenant, a))

    def impute_late(
        self, tenant: str, a: Agreement, reference: str, titles: list[Title], history: HistoryEntry, now: str
    ) -> bool:
        """A payment after the break imputed to the titles still open, once per charge `reference` (its
        guard first): each title's payments and status (paid when nothing is left: off the due-date
        index), only if it is still open, and the history line. False when it was imputed before."""

        def write(tx: TransactWrite) -> None:
            remember_key(tx, tenant, LATE_SCOPE, reference, a.id, "imputed", now)
            for t in titles:
                reopen_title(tx, tenant, a, t, now, TitleStatus.OPEN)
            tx.save(history_item(tenant, a.debtor_id, history))

        return first_time(write)

    def complete(self, tenant: str, a: Agreement, history: HistoryEntry, now: str) -> bool:
        """Active -> paid with its titles (in_agreement -> paid), once; False when it already was."""

        def write(tx: TransactWrite) -> None:
            move(tx, tenant, a, (AgreementStatus.ACTIVE, AgreementStatus.PAID), TitleStatus.PAID, now)
            tx.delete(marker(tenant, a))
            tx.save(history_item(tenant, a.debtor_id, history))

        return first_time(write)

    def account_entries(self, tenant: str, creditor_id: str, first: str, last: str) -> list[AccountLine]:
        """The creditor's money movements from `first` to `last` (ISO dates), by date: one GSI2 query."""
        rows = AccountEntryItem.gsi2.query(
            k.account_entries(tenant, creditor_id), AccountEntryItem.gsi2sk.between(first, last + "~")
        )
        return [AccountLine.model_validate(r.line) for r in rows if isinstance(r, AccountEntryItem)]

    def of_debtor(self, tenant: str, debtor_id: str, limit: int = 20) -> list[Agreement]:
        """The debtor's agreements, newest first, with their installments: one GSI3 query for the
        heads, then one query per agreement."""
        heads = AgreementItem.gsi3.query(
            k.debtor_agreements(tenant, debtor_id), scan_index_forward=False, limit=limit
        )
        return [self.get(tenant, h.id) for h in heads if isinstance(h, AgreementItem)]

    def get(self, tenant: str, agreement_id: str, *, consistent: bool = False) -> Agreement:
        rows = list(Item.query(k.agreement_pk(tenant, agreement_id), consistent_read=consistent))
        head = next((r for r in rows if isinstance(r, AgreementItem)), None)
        if head is None:
            raise NotFound("acordo não encontrado")
        return to_agreement(head, [r for r in rows if isinstance(r, InstallmentItem)])

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
        condition: Condition | None = None
        if created_from and created_to:
            condition = AgreementItem.gsi1sk.between(created_from, created_to + "~")
        elif created_from:
            condition = AgreementItem.gsi1sk >= created_from
        elif created_to:
            condition = AgreementItem.gsi1sk <= created_to + "~"
        filters = None
        if status:
            filters = AgreementItem.status == status.value
        if creditor_id:
            by_creditor = AgreementItem.creditor_id == creditor_id
            filters = by_creditor if filters is None else filters & by_creditor
        if operator_id:
            by_operator = AgreementItem.created_by == operator_id
            filters = by_operator if filters is None else filters & by_operator
        heads = AgreementItem.gsi1.query(
            k.agreements_list(tenant),
            condition,
            filter_condition=filters,
            scan_index_forward=False,
            limit=limit,
        )
        return [to_agreement(h, []) for h in heads]

    def end(
        self,
        tenant: str,
        a: Agreement,
        status: AgreementStatus,
        titles: list[Title],
        history: HistoryEntry,
        now: str,
    ) -> bool:
        """Active -> `status` (cancelled, broken) in one transaction: each title leaves the agreement as
        given (open, on the due-date index again, or paid; its imputed payments), the pending installments
        end, the marker goes. False when the agreement was no longer active."""

        def write(tx: TransactWrite) -> None:
            tx.update(
                AgreementItem(k.agreement_pk(tenant, a.id), k.AGREEMENT_SK),
                actions=status_now(status, now),
                condition=AgreementItem.status == AgreementStatus.ACTIVE.value,
            )
            for t in titles:
                reopen_title(tx, tenant, a, t, now, TitleStatus.IN_AGREEMENT)
            for i in a.installments:
                if i.status is InstallmentStatus.PENDING:
                    tx.update(
                        InstallmentItem(k.agreement_pk(tenant, a.id), k.installment_sk(i.number)),
                        actions=[
                            InstallmentItem.status.set(InstallmentStatus.CANCELLED.value),
                            InstallmentItem.duepk.remove(),
                            InstallmentItem.duesk.remove(),
                        ],
                        condition=InstallmentItem.status == InstallmentStatus.PENDING.value,
                    )
            tx.delete(marker(tenant, a))
            tx.save(history_item(tenant, a.debtor_id, history))

        return first_time(write)

    def claim(self, tenant: str, scope: str, key: str, now: str) -> bool:
        return claim_key(tenant, scope, key, now)

    def active_of(self, tenant: str, debtor_id: str) -> list[str]:
        """The debtor's active agreements (their markers under the debtor's key)."""
        rows = ActiveAgreementItem.query(
            k.debtor_pk(tenant, debtor_id), ActiveAgreementItem.sk.startswith(k.ACTIVE_AGREEMENT_PREFIX)
        )
        return [str(r.agreement_id) for r in rows if isinstance(r, ActiveAgreementItem)]

    def in_progress(self, tenant: str, debtor_id: str) -> list[Agreement]:
        """The debtor's active agreements with their installments: the markers, then one query each."""
        return [self.get(tenant, agreement_id) for agreement_id in self.active_of(tenant, debtor_id)]

    def due_installments(self, tenant: str, day: str) -> list[str]:
        """The agreements with an installment still pending that fell due on `day` (ISO): one partition
        of the due-date index."""
        rows = Item.by_due_date.query(k.due_on(tenant, day))
        return sorted({r.agreement_id for r in rows if isinstance(r, InstallmentItem)})
