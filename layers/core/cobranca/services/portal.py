"""Negocia Online use cases: identify by CPF/CNPJ + one-time code, then see, simulate and close."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from cobranca.documents.qr import qr_svg
from cobranca.domain import portal as rules
from cobranca.domain.access import Role
from cobranca.domain.agreements import Agreement, AgreementIn, ChargeStatus, InstallmentStatus
from cobranca.domain.contacts import ContactKind
from cobranca.domain.dates import Clock, business_today, iso_utc
from cobranca.domain.documents import parse_document
from cobranca.domain.errors import InvalidInput, NotFound, TooManyRequests, Unauthorized
from cobranca.domain.ids import new_id
from cobranca.domain.portfolio import HistoryEntry, Service, Tenant
from cobranca.domain.statement import Statement
from cobranca.gateways import JobQueue, Mailer, SmsGateway
from cobranca.jobs import LoginCodeJob
from cobranca.ports import MessagingRepository, PortalStore, PortfolioRepository
from cobranca.schemas.negotiation import Offers, OffersIn
from cobranca.schemas.portal import (
    CodeIn,
    CodeSent,
    DebtorAgreementIn,
    DebtorOffersIn,
    NextPayment,
    PortalConfig,
    SessionIn,
    SessionOut,
)
from cobranca.services.agreements import AgreementService
from cobranca.services.caller import Caller
from cobranca.services.negotiation import NegotiationService

ACTOR = "negocia-online"


@dataclass(frozen=True)
class DebtorSession:
    tenant: str
    debtor_id: str

    @property
    def caller(self) -> Caller:
        """What the shared services see: the portal acting for this debtor only."""
        return Caller(self.tenant, ACTOR, "Negocia Online", Role.OPERATOR)


class PortalService:
    def __init__(
        self,
        portfolio: PortfolioRepository,
        store: PortalStore,
        negotiation: NegotiationService,
        agreements: AgreementService,
        codes: JobQueue,
        key: Callable[[], bytes],
        clock: Clock,
    ) -> None:
        self.portfolio = portfolio
        self.store = store
        self.negotiation = negotiation
        self.agreements = agreements
        self.codes = codes
        self.key = key
        self.clock = clock

    def _now(self) -> float:
        return self.clock.now().timestamp()

    def _enabled(self, tenant: str) -> Tenant:
        found = self.portfolio.get_tenant(tenant)
        if found is None or Service.NEGOCIA_ONLINE not in found.services:
            raise NotFound("página não encontrada")
        return found

    def config(self, tenant: str) -> PortalConfig:
        found = self._enabled(tenant)
        return PortalConfig(name=found.name, card=Service.CARD in found.services)

    def request_code(self, tenant: str, body: CodeIn, source_ip: str) -> CodeSent:
        """Counts, queues and answers: the same calls whether or not the document is a debtor's."""
        self._enabled(tenant)
        document = parse_document(body.document).number
        now = self._now()
        hour = rules.window(now, rules.CODE_RATE_MINUTES)
        expires = int(now) + 2 * rules.CODE_RATE_MINUTES * 60
        busy = rules.retry_after(now, rules.CODE_RATE_MINUTES)
        if self.store.increment(tenant, "code-tenant", "all", hour, expires) > rules.MAX_CODES_PER_TENANT:
            raise TooManyRequests(rules.BUSY_MESSAGE, busy)
        tag = rules.document_tag(self.key(), document)
        if not self.store.add_member(
            tenant, "code-ip", source_ip, hour, tag, rules.MAX_DOCUMENTS_PER_IP, expires
        ):
            raise TooManyRequests(rules.TOO_MANY_CODES_MESSAGE, busy)
        slot = rules.window(now, rules.CODE_MINUTES)
        if self.store.increment(tenant, "codes", document, slot, expires) > rules.MAX_CODES_PER_DOCUMENT:
            raise TooManyRequests(rules.TOO_MANY_CODES_MESSAGE, rules.retry_after(now, rules.CODE_MINUTES))
        job = LoginCodeJob(tenant=tenant, document=document, request_id=new_id())
        self.codes.send(job)
        return CodeSent(message=rules.CODE_SENT_MESSAGE)

    def _attempts(self, tenant: str, scope: str, key: str, now: float) -> int:
        """Counts this attempt first (atomically), then adds the previous window: at least the last
        15 minutes. Deciding on the returned value is what makes the limit hold under concurrency."""
        current = rules.window(now, rules.FAILURE_WINDOW_MINUTES)
        expires = int(now) + 2 * rules.FAILURE_WINDOW_MINUTES * 60
        counted = self.store.increment(tenant, scope, key, current, expires)
        return counted + self.store.count(tenant, scope, key, current - 1)

    def open_session(self, tenant: str, body: SessionIn, source_ip: str) -> SessionOut:
        self._enabled(tenant)
        document = parse_document(body.document).number
        now = self._now()
        by_document = self._attempts(tenant, "try-doc", document, now)
        by_ip = self._attempts(tenant, "try-ip", source_ip, now)
        if by_document > rules.MAX_FAILURES_PER_DOCUMENT or by_ip > rules.MAX_FAILURES_PER_IP:
            wait = rules.retry_after(now, rules.FAILURE_WINDOW_MINUTES, windows=2)
            raise TooManyRequests(rules.LOCKED_MESSAGE, wait)
        stored = self.store.get_code(tenant, document)
        valid = (
            stored is not None
            and stored.expires_at > now
            and rules.codes_match(self.key(), stored.digest, tenant, document, body.code)
            and self.store.use_code(tenant, document, stored.digest)
        )
        debtor_id = self.portfolio.debtor_id_by_document(tenant, document) if valid else None
        if debtor_id is None:
            raise Unauthorized(rules.WRONG_CODE_MESSAGE)
        token = rules.new_session_token()
        seconds = rules.SESSION_MINUTES * 60
        self.store.put_session(rules.token_digest(token), tenant, debtor_id, int(now) + seconds)
        return SessionOut(token=token, expires_in=seconds)

    def session(self, authorization: str | None) -> DebtorSession:
        token = (authorization or "").removeprefix("Bearer ").strip()
        stored = self.store.get_session(rules.token_digest(token)) if token else None
        if stored is None or stored.expires_at <= self._now():
            raise Unauthorized("sessão expirada: identifique-se de novo")
        self._enabled(stored.tenant)
        return DebtorSession(stored.tenant, stored.debtor_id)

    # ------------------------------------------------------------- what the debtor can do
    def titles(self, s: DebtorSession) -> Statement:
        """What the debtor may negotiate: never a prescribed title (B12)."""
        return self.negotiation.statement(s.caller, s.debtor_id, include_prescribed=False)

    def offers(self, s: DebtorSession, body: DebtorOffersIn) -> Offers:
        request = OffersIn(title_ids=body.title_ids, first_due_date=body.first_due_date)
        found = self.negotiation.offers(s.caller, s.debtor_id, request)
        return found.model_copy(update={"margin": None})  # the operators' margin is not the debtor's to see

    def close(self, s: DebtorSession, body: DebtorAgreementIn, idempotency_key: str | None) -> Agreement:
        if body.first_due_date < business_today(self.clock):
            raise InvalidInput("first_due_date", "escolha uma data a partir de hoje")
        request = AgreementIn(debtor_id=s.debtor_id, **body.model_dump())
        return self.agreements.create(s.caller, request, idempotency_key)

    def next_payment(self, s: DebtorSession, agreement_id: str) -> NextPayment:
        """The first installment still to pay, with what the debtor pays it with once it is issued."""
        agreement = self.agreements.get(s.caller, agreement_id)
        if agreement.debtor_id != s.debtor_id:
            raise NotFound("acordo não encontrado")
        due = [i for i in agreement.installments if i.status is InstallmentStatus.PENDING]
        inst = due[0] if due else agreement.installments[-1]
        c = inst.charge
        state = "paid" if not due else "none" if c is None else CHARGE_STATES.get(c.status, "pending")
        ready = state == "ready" and c is not None
        return NextPayment(
            agreement_number=agreement.number,
            number=inst.number,
            due_date=inst.due_date,
            amount=inst.amount,
            method=agreement.payment_method,
            charge=state,
            pix_payload=c.pix_payload if ready and c else None,
            pix_qr_svg=qr_svg(c.pix_payload) if ready and c and c.pix_payload else None,
            boleto_line=c.boleto_line if ready and c else None,
            boleto_url=c.boleto_url if ready and c else None,
            invoice_url=c.invoice_url if ready and c else None,
        )

    def term_url(self, s: DebtorSession, agreement_id: str) -> str:
        agreement = self.agreements.get(s.caller, agreement_id)
        if agreement.debtor_id != s.debtor_id:
            raise NotFound("acordo não encontrado")
        return self.agreements.term_url(s.caller, agreement_id)


