"""Closing and cancelling agreements (F20/F22): exact, idempotent, never over titles already promised."""

from __future__ import annotations

import datetime
from collections.abc import Callable
from decimal import Decimal

from cobranca import object_keys
from cobranca.documents.email import compose
from cobranca.domain.access import Screen
from cobranca.domain.agreements import (
    Acceptance,
    Agreement,
    AgreementIn,
    AgreementStatus,
    Charge,
    ChargeStatus,
    PaymentMethod,
    as_card_plan,
    charge_reference,
    check_first_due_date,
    installments_of,
    is_card_plan,
)
from cobranca.domain.charges import ZERO, fee_reserve, split_plan
from cobranca.domain.company import Company, collector_of
from cobranca.domain.contacts import ContactKind
from cobranca.domain.dates import Clock, business_today, utc_timestamp
from cobranca.domain.documents import parse_document
from cobranca.domain.erp import ErpEvent, agreement_data
from cobranca.domain.errors import Conflict, InvalidInput
from cobranca.domain.idempotency import IdempotentReplay, request_fingerprint, require_idempotency_key
from cobranca.domain.ids import new_id
from cobranca.domain.money import amount_in_words, brl
from cobranca.domain.offers import cet_month, cet_year, check_shown
from cobranca.domain.payments import Portador
from cobranca.domain.portal import PORTAL_ACTOR, verification_link
from cobranca.domain.portfolio import HistoryEntry, Service
from cobranca.domain.privacy import mask_email
from cobranca.domain.templating import fill
from cobranca.domain.term import (
    DEFAULT_TEMPLATE,
    PREVIEW_NUMBER,
    acceptance_record,
    check_term_template,
    term_digest,
    verification_code,
    verification_record,
)
from cobranca.gateways import ChargeGateway, Mailer, NoNotices, Notices, ObjectStore
from cobranca.ports import AgreementRepository, PortfolioRepository
from cobranca.schemas.agreements import AgreementFilter, TermPreview, TermTemplate, TermTemplateIn
from cobranca.services.caller import Caller
from cobranca.services.first_payment import first_payment_pdf, first_payment_text, instructions_text
from cobranca.services.negotiation import NegotiationService

