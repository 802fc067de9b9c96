"""Closing and cancelling agreements (F20/F22): exact, idempotent, never over titles already promised."""

from __future__ import annotations

from cobranca.domain.access import Screen
from cobranca.domain.agreements import (
    Acceptance,
    Agreement,
    AgreementIn,
    AgreementStatus,
    Charge,
    ChargeStatus,
    as_card_plan,
    charge_reference,
    check_first_due_date,
    installments_of,
    is_card_plan,
)
from cobranca.domain.charges import ZERO, fee_reserve, split_plan
from cobranca.domain.dates import Clock, business_today, utc_timestamp
from cobranca.domain.erp import ErpEvent, agreement_data
from cobranca.domain.errors import Conflict, InvalidInput
from cobranca.domain.idempotency import IdempotentReplay, request_fingerprint, require_idempotency_key
from cobranca.domain.ids import new_id
from cobranca.domain.money import brl
from cobranca.domain.offers import cet_month, check_shown
from cobranca.domain.payments import Portador
from cobranca.domain.portfolio import HistoryEntry, Service, reopened
from cobranca.domain.term import (
    PREVIEW_NUMBER,
    term_digest,
    verification_code,
)
from cobranca.gateways import ChargeGateway, NoNotices, Notices, TermDocuments
from cobranca.ports import AgreementRepository, PortfolioRepository
from cobranca.schemas.agreements import AgreementFilter, TermPreview
from cobranca.services.caller import Caller
from cobranca.services.negotiation import NegotiationService


def with_pending_charges(a: Agreement, now: str) -> Agreement:
    """Each installment's charge queued for the portador, its creditor split fixed now (F30). A card
    plan's parts carry the same split each (Asaas applies one fixedValue to every part; the centavos
    that do not divide stay with the agency), and the fee of the plan's tier."""
    count = len(a.installments) if is_card_plan(a) else 1
    fees = [fee_reserve(a.payment_method.value, i.amount, count) for i in a.installments]
    plan = split_plan(
        [i.amount for i in a.installments], a.creditor_share or ZERO, a.commission_percent or ZERO, fees
    )
    splits = [min(plan.splits)] * count if count > 1 else list(plan.splits)
    parts = [
        i.model_copy(
            update={
                "charge": Charge(
                    status=ChargeStatus.PENDING,
                    reference=charge_reference(a.id, i.number),
                    split_value=split,
                    updated_at=now,
                )
            }
        )
        for i, split in zip(a.installments, splits, strict=True)
    ]
    return a.model_copy(update={"installments": parts})


class NoCharges:
    """Until a portador is configured (payments issue): the agreement stands, no charge is issued."""

    def charge(self, tenant: str, agreement: Agreement) -> None:
        return None

    def cancel(self, tenant: str, agreement: Agreement) -> None:
        return None


