"""The Devedores list with each debtor's balance (open titles updated today, the oldest one's days late,
the status) and the filters on it. The index gives a page of debtors; their titles are read in parallel;
with a balance filter the list reads on, at most MAX_PAGES index pages, until it has a page of matches
(the cursor says where it stopped, so the next call goes on from there)."""

from __future__ import annotations

from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from dataclasses import replace

from cobranca.domain.balances import BalanceFilter, DebtorBalance, DebtorRow, balance_of
from cobranca.domain.dates import Clock, business_today
from cobranca.domain.portfolio import DebtorSummary
from cobranca.domain.search import DebtorQuery
from cobranca.ports import PortfolioRepository
from cobranca.services.calculators import Calculators
from cobranca.services.caller import Caller

MAX_PAGES = 5
READERS = 8  # debtors whose titles are read at once


Page = tuple[list[DebtorSummary], str | None]


class DebtorList:
    def __init__(
        self, first_page: Callable[[Caller, DebtorQuery], Page], repo: PortfolioRepository, clock: Clock
    ) -> None:
        self.first_page = first_page  # the search as the caller may see it (its access ranges checked)
        self.repo = repo
        self.clock = clock

    def rows(
        self, caller: Caller, query: DebtorQuery, *, with_balance: bool, only: BalanceFilter
    ) -> tuple[list[DebtorRow], str | None]:
        items, cursor = self.first_page(caller, query)
        if not with_balance and not only.active:
            return [DebtorRow.model_validate(s.model_dump()) for s in items], cursor
        rows: list[DebtorRow] = []
        pages = 1
        while True:
            balances = self.balances(caller.tenant, items)
            rows += [
                DebtorRow.model_validate({**s.model_dump(), "balance": b})
                for s, b in zip(items, balances, strict=True)
                if only.matches(b)
            ]
            # a lookup (title, e-mail, phone, a fallback) answers one page; a list reads on
            if len(rows) >= query.limit or not cursor or pages >= MAX_PAGES or query.find or query.fell_back:
                return rows, cursor
            items, cursor = self.repo.list_debtors(caller.tenant, replace(query, cursor=cursor))
            pages += 1

    def balances(self, tenant: str, debtors: list[DebtorSummary]) -> list[DebtorBalance]:
        if not debtors:
            return []
        with ThreadPoolExecutor(min(READERS, len(debtors))) as pool:
            titles = list(pool.map(lambda d: self.repo.list_titles(tenant, d.id), debtors))
        calculators = Calculators(self.repo, tenant)
        today = business_today(self.clock)
        out = []
        for own in titles:
            updates = [u for _, u in calculators.open_updates(own, today)]
            out.append(balance_of(own, updates, today))
        return out
