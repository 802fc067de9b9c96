"""Prestação de contas (F34): the money movements of a creditor in a period — payments received and
refunds — and where their money went (domain/account.py, the ledger), as JSON, CSV, XLSX or PDF."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date

from cobranca.domain.access import Screen
from cobranca.domain.account import Movement, StatementOfAccount, file_name, totals_of
from cobranca.domain.company import Company, collector_of
from cobranca.domain.documents import parse_document
from cobranca.domain.errors import InvalidInput
from cobranca.ports import AgreementRepository, PortfolioRepository
from cobranca.services.caller import Caller

MAX_DAYS = 366
ORDER = {Movement.PAYMENT: 0, Movement.PARTIAL_REFUND: 1, Movement.REVERSAL: 2}  # within a day


class AccountService:
    def __init__(
        self,
        agreements: AgreementRepository,
        portfolio: PortfolioRepository,
        company: Callable[[str], Company | None] | None = None,
    ) -> None:
        self.agreements = agreements
        self.portfolio = portfolio
        self.company = company  # the PDF's letterhead: the agency that renders the account

    def pdf(self, caller: Caller, creditor_id: str, first: date, last: date) -> tuple[bytes, str]:
        """The prestação de contas as a PDF under the agency's letterhead, and its file name."""
        from cobranca.documents.account_pdf import render_account  # reportlab loads only for a PDF

        s = self.statement(caller, creditor_id, first, last)
        company = self.company(caller.tenant) if self.company else None
        return render_account(s, collector_of(company) if company else None), file_name(s, "pdf")

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
            creditor_code=creditor.code,
            creditor_name=creditor.name,
            creditor_document=parse_document(creditor.document).formatted,
            date_from=first,
            date_to=last,
            lines=lines,
            totals=totals_of(lines),
        )
