"""Breaking agreements (quebra, F22): an installment unpaid past the creditor's limit ends the agreement,
its titles reopen with what was paid imputed to them, and collection goes on from there.

- `due_to_break`: the first pending installment more than `break_after_days` late (the first installment
  may have its own, shorter limit: a debtor who never paid the entry is a different case from one who
  stopped at the tenth).
- `impute`: what the debtor paid on the agreement goes to its titles, oldest due first (CC art. 355), each
  payment on its day to the title's interest and fine, then its principal (CC art. 354; the arithmetic is
  `DebtCalculator.update` with the payments). The agreement's discount is gone with it: the titles owe
  their original terms less what was paid. What no title owes any more is the debtor's credit.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, timedelta
from decimal import Decimal

from cobranca.domain.agreements import Agreement, Installment, InstallmentStatus
from cobranca.domain.bank_days import payable_until
from cobranca.domain.debt import DebtCalculator, Imputed, Policy
from cobranca.domain.money import brl
from cobranca.domain.payments import Portador
from cobranca.domain.portfolio import Creditor, Title, TitleStatus

ZERO = Decimal("0.00")


def break_limit(policy: Policy, a: Agreement, inst: Installment) -> int:
    """Days an installment may be late before the agreement breaks."""
    first = min(i.number for i in a.installments)
    if inst.number == first and policy.first_break_after_days is not None:
        return policy.first_break_after_days
    return policy.break_after_days


def can_be_paid(creditor: Creditor) -> bool:
    """Did the debtor have a way to pay? A portador charges the creditor, or it has payment instructions
    (a PIX key, bank data). Without either, no day counts toward a break: nothing was ever sent."""
    return creditor.portador is Portador.ASAAS or creditor.payment_instructions is not None


def payable_since(before: Creditor | None, after: Creditor, today: date) -> date | None:
    """When the creditor's debtors first had a way to pay it: kept once known, today when it gets one."""
    if before is not None and before.payable_since is not None:
        return before.payable_since
    had = before is not None and can_be_paid(before)
    return today if can_be_paid(after) and not had else None


def due_to_break(
    a: Agreement, policy: Policy, today: date, payable_from: date | None = None
) -> Installment | None:
    """The earliest pending installment more than its limit late, or None. Days count from the day it
    could last be paid on time (a weekend or holiday due date, national or local, moves to the next
    business day), and never from before the debtor had a way to pay (`payable_from`)."""
    local = frozenset(policy.local_holidays)
    for inst in sorted(a.installments, key=lambda i: i.number):
        start = payable_until(inst.due_date, local)
        if payable_from is not None and payable_from > start:
            start = payable_from
        late = today > start + timedelta(days=break_limit(policy, a, inst))
        if inst.status is InstallmentStatus.PENDING and late:
            return inst
    return None


WAITED_DAYS = 120  # how far before a creditor got a way to pay its installments may have fallen due


def waited_for_a_way_to_pay(creditors: Iterable[Creditor], today: date, catch_up: int) -> set[date]:
    """The due dates the daily run also reads for a creditor that only lately got a way to pay: its
    installments due before that day break counting from it, so the usual window would miss them."""
    days: set[date] = set()
    for c in creditors:
        since = c.payable_since
        longest = max(c.policy.break_after_days, c.policy.first_break_after_days or 0)
        if since is None or today - since > timedelta(days=longest + 1 + catch_up):
            continue
        days.update(since - timedelta(days=n) for n in range(WAITED_DAYS))
    return days


def break_limits(policies: Iterable[Policy]) -> set[int]:
    """The distinct limits in use: the due dates the daily run reads are today less each one."""
    limits: set[int] = set()
    for p in policies:
        limits.add(p.break_after_days)
        if p.first_break_after_days is not None:
            limits.add(p.first_break_after_days)
    return limits


def paid_installments(a: Agreement) -> list[tuple[date, Decimal]]:
    """What the debtor paid toward the agreement, by day: each paid installment's agreed amount (late
    charges paid on an installment were for the installment's delay, not the titles')."""
    out = []
    for i in a.installments:
        if i.status is InstallmentStatus.PAID:
            paid_on = i.charge.paid_on if i.charge and i.charge.paid_on else i.due_date
            out.append((paid_on, i.amount))
    return sorted(out)


@dataclass(frozen=True, slots=True)
class Imputation:
    titles: list[Title]  # each with its payments added and its status: open, or paid when nothing is left
    imputed: Decimal  # what went to the titles
    credit: Decimal  # what no title owed: the debtor's to get back


def impute(
    calculator: DebtCalculator,
    titles: list[Title],
    payments: list[tuple[date, Decimal]],
    agreement_id: str,
    today: date,
    now: str,
) -> Imputation:
    """The agreement's titles as they reopen: the payments imputed oldest title first (CC arts. 354-355)."""
    order = sorted(titles, key=lambda t: (t.due_date, t.number))
    paid: dict[str, list[Imputed]] = {t.id: list(t.payments) for t in order}
    imputed = credit = ZERO
    for day, amount in sorted(payments):
        rest = amount
        for t in order:
            if rest <= 0:
                break
            owed = calculator.update(t.original_amount, t.due_date, day, paid[t.id]).imputable
            part = min(rest, owed)
            if part > 0:
                paid[t.id].append(Imputed(paid_on=day, amount=part, agreement_id=agreement_id))
                rest -= part
                imputed += part
        credit += rest
    reopened = []
    for t in titles:
        left = calculator.update(t.original_amount, t.due_date, today, paid[t.id]).total
        status = TitleStatus.OPEN if left > 0 else TitleStatus.PAID
        reopened.append(t.model_copy(update={"payments": paid[t.id], "status": status, "updated_at": now}))
    return Imputation(titles=reopened, imputed=imputed, credit=credit)


def late_payment(inst: Installment) -> list[tuple[date, Decimal]]:
    """A payment received after its agreement broke, as `impute` takes it: the installment's agreed
    amount on the day it was paid (as the payments made before the break)."""
    charge = inst.charge
    return [(charge.paid_on if charge and charge.paid_on else inst.due_date, inst.amount)]


def late_detail(a: Agreement, inst: Installment, imputation: Imputation) -> str:
    label = "a entrada" if inst.number == 0 else f"a parcela {inst.number}"
    text = f"Pagamento de {label} do acordo {a.number} recebido depois da quebra"
    if imputation.imputed:
        text += f": {brl(imputation.imputed)} abatidos dos títulos reabertos (CC art. 354)"
    if imputation.credit:
        text += f"; crédito do devedor de {brl(imputation.credit)}: confira e devolva"
    return text


def break_detail(a: Agreement, late: Installment, imputation: Imputation) -> str:
    label = "a entrada" if late.number == 0 else f"a parcela {late.number}"
    text = (
        f"Acordo {a.number} quebrado: {label} (venc. {late.due_date:%d/%m/%Y}) não foi paga; "
        f"títulos reabertos"
    )
    if imputation.imputed:
        text += f", {brl(imputation.imputed)} pagos abatidos (CC art. 354)"
    if imputation.credit:
        text += f"; crédito do devedor de {brl(imputation.credit)}"
    return text
