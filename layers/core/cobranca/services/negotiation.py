"""Negotiation use cases: price indices, the debt statement (demonstrativo) and offers."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from datetime import date, timedelta
from decimal import Decimal

from cobranca.domain.access import Screen
from cobranca.domain.agreements import Agreement
from cobranca.domain.company import Company, collector_of
from cobranca.domain.dates import Clock, business_today, utc_timestamp
from cobranca.domain.debt import (
    CorrectionIndex,
    DebtCalculator,
    TitleUpdate,
    prescribed,
)
from cobranca.domain.errors import Conflict, InvalidInput
from cobranca.domain.indices import check_index_values, index_warning, stale
from cobranca.domain.offers import Margin, Offer, build_offers, cet_month, cet_year
from cobranca.domain.portal import acts_alone, personal_link
from cobranca.domain.portfolio import Creditor, Debtor, Title, TitleStatus
from cobranca.domain.statement import (
    AgreementBalance,
    Statement,
    agreement_balance,
    build_statement,
)
from cobranca.gateways import IndexSource
from cobranca.ports import PortfolioRepository
from cobranca.schemas.negotiation import IndexHealth, IndexSeries, OfferOut, Offers, OffersIn, PaymentOut
from cobranca.services.caller import Caller

PUBLISHED_INDICES = (CorrectionIndex.IPCA, CorrectionIndex.INPC, CorrectionIndex.IGPM)


@dataclass(frozen=True)
class OfferSet:
    creditor: Creditor
    title_ids: list[str]
    offers: list[Offer]
    warnings: list[str] = field(default_factory=list)
    debtor: Debtor | None = None
    title_numbers: list[str] = field(default_factory=list)


class NegotiationService:
    def __init__(
        self,
        repo: PortfolioRepository,
        clock: Clock,
        company: Callable[[str], Company | None] | None = None,
        portal_url: Callable[[str], str] | None = None,
        agreements: Callable[[str, str], list[Agreement]] | None = None,
    ) -> None:
        self.agreements = agreements  # the debtor's active agreements: the demonstrativo shows their balance
        self.repo = repo
        self.clock = clock
        self.company = company  # the demonstrativo's letterhead: who collects, how to reach them
        self.portal_url = portal_url  # and where to negotiate (the QR code)

    # ------------------------------------------------------------- indices
    def put_index(self, caller: Caller, name: CorrectionIndex, values: dict[str, Decimal]) -> IndexSeries:
        """Upserts the given months (a month sent again replaces its value)."""
        caller.require_admin("somente administradores alteram índices")
        if name not in PUBLISHED_INDICES:
            raise InvalidInput("name", "use IPCA, INPC ou IGPM")
        stored = self.repo.get_index_series(caller.tenant, name.value)
        check_index_values(values, stored=len(stored.keys() - values.keys()))
        merged = {**stored, **values}
        self.repo.put_index_series(caller.tenant, name.value, merged, utc_timestamp(self.clock))
        return IndexSeries(name=name, values=dict(sorted(merged.items())))

    def refresh_indices(self, source: IndexSource, months: int = 24) -> dict[str, int]:
        """The monthly schedule: the last months of each series from the source, into every tenant."""
        today = business_today(self.clock)
        first = today.year * 12 + today.month - 1 - months  # the month `months` before this one
        start = date(first // 12, first % 12 + 1, 1)
        series = {i: source.monthly(i.value, start, today) for i in PUBLISHED_INDICES}
        now = utc_timestamp(self.clock)
        for tenant in self.repo.list_tenants():
            for index, values in series.items():
                merged = {**self.repo.get_index_series(tenant.slug, index.value), **values}
                self.repo.put_index_series(tenant.slug, index.value, merged, now)
        return {index.value: len(values) for index, values in series.items()}

    def index_health(self, caller: Caller) -> list[IndexHealth]:
        """Admin: each published series' last month and whether it is stale (GET /health)."""
        today = business_today(self.clock)
        out = []
        for index in PUBLISHED_INDICES:
            values = self.repo.get_index_series(caller.tenant, index.value)
            out.append(
                IndexHealth(name=index, last_month=max(values, default=None), stale=stale(values, today))
            )
        return out

    def get_index(self, caller: Caller, name: CorrectionIndex) -> IndexSeries:
        values = self.repo.get_index_series(caller.tenant, name.value)
        return IndexSeries(name=name, values=dict(sorted(values.items())))

    # ------------------------------------------------------------- statement and offers
    def _selected(self, caller: Caller, debtor_id: str, title_ids: Iterable[str] | None) -> list[Title]:
        titles = self.repo.list_titles(caller.tenant, debtor_id)
        if title_ids is None:
            return [t for t in titles if t.status is TitleStatus.OPEN]
        by_id = {t.id: t for t in titles}
        selected = []
        for title_id in dict.fromkeys(title_ids):
            title = by_id.get(title_id)
            if title is None:
                raise InvalidInput("title_ids", f"título {title_id} não pertence a este devedor")
            if title.status is TitleStatus.IN_AGREEMENT:  # another agreement took it (often a race)
                raise Conflict(f"título {title.number} já está em um acordo")
            if title.status is not TitleStatus.OPEN:
                raise InvalidInput(
                    "title_ids", f"título {title.number} não está em aberto ({title.status.label})"
                )
            selected.append(title)
        return selected

    def _calculate(
        self, tenant: str, titles: list[Title], on: date
    ) -> tuple[dict[str, Creditor], list[TitleUpdate], list[str]]:
        """Each title updated to `on`, and the notices: index months the correction did not have."""
        creditors: dict[str, Creditor] = {}
        calculators: dict[str, DebtCalculator] = {}
        missing: dict[CorrectionIndex, set[str]] = {}
        updates = []
        for t in titles:
            if t.creditor_id not in calculators:
                creditor = creditors[t.creditor_id] = self.repo.get_creditor(tenant, t.creditor_id)
                index = creditor.policy.correction_index
                series = (
                    self.repo.get_index_series(tenant, index.value)
                    if index is not CorrectionIndex.NONE
                    else {}
                )
                calculators[t.creditor_id] = DebtCalculator(creditor.policy, series)
            calculator = calculators[t.creditor_id]
            updates.append(calculator.update(t.original_amount, t.due_date, on, t.payments))
            gaps = calculator.missing(t.due_date, on)
            if gaps:
                missing.setdefault(calculator.policy.correction_index, set()).update(gaps)
        notices = [w for i, months in sorted(missing.items()) if (w := index_warning(i, months))]
        return creditors, updates, notices

    def statement(
        self,
        caller: Caller,
        debtor_id: str,
        on: date | None = None,
        title_ids: list[str] | None = None,
        *,
        include_prescribed: bool = True,
        with_agreements: bool = True,
    ) -> Statement:
        caller.require(Screen.DEBTORS)
        debtor = self.repo.get_debtor(caller.tenant, debtor_id)
        day = on or business_today(self.clock)
        titles = self._selected(caller, debtor_id, title_ids)
        if not include_prescribed:
            titles = [t for t in titles if not prescribed(t.due_date, day)]
        creditors, updates, notices = self._calculate(caller.tenant, titles, day)
        whole = with_agreements and title_ids is None
        balances = self._agreements(caller.tenant, debtor_id, creditors, day) if whole else []
        return build_statement(debtor, titles, creditors, updates, notices, day, balances)

    def _agreements(
        self, tenant: str, debtor_id: str, creditors: dict[str, Creditor], day: date
    ) -> list[AgreementBalance]:
        found = self.agreements(tenant, debtor_id) if self.agreements else []
        for a in found:
            if a.creditor_id not in creditors:
                creditors[a.creditor_id] = self.repo.get_creditor(tenant, a.creditor_id)
        return [agreement_balance(a, creditors[a.creditor_id].name, day) for a in found]

    def statement_pdf(
        self,
        caller: Caller,
        debtor_id: str,
        on: date | None = None,
        title_ids: list[str] | None = None,
        *,
        include_prescribed: bool = True,
    ) -> bytes:
        from cobranca.documents.statement_pdf import render_statement  # reportlab loads only for a PDF

        company = self.company(caller.tenant) if self.company else None
        url = personal_link(self.portal_url(caller.tenant), debtor_id) if self.portal_url else ""
        collector = collector_of(company) if company is not None else None
        statement = self.statement(caller, debtor_id, on, title_ids, include_prescribed=include_prescribed)
        return render_statement(statement, collector, url)

    def offers_for(
        self,
        caller: Caller,
        debtor_id: str,
        title_ids: list[str],
        day: date,
        first_due: date,
        margin: Margin | None = None,
    ) -> OfferSet:
        """The creditor's offers over the debtor's selected open titles (one creditor at a time)."""
        caller.require(Screen.DEBTORS)
        debtor = self.repo.get_debtor(caller.tenant, debtor_id)
        if first_due < day:
            raise InvalidInput(
                "first_due_date", "a primeira data de pagamento não pode ser anterior à data do cálculo"
            )
        titles = self._selected(caller, debtor_id, title_ids)
        if len({t.creditor_id for t in titles}) > 1:
            raise InvalidInput(
                "title_ids", "selecione títulos de um mesmo credor: cada credor tem sua política"
            )
        for t in titles:
            if prescribed(t.due_date, day):
                reason = f"título {t.number} prescrito (vencido há mais de 5 anos): não pode ser cobrado"
                raise InvalidInput("title_ids", reason)
        creditors, updates, notices = self._calculate(caller.tenant, titles, day)
        creditor = next(iter(creditors.values()))
        alone = acts_alone(caller.user_id)
        if alone and margin is not None:
            raise InvalidInput("extra_discount_percent", "a margem de negociação é só do operador")
        counted = any(r.quota is not None for r in creditor.policy.offers)
        used = self.repo.offer_uses(caller.tenant, creditor.id) if counted else {}
        offers = build_offers(
            creditor.policy, updates, first_due, margin, day=day, self_service=alone, used=used
        )
        ids, numbers = [t.id for t in titles], [t.number for t in titles]
        return OfferSet(creditor, ids, offers, notices, debtor, numbers)

    def offers(self, caller: Caller, debtor_id: str, body: OffersIn) -> Offers:
        day = body.date or business_today(self.clock)
        first_due = body.first_due_date or day
        found = self.offers_for(caller, debtor_id, body.title_ids, day, first_due, body.margin)
        latest = day + timedelta(days=found.creditor.policy.max_first_due_days)
        return Offers(
            creditor_id=found.creditor.id,
            date=day,
            first_due_date=first_due,
            first_due_min=day,
            first_due_max=latest,
            title_ids=found.title_ids,
            offers=[offer_out(o, day) for o in found.offers],
            warnings=found.warnings,
            margin=found.creditor.policy.operator_margin,
        )


def offer_out(o: Offer, day: date) -> OfferOut:
    """An offer as answered: its terms, the discount it gives and what its installments cost (CET)."""
    cet = cet_month(o.discounted, day, o.payments)
    return OfferOut.model_validate(
        {
            **{
                f: getattr(o, f)
                for f in ("code", "name", "installments", "principal", "charges", "discounted")
            },
            "entry": o.entry,
            "payments": [PaymentOut.model_validate(p, from_attributes=True) for p in o.payments],
            "total": o.total,
            "owed": o.owed,
            "discount": o.discount,
            "discount_percent": o.discount_percent,
            "interest_percent_month": o.interest_percent_month,
            "cet_month_percent": cet,
            "cet_year_percent": cet_year(cet) if cet is not None else None,
            "valid_until": o.valid_until,
            "remaining": o.remaining,
        }
    )