CHARGE_STATES = {
    ChargeStatus.CREATED: "ready",
    ChargeStatus.OVERDUE: "ready",
    ChargeStatus.FAILED: "failed",
    ChargeStatus.CANCELLED: "failed",
    ChargeStatus.REFUNDED: "failed",
    ChargeStatus.PAID: "paid",
}


class LoginCodeSender:
    """The code worker: picks the debtor's login contact, stores the code's HMAC, sends it, writes it down."""

    def __init__(
        self,
        portfolio: PortfolioRepository,
        store: PortalStore,
        settings: MessagingRepository,
        mailer: Mailer,
        sms: Callable[[], SmsGateway],
        key: Callable[[], bytes],
        clock: Clock,
    ) -> None:
        self.portfolio = portfolio
        self.store = store
        self.settings = settings
        self.mailer = mailer
        self.sms = sms
        self.key = key
        self.clock = clock

    def deliver(self, job: LoginCodeJob) -> str:
        """Returns what happened (for the log): sent-email, sent-sms, no-contact, unknown, repeated."""
        debtor_id = self.portfolio.debtor_id_by_document(job.tenant, job.document)
        if debtor_id is None:
            return "unknown"
        stored = self.store.get_code(job.tenant, job.document)
        if stored is not None and stored.request_id == job.request_id:
            return "repeated"  # a redelivered job: its code already went out
        debtor = self.portfolio.get_debtor(job.tenant, debtor_id)
        now = self.clock.now()
        contact = rules.login_contact(debtor.contacts, now)
        if contact is None:
            self._note(
                job.tenant,
                debtor_id,
                "Código do Negocia Online não enviado: sem e-mail ou celular "
                f"válido cadastrado há mais de {rules.NEW_CONTACT_HOURS} h",
            )
            return "no-contact"
        code = rules.new_code()
        expires = int(now.timestamp()) + rules.CODE_MINUTES * 60
        digest = rules.code_digest(self.key(), job.tenant, job.document, code)
        self.store.put_code(job.tenant, job.document, digest, expires, job.request_id)
        text = (
            f"Seu código de acesso é {code}. Ele vale por {rules.CODE_MINUTES} minutos.\n"
            "Se você não pediu este código, ignore esta mensagem."
        )
        if contact.kind is ContactKind.EMAIL:
            self.mailer.send(contact.value, "Seu código para o Negocia Online", text, [])
            channel = "e-mail"
        else:
            sender = self.settings.get_settings(job.tenant).sms_from
            self.sms().send_sms(sender, contact.value.removeprefix("+"), f"Negocia Online: {text}")
            channel = "SMS"
        self._note(
            job.tenant,
            debtor_id,
            f"Código do Negocia Online enviado por {channel} para {rules.masked(contact)}",
            contact_id=contact.id,
        )
        return "sent-email" if channel == "e-mail" else "sent-sms"

    def _note(self, tenant: str, debtor_id: str, detail: str, **data: str) -> None:
        entry = HistoryEntry(
            id=new_id(),
            at=iso_utc(self.clock.now()),
            actor=ACTOR,
            action="negocia.code",
            detail=detail,
            data=data,
        )
        self.portfolio.add_history(tenant, debtor_id, entry)
