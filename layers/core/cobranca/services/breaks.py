"""The daily breaks run (quebra, F22): before the ruler, every tenant's agreements with an installment
unpaid past the creditor's limit are broken (domain/breaks.py says when and what the titles owe then).

It reads only the due-date index: for each limit in use, the pending installments that fell due that
many days ago, and a week before (a day the schedule missed is caught up by the next runs). Breaking is
one conditional transaction (the agreement must still be active, its pending installments still
pending: a payment that lands meanwhile wins), so a re-run or a retried schedule changes nothing; the
charges still open at the portador are then deleted through the charger's queue."""

from __future__ import annotations

from datetime import date, timedelta

from cobranca.domain.agreements import (
    Agreement,
    AgreementStatus,
    ChargeStatus,
    Installment,
    InstallmentStatus,
)
from cobranca.domain.breaks import (
    Imputation,
    break_detail,
    break_limits,
    can_be_paid,
    due_to_break,
    impute,
    late_detail,
    late_payment,
    paid_installments,
    waited_for_a_way_to_pay,
)
from cobranca.domain.dates import Clock, business_today, utc_timestamp
from cobranca.domain.erp import ErpEvent, agreement_data, title_data
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
        days.update(waited_for_a_way_to_pay(creditors.values(), today, CATCH_UP_DAYS))
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
        if a.status is not AgreementStatus.ACTIVE or creditor is None or not can_be_paid(creditor):
            return False
        late = due_to_break(a, creditor.policy, today, creditor.payable_since)
        if late is None:
            return False
        titles = [t for t in self.portfolio.list_titles(tenant, a.debtor_id) if t.id in a.title_ids]
        now = utc_timestamp(self.clock)
        calculator = debt_calculator(self.portfolio, tenant, creditor)
        imputation = impute(calculator, titles, paid_installments(a), a.id, today, now)
        history = _imputed_history(
            a, late, imputation, "agreement.broken", break_detail(a, late, imputation), now
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

    def impute_late(self, tenant: str, a: Agreement, inst: Installment) -> bool:
        """A payment received after its agreement broke (the PIX paid as the charge was being deleted, a
        boleto paid late): the money reached the agency and the creditor, so the reopened titles owe that
        much less, imputed as at the break (CC arts. 354-355). Once per payment (its charge's reference).
        Only titles still open take it (not those since paid, cancelled or in a new agreement); what none
        owes is the debtor's credit, flagged for the operator. False when there was nothing to do."""
        charge = inst.charge
        if (
            a.status is not AgreementStatus.BROKEN
            or inst.status is not InstallmentStatus.CANCELLED
            or charge is None
            or charge.status is not ChargeStatus.PAID
        ):
            return False
        creditor = self.portfolio.get_creditor(tenant, a.creditor_id)
        titles = [t for t in self.portfolio.list_titles(tenant, a.debtor_id) if t.id in a.title_ids]
        still_open = [t for t in titles if t.status is TitleStatus.OPEN]
        now = utc_timestamp(self.clock)
        calculator = debt_calculator(self.portfolio, tenant, creditor)
        imputation = impute(calculator, still_open, late_payment(inst), a.id, business_today(self.clock), now)
        detail = late_detail(a, inst, imputation)
        history = _imputed_history(a, inst, imputation, "agreement.late_payment", detail, now)
        if not self.agreements.impute_late(tenant, a, charge.reference, imputation.titles, history, now):
            return False
        for t in imputation.titles:
            if t.status is TitleStatus.PAID:  # the late payment covered what was left
                self.notices.notify(tenant, ErpEvent.TITLE_PAID, f"{t.id}@{a.id}", title_data(t, a.id))
        return True


def _imputed_history(
    a: Agreement, inst: Installment, imputation: Imputation, action: str, detail: str, now: str
) -> HistoryEntry:
    """The history line of money imputed to an agreement's titles (at the break, or paid after it): what
    went to the titles and, flagged for the operator, what none owed (the debtor's credit)."""
    data: dict[str, object] = {
        "agreement_id": a.id,
        "installment": inst.number,
        "imputed": str(imputation.imputed),
    }
    if imputation.credit:
        data |= {"credit": str(imputation.credit), "alert": "crédito do devedor a devolver"}
    return HistoryEntry.new(at=now, actor="system", action=action, detail=detail, data=data)
