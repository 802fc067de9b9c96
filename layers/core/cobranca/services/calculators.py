"""A creditor's debt calculator: its policy with the price-index series it corrects by (read once per
index for everything a request updates)."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

from cobranca.domain.debt import CorrectionIndex, DebtCalculator, TitleUpdate
from cobranca.domain.portfolio import Creditor, Title, TitleStatus
from cobranca.ports import PortfolioRepository


def debt_calculator(portfolio: PortfolioRepository, tenant: str, creditor: Creditor) -> DebtCalculator:
    """The creditor's policy with the price-index series it corrects by."""
    index = creditor.policy.correction_index
    series = {} if index is CorrectionIndex.NONE else portfolio.get_index_series(tenant, index.value)
    return DebtCalculator(creditor.policy, series)


class Calculators:
    """Every creditor's calculator for one tenant, built on first use; a series is read once."""

    def __init__(self, portfolio: PortfolioRepository, tenant: str) -> None:
        self.portfolio = portfolio
        self.tenant = tenant
        self.creditors = {c.id: c for c in portfolio.list_creditors(tenant)}
        self._series: dict[CorrectionIndex, dict[str, Decimal]] = {}
        self._built: dict[str, DebtCalculator] = {}

    def __getitem__(self, creditor_id: str) -> DebtCalculator:
        found = self._built.get(creditor_id)
        if found is None:
            policy = self.creditors[creditor_id].policy
            index = policy.correction_index
            if index is not CorrectionIndex.NONE and index not in self._series:
                self._series[index] = self.portfolio.get_index_series(self.tenant, index.value)
            found = self._built[creditor_id] = DebtCalculator(policy, self._series.get(index, {}))
        return found

    def open_updates(self, titles: list[Title], on: date) -> list[tuple[Title, TitleUpdate]]:
        """The open titles among `titles`, each updated to `on` (imputed payments deducted)."""
        return [
            (t, self[t.creditor_id].update(t.original_amount, t.due_date, on, t.payments))
            for t in titles
            if t.status is TitleStatus.OPEN
        ]
