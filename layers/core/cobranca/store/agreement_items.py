"""The agreement's items and the pieces its transactions are made of: how an agreement, its
installments and its ledger lines are stored, and the conditional writes that move them."""

from __future__ import annotations

from pynamodb.expressions.condition import Condition
from pynamodb.expressions.update import Action
from pynamodb.transactions import TransactWrite

from cobranca.domain.account import AccountLine
from cobranca.domain.agreements import (
    Agreement,
    AgreementStatus,
    Charge,
    Installment,
    InstallmentStatus,
)
from cobranca.domain.money import from_cents, to_cents
from cobranca.domain.portfolio import DebtorSummary, Title, TitleStatus
from cobranca.domain.settlement import Effect
from cobranca.store import keys as k
from cobranca.store.items import due_index_actions
from cobranca.store.mapping import read, stored
from cobranca.store.models import (
    AccountEntryItem,
    ActiveAgreementItem,
    AgreementItem,
    InstallmentItem,
    TitleItem,
)


def installment_item(tenant: str, a: Agreement, i: Installment, debtor: DebtorSummary) -> InstallmentItem:
    pending = i.status is InstallmentStatus.PENDING
    return InstallmentItem(
        **stored(
            i,
            InstallmentItem,
            pk=k.agreement_pk(tenant, a.id),
            sk=k.installment_sk(i.number),
            agreement_id=a.id,
            debtor_id=a.debtor_id,
            creditor_id=a.creditor_id,
            debtor_kind=debtor.document_kind.value,
            category_id=debtor.category_id,
            amount_cents=to_cents(i.amount),
            duepk=k.due_on(tenant, i.due_date.isoformat()) if pending else None,
            duesk=k.due_installment_sk(a.id, i.number) if pending else None,
        )
    )


def agreement_item(tenant: str, a: Agreement) -> AgreementItem:
    keys = {"pk": k.agreement_pk(tenant, a.id), "sk": k.AGREEMENT_SK}
    created = k.sort_key(a.created_at, a.id)
    index = {
        "gsi1pk": k.agreements_list(tenant),
        "gsi1sk": created,
        "gsi3pk": k.debtor_agreements(tenant, a.debtor_id),
        "gsi3sk": created,
    }
    share = to_cents(a.creditor_share) if a.creditor_share is not None else None
    cents = {"total_cents": to_cents(a.total), "creditor_share_cents": share}
    return AgreementItem(**stored(a, AgreementItem, **cents, **keys, **index))


def to_agreement(i: AgreementItem, installments: list[InstallmentItem]) -> Agreement:
    ordered = sorted(installments, key=lambda n: int(n.number))
    parts = [read(Installment, n, amount=from_cents(int(n.amount_cents))) for n in ordered]
    share = from_cents(int(i.creditor_share_cents)) if i.creditor_share_cents is not None else None
    return read(Agreement, i, total=from_cents(int(i.total_cents)), installments=parts, creditor_share=share)


def marker(tenant: str, a: Agreement) -> ActiveAgreementItem:
    return ActiveAgreementItem(
        pk=k.debtor_pk(tenant, a.debtor_id), sk=k.active_agreement_sk(a.id), agreement_id=a.id
    )


def title_key(tenant: str, debtor_id: str, title_id: str) -> TitleItem:
    return TitleItem(k.debtor_pk(tenant, debtor_id), k.title_sk(title_id))


def status_now(status: AgreementStatus, now: str) -> list[Action]:
    return [AgreementItem.status.set(status.value), AgreementItem.updated_at.set(now)]


def move(
    tx: TransactWrite,
    tenant: str,
    a: Agreement,
    status: tuple[AgreementStatus, AgreementStatus],
    titles_to: TitleStatus,
    now: str,
    revise: bool = False,
) -> None:
    """The agreement from status[0] to status[1], and each of its titles to `titles_to` from where an
    agreement in status[0] holds them (in_agreement while active, paid once paid); with `revise`, also
    its next revision (an installment's payment undone)."""
    held = TitleStatus.IN_AGREEMENT if status[0] is AgreementStatus.ACTIVE else TitleStatus.PAID
    actions, condition = revision_write(a) if revise else ([], None)
    tx.update(
        AgreementItem(k.agreement_pk(tenant, a.id), k.AGREEMENT_SK),
        actions=status_now(status[1], now) + actions,
        condition=(AgreementItem.status == status[0].value) & condition
        if condition is not None
        else AgreementItem.status == status[0].value,
    )
    for title_id in a.title_ids:
        tx.update(
            title_key(tenant, a.debtor_id, title_id),
            actions=[TitleItem.status.set(titles_to.value), TitleItem.updated_at.set(now)],
            condition=TitleItem.status == held.value,
        )


