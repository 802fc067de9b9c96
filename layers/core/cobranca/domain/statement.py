"""The debt statement (demonstrativo de débito, F11): each title, each component, the rule behind it."""

from __future__ import annotations

import datetime
from datetime import date
from decimal import Decimal

from pydantic import Field

from cobranca.domain.agreements import Agreement, InstallmentStatus
from cobranca.domain.contacts import address_line
from cobranca.domain.debt import CorrectionIndex, Imputed, TitleUpdate, prescribed, rules_applied
from cobranca.domain.documents import parse_document
from cobranca.domain.model import Entity
from cobranca.domain.portfolio import Creditor, Debtor, Title


class CreditorIdentity(Entity):
    """Who is collecting (CDC art. 42-A): name, document and address on every statement."""

    id: str
    name: str
    document: str
    address: str


class StatementLine(Entity):
    title_id: str
    number: str
    creditor_id: str
    description: str
    original_amount: Decimal
    due_date: date
    days_late: int
    correction_index: CorrectionIndex
    correction_factor: Decimal
    corrected: Decimal
    fine: Decimal
    interest: Decimal
    fees: Decimal
    total: Decimal
    paid: Decimal = Field(Decimal("0.00"), description="payments imputed to it, already deducted")
    payments: list[Imputed] = Field(default_factory=list, description="each payment imputed (CC art. 354)")
    rules: dict[str, str]
    prescribed: bool = Field(False, description="due more than 5 years ago: not collectable out of court")


class StatementTotals(Entity):
    original_amount: Decimal = Decimal("0.00")
    corrected: Decimal = Decimal("0.00")
    fine: Decimal = Decimal("0.00")
    interest: Decimal = Decimal("0.00")
    fees: Decimal = Decimal("0.00")
    total: Decimal = Decimal("0.00")
    paid: Decimal = Decimal("0.00")


class AgreementBalance(Entity):
    """An agreement in progress: its titles left the open list, so the demonstrativo shows what is left
    of it instead (what a debtor in agreement owes is the agreement, not the titles)."""

    agreement_id: str
    number: str
    creditor_id: str
    creditor_name: str
    total: Decimal
    paid: Decimal = Field(description="the installments paid, at their agreed amounts")
    balance: Decimal = Field(description="the installments still to pay")
    installments: int
    paid_count: int
    next_number: int | None = None
    next_due: date | None = None
    next_amount: Decimal | None = None
    late: bool = Field(False, description="the next installment's due date has passed")


def agreement_balance(a: Agreement, creditor_name: str, day: date) -> AgreementBalance:
    paid = [i for i in a.installments if i.status is InstallmentStatus.PAID]
    pending = sorted(
        (i for i in a.installments if i.status is InstallmentStatus.PENDING), key=lambda i: i.number
    )
    following = pending[0] if pending else None
    return AgreementBalance(
        agreement_id=a.id,
        number=a.number,
        creditor_id=a.creditor_id,
        creditor_name=creditor_name,
        total=a.total,
        paid=sum((i.amount for i in paid), Decimal("0.00")),
        balance=sum((i.amount for i in pending), Decimal("0.00")),
        installments=len(a.installments),
        paid_count=len(paid),
        next_number=following.number if following else None,
        next_due=following.due_date if following else None,
        next_amount=following.amount if following else None,
        late=following is not None and following.due_date < day,
    )


class Statement(Entity):
    debtor_id: str
    debtor_name: str
    debtor_document: str
    date: datetime.date
    creditors: list[CreditorIdentity]
    lines: list[StatementLine]
    totals: StatementTotals
    warnings: list[str] = Field(default_factory=list, description="e.g. index months missing")
    agreements: list[AgreementBalance] = Field(
        default_factory=list, description="the debtor's agreements in progress (the whole statement only)"
    )


def build_statement(
    debtor: Debtor,
    titles: list[Title],
    creditors: dict[str, Creditor],
    updates: list[TitleUpdate],
    warnings: list[str],
    day: date,
    agreements: list[AgreementBalance] | None = None,
) -> Statement:
    """The demonstrativo: one line per title as updated on `day`, the totals, and who the creditors
    are (CDC art. 42-A: name, CPF/CNPJ and address)."""
    lines, totals = [], StatementTotals()
    for t, u in zip(titles, updates, strict=True):
        policy = creditors[t.creditor_id].policy
        lines.append(
            StatementLine(
                title_id=t.id,
                number=t.number,
                creditor_id=t.creditor_id,
                description=t.description,
                original_amount=t.original_amount,
                due_date=t.due_date,
                days_late=u.days_late,
                correction_index=policy.correction_index,
                correction_factor=u.factor,
                corrected=u.corrected,
                fine=u.fine,
                interest=u.interest,
                fees=u.fees,
                total=u.total,
                paid=u.paid,
                payments=t.payments,
                rules=rules_applied(policy, u),
                prescribed=prescribed(t.due_date, day),
            )
        )
        totals.original_amount += t.original_amount
        totals.corrected += u.corrected
        totals.fine += u.fine
        totals.interest += u.interest
        totals.fees += u.fees
        totals.total += u.total
        totals.paid += u.paid
    identities = [
        CreditorIdentity(
            id=c.id, name=c.name, document=parse_document(c.document).formatted, address=_one_line(c)
        )
        for c in creditors.values()
    ]
    return Statement(
        debtor_id=debtor.id,
        debtor_name=debtor.name,
        debtor_document=parse_document(debtor.document).formatted,
        date=day,
        creditors=identities,
        lines=lines,
        totals=totals,
        warnings=warnings,
        agreements=agreements or [],
    )


def _one_line(c: Creditor) -> str:
    return address_line(c.address)
