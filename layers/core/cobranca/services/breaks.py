"""The daily breaks run (quebra, F22): before the ruler, every tenant's agreements with an installment
unpaid past the creditor's limit are broken (domain/breaks.py says when and what the titles owe then).

It reads only the due-date index: for each limit in use, the pending installments that fell due that
many days ago, and a week before (a day the schedule missed is caught up by the next runs). Breaking is
one conditional transaction (the agreement must still be active, its pending installments still
pending: a payment that lands meanwhile wins), so a re-run or a retried schedule changes nothing; the
charges still open at the portador are then deleted through the charger's queue."""

from __future__ import annotations

from datetime import date, timedelta

from cobranca.domain.agreements import AgreementStatus
from cobranca.domain.breaks import break_detail, break_limits, due_to_break, impute, paid_installments
from cobranca.domain.dates import Clock, business_today, utc_timestamp
from cobranca.domain.erp import ErpEvent, agreement_data, title_data
from cobranca.domain.ids import new_id
from cobranca.domain.portfolio import Creditor, HistoryEntry, TitleStatus
from cobranca.gateways import ChargeGateway, NoNotices, Notices
from cobranca.ports import AgreementRepository, PortfolioRepository
from cobranca.schemas.agreements import BreaksReport
from cobranca.services.calculators import debt_calculator
from cobranca.services.caller import Caller

CATCH_UP_DAYS = 7


class BreakService:
    def __init__(
        self,
        agreements: AgreementRepository,
        portfolio: PortfolioRepository,
        charges: ChargeGateway,
        clock: Clock,
        notices: Notices | None = None,
    ) -> None:
        self.notices = notices or NoNotices()
        self.agreements = agreements
        self.portfolio = portfolio
        self.charges = charges
        self.clock = clock

    def run(self, tenant: str | None = None) -> list[BreaksReport]:
        """Every tenant (the schedule) or one, as of today in São Paulo."""
        today = business_today(self.clock)
        tenants = [tenant] if tenant else [t.slug for t in self.portfolio.list_tenants()]
        return [self.run_tenant(slug, today) for slug in tenants]

    def run_on_request(self, caller: Caller) -> BreaksReport:
        """POST /agreements/breaks/run (admin): the caller's tenant, now."""
        caller.require_admin("somente o administrador roda as quebras manualmente")
        return self.run(caller.tenant)[0]

    def run_tenant(self, tenant: str, today: date) -> BreaksReport:
        creditors = {c.id: c for c in self.portfolio.list_creditors(tenant)}
        days: set[date] = set()
        for limit in break_limits(c.policy for c in creditors.values()):
            latest = today - timedelta(days=limit + 1)  # due then: one day more than the limit late today
            days.update(latest - timedelta(days=n) for n in range(CATCH_UP_DAYS))
        candidates = sorted(
            {a for d in days for a in self.agreements.due_installments(tenant, d.isoformat())}
        )
        broken = [a for a in candidates if self._break_if_due(tenant, a, creditors, today)]
        return BreaksReport(tenant=tenant, date=today, checked=len(candidates), broken=broken)

    def _break_if_due(
        self, tenant: str, agreement_id: str, creditors: dict[str, Creditor], today: date
    ) -> bool:
        a = self.agreements.get(tenant, agreement_id, consistent=True)
        creditor = creditors.get(a.creditor_id)
        if a.status is not AgreementStatus.ACTIVE or creditor is None:
            return False
        late = due_to_break(a, creditor.policy, today)
        if late is None:
            return False
        titles = [t for t in self.portfolio.list_titles(tenant, a.debtor_id) if t.id in a.title_ids]
        now = utc_timestamp(self.clock)
        calculator = debt_calculator(self.portfolio, tenant, creditor)
        imputation = impute(calculator, titles, paid_installments(a), a.id, today, now)
        data: dict[str, object] = {
            "agreement_id": a.id,
            "installment": late.number,
            "imputed": str(imputation.imputed),
        }
        if imputation.credit:
            data |= {"credit": str(imputation.credit), "alert": "crédito do devedor a devolver"}
        history = HistoryEntry(
            id=new_id(),
            at=now,
            actor="system",
            action="agreement.broken",
            detail=break_detail(a, late, imputation),
            data=data,
        )
        if not self.agreements.end(tenant, a, AgreementStatus.BROKEN, imputation.titles, history, now):
            return False
        self.charges.cancel(tenant, a)
        ended = a.model_copy(update={"status": AgreementStatus.BROKEN})
        self.notices.notify(tenant, ErpEvent.AGREEMENT_BROKEN, a.id, agreement_data(ended, titles))
        for t in imputation.titles:
            if t.status is TitleStatus.PAID:  # the payments imputed covered it
                self.notices.notify(tenant, ErpEvent.TITLE_PAID, f"{t.id}@{a.id}", title_data(t, a.id))
        return True