def charge_write(charge: Charge, replacing: str | None = None) -> tuple[list[Action], Condition]:
    """Writes an installment's charge; once a portador id is written, only the same id may be again, or
    a new one in place of `replacing` (a refunded payment the installment is charged again for)."""
    actions: list[Action] = [InstallmentItem.charge.set(charge.model_dump(mode="json"))]
    condition: Condition = InstallmentItem.pk.exists() & InstallmentItem.charge_id.does_not_exist()
    if charge.provider_id:
        actions.append(InstallmentItem.charge_id.set(charge.provider_id))
        allowed = InstallmentItem.charge_id.does_not_exist() | (
            InstallmentItem.charge_id == charge.provider_id
        )
        if replacing:
            allowed = allowed | (InstallmentItem.charge_id == replacing)
        condition = InstallmentItem.pk.exists() & allowed
    return actions, condition


def event_write(
    tenant: str, a: Agreement, number: int, effect: Effect, charge: Charge
) -> tuple[list[Action], Condition]:
    """The installment's charge, and its status and due-date index when the event settles or reverses it
    (only from the status it must have then)."""
    actions, condition = charge_write(charge)
    if effect is Effect.SETTLE:
        actions += [
            InstallmentItem.status.set(InstallmentStatus.PAID.value),
            InstallmentItem.duepk.remove(),
            InstallmentItem.duesk.remove(),
        ]
        condition = condition & (InstallmentItem.status == InstallmentStatus.PENDING.value)
    elif effect is Effect.REVERSE:
        inst = next(i for i in a.installments if i.number == number)
        actions += [
            InstallmentItem.status.set(InstallmentStatus.PENDING.value),
            InstallmentItem.duepk.set(k.due_on(tenant, inst.due_date.isoformat())),
            InstallmentItem.duesk.set(k.due_installment_sk(a.id, number)),
        ]
        condition = condition & (InstallmentItem.status == InstallmentStatus.PAID.value)
    return actions, condition


def revision_write(a: Agreement) -> tuple[list[Action], Condition]:
    """The agreement's next revision, only from the one `a` was read at: of two installments paid at
    once on the same read, the second write fails (and is applied again on a fresh read), so whoever
    judges the whole agreement from `a` (all paid?) judges the real state."""
    read_at = AgreementItem.revision == a.revision
    if not a.revision:  # an agreement stored before revisions were
        read_at = read_at | AgreementItem.revision.does_not_exist()
    return [AgreementItem.revision.set(a.revision + 1)], read_at


def revise(tx: TransactWrite, tenant: str, a: Agreement) -> None:
    actions, condition = revision_write(a)
    tx.update(
        AgreementItem(k.agreement_pk(tenant, a.id), k.AGREEMENT_SK), actions=actions, condition=condition
    )


def reopen_title(tx: TransactWrite, tenant: str, a: Agreement, t: Title, now: str, was: TitleStatus) -> None:
    """A title of `a` as it leaves the agreement or takes money after it (its status, its imputed
    payments, the due-date index), only if it still is `was`."""
    actions = [TitleItem.status.set(t.status.value), TitleItem.updated_at.set(now)]
    if t.payments:
        actions.append(TitleItem.payments.set([p.model_dump(mode="json") for p in t.payments]))
    tx.update(
        title_key(tenant, a.debtor_id, t.id),
        actions=actions + due_index_actions(tenant, t),
        condition=TitleItem.status == was.value,
    )


def ledger_entry(tenant: str, a: Agreement, line: AccountLine, key: str) -> AccountEntryItem:
    """A movement of the creditor's money, on its GSI2 partition by the movement's date."""
    return AccountEntryItem(
        k.agreement_pk(tenant, a.id),
        k.account_entry_sk(key),
        line=line.model_dump(mode="json"),
        gsi2pk=k.account_entries(tenant, a.creditor_id),
        gsi2sk=k.sort_key(line.on.isoformat(), key),
    )