class AgreementService:
    def __init__(
        self,
        portfolio: PortfolioRepository,
        agreements: AgreementRepository,
        negotiation: NegotiationService,
        charges: ChargeGateway,
        terms: TermDocuments,
        clock: Clock,
        notices: Notices | None = None,
    ) -> None:
        self.terms = terms  # the termo's text, PDF and e-mail (services/terms.py)
        self.notices = notices or NoNotices()
        self.portfolio = portfolio
        self.agreements = agreements
        self.negotiation = negotiation
        self.charges = charges
        self.clock = clock

    def create(
        self,
        caller: Caller,
        body: AgreementIn,
        idempotency_key: str | None,
        acceptance: Acceptance | None = None,
    ) -> Agreement:
        """Same key + same request -> the same agreement; same key + another request -> 409. With an
        `acceptance` (the portal), the termo the debtor accepted must be the one this agreement has."""
        caller.require(Screen.DEBTORS)
        key = require_idempotency_key(idempotency_key, "acordo")
        fingerprint = request_fingerprint(body)
        replay = self.agreements.find_idempotent(caller.tenant, key)
        if replay is not None:
            return self._replayed(caller, replay, fingerprint)
        try:
            agreement, history, now, quota = self._prepare(caller, body)
        except Conflict:  # the titles just left "open": maybe a concurrent retry with this key won
            raced = self.agreements.find_idempotent(caller.tenant, key)
            if raced is None:
                raise
            return self._replayed(caller, raced, fingerprint)
        if acceptance is not None:
            shown = agreement.model_copy(update={"number": PREVIEW_NUMBER})
            if term_digest(self.terms.term_text(caller.tenant, shown)) != acceptance.text_sha256:
                raise Conflict("o termo mudou desde que você o leu: leia e aceite o termo de novo")
            agreement = agreement.model_copy(update={"acceptance": acceptance})
        text = self.terms.term_text(caller.tenant, agreement)  # with its number: what the PDF says
        digest = term_digest(text)
        agreement = agreement.model_copy(
            update={"term_sha256": digest, "verification_code": verification_code(digest)}
        )
        debtor = self.portfolio.get_debtor(caller.tenant, body.debtor_id)
        try:
            self.agreements.create(caller.tenant, agreement, debtor, key, fingerprint, history, now, quota)
        except IdempotentReplay as raced:  # a concurrent request with the same key won
            return self._replayed(caller, raced, fingerprint)
        self.charges.charge(caller.tenant, agreement)
        self._tell_created(caller.tenant, agreement)
        if agreement.installments[0].charge is None:  # no portador: nothing to pay with comes later
            self.terms.deliver_term(caller.tenant, caller.user_id, agreement, text)
        else:  # the e-mail waits for the first charge, to carry what the debtor pays it with
            self.terms.store_term(caller.tenant, agreement, text)
        return agreement

    def _tell_created(self, tenant: str, a: Agreement) -> None:
        if not self.notices.wants(tenant, ErpEvent.AGREEMENT_CREATED):
            return
        titles = self.portfolio.list_titles(tenant, a.debtor_id)
        self.notices.notify(tenant, ErpEvent.AGREEMENT_CREATED, a.id, agreement_data(a, titles))

    def preview_term(self, caller: Caller, body: AgreementIn) -> TermPreview:
        """The termo this request would make, before it is made (the number still to be given): what the
        debtor reads and accepts on the portal; its SHA-256 comes back with the acceptance."""
        agreement = self._prepare(caller, body, number=PREVIEW_NUMBER)[0]
        text = self.terms.term_text(caller.tenant, agreement)
        return TermPreview(text=text, sha256=term_digest(text))

    def _replayed(self, caller: Caller, replay: IdempotentReplay, fingerprint: str) -> Agreement:
        """The agreement the key made; the ERP is told again (once per agreement: the first request may
        have died before telling it)."""
        a = self.agreements.get(caller.tenant, replay.same_or_conflict(fingerprint, "outro acordo"))
        self._tell_created(caller.tenant, a)
        return a

    def _prepare(
        self, caller: Caller, body: AgreementIn, number: str | None = None
    ) -> tuple[Agreement, HistoryEntry, str, int | None]:
        """The agreement `body` makes (its history line, and its offer's quota), not yet stored; `number`
        given for a preview (none is taken from the tenant's counter)."""
        today = business_today(self.clock)
        offers = self.negotiation.offers_for(
            caller, body.debtor_id, body.title_ids, today, body.first_due_date, body.margin
        )
        creditor = offers.creditor
        check_first_due_date(body.first_due_date, today, creditor.policy)
        offer = next((o for o in offers.offers if o.code == body.offer_code), None)
        if offer is None:
            available = ", ".join(o.code for o in offers.offers) or "nenhuma"
            raise InvalidInput(
                "offer_code", f"oferta '{body.offer_code}' não disponível para estes títulos ({available})"
            )
        if body.shown is not None:
            check_shown(offer, body.shown)
        tenant = self.portfolio.get_tenant(caller.tenant)
        if body.payment_method.value == "card" and (tenant is None or Service.CARD not in tenant.services):
            raise InvalidInput("payment_method", "cartão não está disponível para esta empresa")
        now = utc_timestamp(self.clock)
        agreement = Agreement(
            id=new_id(),
            number=number or self.agreements.next_number(caller.tenant),
            debtor_id=body.debtor_id,
            creditor_id=creditor.id,
            title_ids=offers.title_ids,
            offer_code=offer.code,
            payment_method=body.payment_method,
            status=AgreementStatus.ACTIVE,
            total=offer.total,
            installments=installments_of(offer),
            email=body.email,
            created_by=caller.user_id,
            created_at=now,
            updated_at=now,
            warnings=offers.warnings,
            creditor_share=offer.creditor_share,
            commission_percent=creditor.policy.commission_percent,
            owed=offer.owed,
            discount=offer.discount,
            interest_percent_month=offer.interest_percent_month,
            cet_month_percent=cet_month(offer.discounted, today, offer.payments),
            debtor_name=offers.debtor.name if offers.debtor else "",
            debtor_document=offers.debtor.document if offers.debtor else "",
            title_numbers=offers.title_numbers,
        )
        if creditor.portador is Portador.ASAAS:
            if is_card_plan(agreement):  # F31: one card plan, in equal parts
                agreement = as_card_plan(agreement)
            agreement = with_pending_charges(agreement, now)
        count = len(agreement.installments)
        detail = (
            f"Acordo {agreement.number} fechado: {brl(agreement.total)} em {count} pagamento(s), {offer.name}"
            + (f", {body.margin.label}" if body.margin else "")
        )
        history = HistoryEntry.new(
            at=now,
            actor=caller.user_id,
            action="agreement.created",
            detail=detail,
            data={"agreement_id": agreement.id, "title_ids": agreement.title_ids},
        )
        quota = next((r.quota for r in creditor.policy.offers if r.code == offer.code), None)
        return agreement, history, now, quota

    def get(self, caller: Caller, agreement_id: str) -> Agreement:
        caller.require(Screen.DEBTORS)
        return self.agreements.get(caller.tenant, agreement_id)

    def list(self, caller: Caller, f: AgreementFilter) -> list[Agreement]:
        caller.require(Screen.DEBTORS)
        if f.debtor:  # the ficha: one GSI3 query for the debtor's agreements
            found = self.agreements.of_debtor(caller.tenant, f.debtor, limit=f.limit)
            return [a for a in found if f.status is None or a.status is f.status]
        return self.agreements.search(
            caller.tenant,
            status=f.status,
            creditor_id=f.creditor,
            created_from=f.date_from.isoformat() if f.date_from else None,
            created_to=f.date_to.isoformat() if f.date_to else None,
            limit=f.limit,
            operator_id=f.operator,
        )

    def cancel(self, caller: Caller, agreement_id: str) -> Agreement:
        caller.require(Screen.DEBTORS)
        agreement = self.agreements.get(caller.tenant, agreement_id)
        if agreement.status is not AgreementStatus.ACTIVE:
            raise Conflict("o acordo não está ativo")
        titles = [
            t
            for t in self.portfolio.list_titles(caller.tenant, agreement.debtor_id)
            if t.id in agreement.title_ids
        ]
        now = utc_timestamp(self.clock)
        history = HistoryEntry.new(
            at=now,
            actor=caller.user_id,
            action="agreement.cancelled",
            detail=f"Acordo {agreement.number} cancelado: títulos reabertos",
            data={"agreement_id": agreement.id},
        )
        cancelled = AgreementStatus.CANCELLED
        if not self.agreements.end(caller.tenant, agreement, cancelled, reopened(titles, now), history, now):
            raise Conflict("o acordo não está ativo")
        self.charges.cancel(caller.tenant, agreement)
        return self.agreements.get(caller.tenant, agreement_id)
