"""Prestação de contas (F34): the money movements of a creditor in a period — payments received and
refunds — and where their money went (domain/account.py, the ledger), as JSON, CSV, XLSX or PDF."""

from __future__ import annotations

from datetime import date

from cobranca.domain.access import Screen
from cobranca.domain.account import Movement, StatementOfAccount, totals_of
from cobranca.domain.documents import parse_document
from cobranca.domain.errors import InvalidInput
from cobranca.ports import AgreementRepository, PortfolioRepository
from cobranca.services.caller import Caller

MAX_DAYS = 366
ORDER = {Movement.PAYMENT: 0, Movement.PARTIAL_REFUND: 1, Movement.REVERSAL: 2}  # within a day


class AccountService:
    def __init__(self, agreements: AgreementRepository, portfolio: PortfolioRepository) -> None:
        self.agreements = agreements
        self.portfolio = portfolio

    def statement(self, caller: Caller, creditor_id: str, first: date, last: date) -> StatementOfAccount:
        caller.require(Screen.CREDITORS)
        if last < first:
            raise InvalidInput("to", "a data final deve ser igual ou posterior à inicial")
        if (last - first).days > MAX_DAYS:
            raise InvalidInput("to", "o período vai até um ano")
        creditor = self.portfolio.get_creditor(caller.tenant, creditor_id)
        lines = self.agreements.account_entries(
            caller.tenant, creditor_id, first.isoformat(), last.isoformat()
        )
        lines.sort(key=lambda x: (x.on, x.agreement_number, x.installment, ORDER[x.movement]))
        return StatementOfAccount(
            creditor_id=creditor.id,
            creditor_name=creditor.name,
            creditor_document=parse_document(creditor.document).formatted,
            date_from=first,
            date_to=last,
            lines=lines,
            totals=totals_of(lines),
        )
