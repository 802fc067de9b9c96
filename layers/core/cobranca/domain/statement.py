"""The debt statement (demonstrativo de débito, F11): each title, each component, the rule behind it."""

from __future__ import annotations

import datetime
from datetime import date
from decimal import Decimal

from pydantic import Field

from cobranca.domain.debt import CorrectionIndex
from cobranca.domain.model import Entity


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
    rules: dict[str, str]
    prescribed: bool = Field(False, description="due more than 5 years ago: not collectable out of court")


class StatementTotals(Entity):
    original_amount: Decimal = Decimal("0.00")
    corrected: Decimal = Decimal("0.00")
    fine: Decimal = Decimal("0.00")
    interest: Decimal = Decimal("0.00")
    fees: Decimal = Decimal("0.00")
    total: Decimal = Decimal("0.00")


class Statement(Entity):
    debtor_id: str
    debtor_name: str
    debtor_document: str
    date: datetime.date
    creditors: list[CreditorIdentity]
    lines: list[StatementLine]
    totals: StatementTotals
    warnings: list[str] = Field(default_factory=list, description="e.g. index months missing")