TERM_LINK_SECONDS = 15 * 60


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
        objects: ObjectStore,
        mailer: Mailer,
        clock: Clock,
        notices: Notices | None = None,
        company: Callable[[str], Company | None] | None = None,
        user_name: Callable[[str, str], str | None] | None = None,
        portal_url: Callable[[str], str] | None = None,
    ) -> None:
        self.company = company  # the collecting agency the termo names
        self.portal_url = portal_url  # whose host serves the termo's verification page
        self.user_name = user_name  # and the operator who closed it, by name
        self.notices = notices or NoNotices()
        self.portfolio = portfolio
        self.agreements = agreements
        self.negotiation = negotiation
        self.charges = charges
        self.objects = objects
        self.mailer = mailer
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
            if term_digest(self.term_text(caller.tenant, shown)) != acceptance.text_sha256:
                raise Conflict("o termo mudou desde que você o leu: leia e aceite o termo de novo")
            agreement = agreement.model_copy(update={"acceptance": acceptance})
        text = self.term_text(caller.tenant, agreement)  # with its number: what the PDF says
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
            self.deliver_term(caller, agreement, text)
        else:  # the e-mail waits for the first charge, to carry what the debtor pays it with
            self.store_term(caller, agreement, text)
        return agreement

    def _tell_created(self, tenant: str, a: Agreement) -> None:
        if not self.notices.wants(tenant, ErpEvent.AGREEMENT_CREATED):
            return
        titles = self.portfolio.list_titles(tenant, a.debtor_id)
        self.notices.notify(tenant, ErpEvent.AGREEMENT_CREATED, a.id, agreement_data(a, titles))

    # ------------------------------------------------------------- the term (termo de acordo)
    def template_for(self, tenant: str, creditor_id: str) -> TermTemplate:
        """The creditor's override, else the tenant's, else the system default."""
        for scope, source in ((creditor_id, "creditor"), ("default", "tenant")):
            text = self.portfolio.get_term_template(tenant, scope)
            if text:
                return TermTemplate(scope=scope, text=text, source=source)
        return TermTemplate(scope="default", text=DEFAULT_TEMPLATE, source="system")

    def put_template(self, caller: Caller, scope: str, body: TermTemplateIn) -> TermTemplate:
        caller.require(Screen.CREDITORS)
        if scope != "default":
            self.portfolio.get_creditor(caller.tenant, scope)  # 404 for an unknown creditor
        text = check_term_template(body.text)
        self.portfolio.put_term_template(caller.tenant, scope, text, utc_timestamp(self.clock))
        return TermTemplate(scope=scope, text=text, source="tenant" if scope == "default" else "creditor")

    def get_template(self, caller: Caller, scope: str) -> TermTemplate:
        caller.require(Screen.CREDITORS)
        return self.template_for(caller.tenant, scope)

    def preview_term(self, caller: Caller, body: AgreementIn) -> TermPreview:
        """The termo this request would make, before it is made (the number still to be given): what the
        debtor reads and accepts on the portal; its SHA-256 comes back with the acceptance."""
        agreement = self._prepare(caller, body, number=PREVIEW_NUMBER)[0]
        text = self.term_text(caller.tenant, agreement)
        return TermPreview(text=text, sha256=term_digest(text))

    def render_term(self, tenant: str, agreement: Agreement, text: str | None = None) -> bytes:
        """The termo's PDF: its `text` (rendered again when not given), the debtor's acceptance and the
        verification code."""
        text = text if text is not None else self.term_text(tenant, agreement)
        if agreement.acceptance is not None:
            debtor = self.portfolio.get_debtor(tenant, agreement.debtor_id)
            text += "\n\n" + acceptance_record(agreement.acceptance, debtor.name)
        if agreement.verification_code and agreement.term_sha256:
            portal = self.portal_url(tenant) if self.portal_url else ""
            url = verification_link(portal, agreement.verification_code)
            text += "\n\n" + verification_record(agreement.verification_code, url, agreement.term_sha256)
        from cobranca.documents.pdf import render_term  # reportlab loads only when a PDF is made

        return render_term(text, f"Termo de acordo {agreement.number}")

    def term_text(self, tenant: str, agreement: Agreement) -> str:
        """The termo's text from the creditor's (or the tenant's) template, with the calculation's
        notices: the same text on the portal's preview and in the PDF."""
        debtor = self.portfolio.get_debtor(tenant, agreement.debtor_id)
        creditor = self.portfolio.get_creditor(tenant, agreement.creditor_id)
        count = sum(1 for i in agreement.installments if i.number > 0)
        lines = [
            f"{'Entrada' if i.number == 0 else f'Parcela {i.number}/{count}'}: "
            f"vencimento {i.due_date:%d/%m/%Y}, {brl(i.amount)}, {METHOD_WORDS[agreement.payment_method]}"
            for i in agreement.installments
        ]
        mine = [
            t for t in self.portfolio.list_titles(tenant, agreement.debtor_id) if t.id in agreement.title_ids
        ]
        titles = sorted(mine, key=lambda t: (t.due_date, t.number))
        postal = next((c for c in debtor.contacts if c.kind is ContactKind.ADDRESS and c.valid), None)
        company = self.company(tenant) if self.company else None
        collector = collector_of(company) if company is not None else None
        document, creditor_document = parse_document(debtor.document), parse_document(creditor.document)
        values = {
            "#NOME_DEVEDOR#": debtor.name,
            "#TIPO_DOCUMENTO#": document.kind.value,
            "#DOCUMENTO#": document.formatted,
            "#ENDERECO_DEVEDOR#": f"com endereço em {postal.value}" if postal else "endereço não informado",
            "#CREDOR#": f"{creditor.name}, {creditor_document.kind.value} {creditor_document.formatted}",
            "#COBRADORA#": f"{collector.name}, {'CNPJ' if '/' in collector.document else 'CPF'} "
            f"{collector.document}"
            if collector
            else "a empresa de cobrança",
            "#TITULOS#": "\n".join(
                f"{t.number}{f' ({t.description})' if t.description else ''}: valor original "
                f"{brl(t.original_amount)}, vencimento {t.due_date:%d/%m/%Y}"
                for t in titles
            ),
            "#VALOR_DEVIDO#": brl(agreement.owed) if agreement.owed is not None else brl(agreement.total),
            "#DESCONTO#": _discount_words(agreement),
            "#JUROS_CET#": _rate_words(agreement),
            "#VALOR_TOTAL#": brl(agreement.total),
            "#VALOR_EXTENSO#": amount_in_words(agreement.total),
            "#PARCELAS#": "\n".join(lines),
            "#NOME_USUARIO#": self._signer(tenant, agreement),
            "#DATA#": f"{datetime.date.fromisoformat(agreement.created_at[:10]):%d/%m/%Y}",
            "#NUMERO_ACORDO#": agreement.number,
        }
        text = fill(self.template_for(tenant, agreement.creditor_id).text, values)
        return text + "".join(f"\n\nAtenção: {w}" for w in agreement.warnings)

    def _signer(self, tenant: str, agreement: Agreement) -> str:
        """Who closed it, as the termo says: the debtor on the portal, or the operator by name and the
        channel (never an internal e-mail address)."""
        if agreement.created_by == PORTAL_ACTOR:
            return "Negocia Online, pelo próprio devedor"
        name = self.user_name(tenant, agreement.created_by) if self.user_name else None
        return f"{name}, pelo atendimento da empresa" if name else "o atendimento da empresa"

    @staticmethod
    def term_key(tenant: str, agreement: Agreement) -> str:
        return object_keys.term(tenant, agreement.id, agreement.number)

    def store_term(self, caller: Caller, agreement: Agreement, text: str | None = None) -> bytes:
        pdf = self.render_term(caller.tenant, agreement, text)
        self.objects.put(self.term_key(caller.tenant, agreement), pdf, "application/pdf")
        return pdf

    def deliver_term(self, caller: Caller, agreement: Agreement, text: str | None = None) -> None:
        """Stores the PDF and e-mails it (with the creditor's payment instructions, when no portador
        charges it); the agreement stands even if the e-mail fails (history says so)."""
        pdf = self.store_term(caller, agreement, text)
        how = self.portfolio.get_creditor(caller.tenant, agreement.creditor_id).payment_instructions
        self._mail_term(caller.tenant, agreement, pdf, caller.user_id, instructions_text(agreement, how))

    def send_term_with_payment(self, tenant: str, agreement_id: str) -> bool:
        """The charger's call once the first installment's charge is made (or refused): the termo e-mail
        with what the debtor pays it with (PIX copia e cola, the boleto's line and PDF, the card
        checkout), once per agreement. False when it was sent before."""
        if not self.agreements.claim(tenant, "term-mail", agreement_id, utc_timestamp(self.clock)):
            return False
        a = self.agreements.get(tenant, agreement_id, consistent=True)
        key = self.term_key(tenant, a)
        pdf = self.objects.get(key) if self.objects.exists(key) else self.render_term(tenant, a)
        self._mail_term(tenant, a, pdf, "system", first_payment_text(a), first_payment_pdf(a))
        return True

    def _mail_term(
        self, tenant: str, a: Agreement, pdf: bytes, actor: str, payment: str = "", slip: bytes | None = None
    ) -> None:
        now = utc_timestamp(self.clock)
        files = [(f"termo-{a.number}.pdf", pdf, "application/pdf")]
        if slip:  # the first payment, with the PIX QR to scan from another phone
            files.append((f"pagamento-{a.number}.pdf", slip, "application/pdf"))
        company = self.company(tenant) if self.company else None
        mail = compose(
            f"Olá,\n\nSegue o termo do acordo {a.number}, no valor de {brl(a.total)}.\n{payment}\n"
            "Pague somente pelos documentos enviados por este sistema.",
            collector_of(company) if company is not None else None,
        )  # no opt-out: the termo is the debtor's own document, not a collection message
        try:
            self.mailer.send(a.email, f"Termo de acordo {a.number}", mail.text, files, mail.html)
            detail = f"Termo do acordo {a.number} enviado para {mask_email(a.email)}"
            action = "agreement.term_sent"
        except Exception as exc:
            detail = f"Termo do acordo {a.number} não enviado por e-mail: {type(exc).__name__}"
            action = "agreement.term_not_sent"
        self.portfolio.add_history(
            tenant,
            a.debtor_id,
            HistoryEntry(id=new_id(), at=now, actor=actor, action=action, detail=detail),
        )

    def term_url(self, caller: Caller, agreement_id: str) -> str:
        """A presigned link valid 15 minutes; renders the PDF again if it was never stored."""
        agreement = self.get(caller, agreement_id)
        key = self.term_key(caller.tenant, agreement)
        if not self.objects.exists(key):
            self.objects.put(key, self.render_term(caller.tenant, agreement), "application/pdf")
        return self.objects.presigned_url(key, TERM_LINK_SECONDS, f"termo-{agreement.number}.pdf")

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
        history = HistoryEntry(
            id=new_id(),
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
        history = HistoryEntry(
            id=new_id(),
            at=now,
            actor=caller.user_id,
            action="agreement.cancelled",
            detail=f"Acordo {agreement.number} cancelado: títulos reabertos",
            data={"agreement_id": agreement.id},
        )
        self.agreements.cancel(caller.tenant, agreement, titles, history, now)
        self.charges.cancel(caller.tenant, agreement)
        return self.agreements.get(caller.tenant, agreement_id)


METHOD_WORDS = {
    PaymentMethod.PIX: "por PIX",
    PaymentMethod.BOLETO: "por boleto",
    PaymentMethod.CARD: "no cartão",
}


def _discount_words(a: Agreement) -> str:
    if not a.discount or not a.owed:
        return "R$ 0,00"
    percent = (a.discount * 100 / a.owed).quantize(Decimal("0.01"))
    return f"{brl(a.discount)} ({str(percent).replace('.', ',')}% do devido)"


def _rate_words(a: Agreement) -> str:
    if len(a.installments) < 2:
        return "pagamento único, sem juros"
    rate = a.interest_percent_month or Decimal(0)
    words = "sem juros" if not rate else f"juros de {str(rate.normalize()).replace('.', ',')}% ao mês"
    if a.cet_month_percent is None:
        return words
    year = cet_year(a.cet_month_percent)
    month = str(a.cet_month_percent.quantize(Decimal("0.01"))).replace(".", ",")
    return f"{words}; custo efetivo total (CET) de {month}% ao mês, {str(year).replace('.', ',')}% ao ano"
