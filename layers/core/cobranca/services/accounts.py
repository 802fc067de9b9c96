"""Prestação de contas (F34): the payments received for a creditor in a period and where their money
went (domain/account.py), as JSON, CSV, XLSX or PDF."""

from __future__ import annotations

from datetime import date

from cobranca.domain.access import Screen
from cobranca.domain.account import StatementOfAccount, account_line, totals_of
from cobranca.domain.documents import parse_document
from cobranca.domain.errors import InvalidInput
from cobranca.ports import AgreementRepository, PortfolioRepository
from cobranca.services.caller import Caller

MAX_DAYS = 366


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
        found = self.agreements.paid_between(caller.tenant, creditor_id, first.isoformat(), last.isoformat())
        lines = [
            line
            for a in found
            for i in a.installments
            if (line := account_line(a, i)) is not None and first <= line.paid_on <= last
        ]
        lines.sort(key=lambda x: (x.paid_on, x.agreement_number, x.installment))
        return StatementOfAccount(
            creditor_id=creditor.id,
            creditor_name=creditor.name,
            creditor_document=parse_document(creditor.document).formatted,
            date_from=first,
            date_to=last,
            lines=lines,
            totals=totals_of(lines),
        )
