"""Negocia Online use cases: identify by CPF/CNPJ + one-time code, then see, simulate and close."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date

from cobranca.domain import portal as rules
from cobranca.domain.access import Role
from cobranca.domain.agreements import (
    Acceptance,
    Agreement,
    AgreementIn,
    InstallmentStatus,
)
from cobranca.domain.channels import CHANNEL_LABELS, MESSAGE_CHANNELS, Channel
from cobranca.domain.company import Company, collector_of
from cobranca.domain.dates import Clock, business_today, utc_timestamp
from cobranca.domain.documents import parse_document
from cobranca.domain.errors import InvalidInput, NotFound, SharedLimitReached, TooManyRequests, Unauthorized
from cobranca.domain.ids import new_id
from cobranca.domain.portfolio import HistoryEntry, Service, Tenant
from cobranca.domain.privacy import mask_document
from cobranca.domain.statement import Statement
from cobranca.domain.term import read_verification_code
from cobranca.gateways import JobQueue
from cobranca.jobs import LoginCodeJob
from cobranca.ports import AgreementRepository, PortalStore, PortfolioRepository
from cobranca.schemas.agreements import TermPreview
from cobranca.schemas.negotiation import Offers, OffersIn
from cobranca.schemas.portal import (
    CodeIn,
    CodeSent,
    DebtorAgreement,
    DebtorAgreementIn,
    DebtorOffersIn,
    Identify,
    LinkOut,
    NextPayment,
    OptOut,
    PortalConfig,
    SessionIn,
    SessionOut,
    TermVerified,
)
from cobranca.services.agreements import AgreementService
from cobranca.services.caller import Caller
from cobranca.services.debtor_payments import debtor_agreement, payment_of
from cobranca.services.negotiation import NegotiationService

ACTOR = rules.PORTAL_ACTOR


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
        agreements_store: AgreementRepository,
        codes: JobQueue,
        key: Callable[[], bytes],
        clock: Clock,
        company: Callable[[str], Company | None] | None = None,
        term_url: Callable[[Caller, str], str] | None = None,
    ) -> None:
        self.company = company  # who collects: the page's footer, the privacy notice, where to ask for help
        self._term_url = term_url  # the termo's PDF link (services/terms.py)
        self.portfolio = portfolio
        self.store = store
        self.negotiation = negotiation
        self.agreements = agreements
        self.agreements_store = agreements_store
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
        company = self.company(tenant) if self.company else None
        collector = collector_of(company) if company is not None else None
        return PortalConfig(name=found.name, card=Service.CARD in found.services, collector=collector)

    def link(self, tenant: str, ref: str) -> LinkOut:
        """A message's personal link: the debtor's document masked, for the page to show as typed."""
        self._enabled(tenant)
        document = self._linked(tenant, ref)
        if document is None:
            raise NotFound("link inválido: digite o seu CPF ou CNPJ")
        return LinkOut(document_masked=mask_document(document))

    def verify(self, typed: str) -> TermVerified:
        """/verificar/{code}: does a termo with this code exist? Its number, date and parties, no amount."""
        code = read_verification_code(typed)
        found = self.agreements_store.find_verification(code) if code else None
        if code is None or found is None:
            raise NotFound("nenhum termo de acordo tem este código de verificação")
        tenant, agreement_id = found
        a = self.agreements_store.get(tenant, agreement_id)
        debtor = self.portfolio.get_debtor(tenant, a.debtor_id)
        creditor = self.portfolio.get_creditor(tenant, a.creditor_id)
        company = self.company(tenant) if self.company else None
        collector = collector_of(company) if company is not None else None
        creditor_document = parse_document(creditor.document)
        return TermVerified(
            code=code,
            number=a.number,
            closed_on=date.fromisoformat(a.created_at[:10]),
            debtor_name=debtor.name,
            debtor_document_masked=mask_document(debtor.document),
            creditor=f"{creditor.name}, {creditor_document.kind.value} {creditor_document.formatted}",
            collector=f"{collector.name}, CNPJ {collector.document}" if collector else None,
            closed_by="o próprio devedor, no Negocia Online, com aceite eletrônico"
            if a.acceptance is not None
            else "o atendimento da empresa de cobrança",
            term_sha256=a.term_sha256 or "",
        )

    def opt_out(self, tenant: str, token: str, *, confirm: bool) -> OptOut:
        """An e-mail's "não quero mais receber" link: what it stops (read), or stops it (`confirm`) once,
        with a history line; the debtor stays reachable by every other channel."""
        found = rules.read_opt_out_token(self.key(), tenant, token)
        if found is None or found[1] not in {c.value for c in MESSAGE_CHANNELS}:
            raise NotFound("link inválido ou incompleto")
        debtor_id, channel = found
        label = CHANNEL_LABELS[Channel(channel)]
        company = self.company(tenant) if self.company else None
        sender = collector_of(company).name if company is not None else self._tenant_name(tenant)
        if confirm:
            history = HistoryEntry.new(
                at=utc_timestamp(self.clock),
                actor=ACTOR,
                action="contact.opted_out",
                detail=f"O devedor pediu para não receber mais mensagens por {label} (link da mensagem)",
                data={"channel": channel},
            )
            self.portfolio.opt_out(tenant, debtor_id, channel, history)
        done = Channel(channel) in self.portfolio.get_debtor(tenant, debtor_id).opted_out
        return OptOut(channel=label, sender=sender, done=done)

    def _tenant_name(self, tenant: str) -> str:
        found = self.portfolio.get_tenant(tenant)
        return found.name if found else tenant

    def _linked(self, tenant: str, ref: str) -> str | None:
        try:
            return self.portfolio.get_debtor(tenant, ref).document
        except NotFound:
            return None

    def _document(self, tenant: str, body: Identify) -> str | None:
        """The document typed, or the one of the linked debtor (None for a link to no one)."""
        if body.document is not None:
            return parse_document(body.document).number
        return self._linked(tenant, body.link or "")

    def request_code(self, tenant: str, body: CodeIn, source_ip: str) -> CodeSent:
        """Counts, queues and answers: the same calls whether or not the document is a debtor's."""
        self._enabled(tenant)
        document = self._document(tenant, body)
        if document is None:  # a link to no one: answered like a document that is no one's
            return CodeSent(message=rules.CODE_SENT_MESSAGE)
        now = self._now()
        hour = rules.window(now, rules.CODE_RATE_MINUTES)
        expires = int(now) + 2 * rules.CODE_RATE_MINUTES * 60
        busy = rules.retry_after(now, rules.CODE_RATE_MINUTES)
        # one client's own limits first: what they refuse never counts against what the tenant shares
        tag = rules.document_tag(self.key(), document)
        if not self.store.add_member(
            tenant, "code-ip", source_ip, hour, tag, rules.MAX_DOCUMENTS_PER_IP, expires
        ):
            raise TooManyRequests(rules.TOO_MANY_CODES_MESSAGE, busy)
        slot = rules.window(now, rules.CODE_MINUTES)
        if self.store.increment(tenant, "codes", document, slot, expires) > rules.MAX_CODES_PER_DOCUMENT:
            raise TooManyRequests(rules.TOO_MANY_CODES_MESSAGE, rules.retry_after(now, rules.CODE_MINUTES))
        if self.store.increment(tenant, "code-ip-sent", source_ip, hour, expires) > rules.MAX_CODES_PER_IP:
            raise TooManyRequests(rules.TOO_MANY_CODES_MESSAGE, busy)  # no address takes more than its share
        if self.store.increment(tenant, "code-tenant", "all", hour, expires) > rules.MAX_CODES_PER_TENANT:
            raise SharedLimitReached(rules.BUSY_MESSAGE, busy)
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
        document = self._document(tenant, body)
        if document is None:
            raise Unauthorized(rules.WRONG_CODE_MESSAGE)
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
        return self.negotiation.statement(
            s.caller, s.debtor_id, include_prescribed=False, with_agreements=False
        )

    def statement_pdf(self, s: DebtorSession, title_ids: list[str] | None) -> bytes:
        """The demonstrativo of the debtor's own open titles (these, or all), never a prescribed one."""
        return self.negotiation.statement_pdf(
            s.caller, s.debtor_id, title_ids=title_ids, include_prescribed=False
        )

    def offers(self, s: DebtorSession, body: DebtorOffersIn) -> Offers:
        request = OffersIn(title_ids=body.title_ids, first_due_date=body.first_due_date)
        found = self.negotiation.offers(s.caller, s.debtor_id, request)
        if found.first_due_min and found.first_due_max:  # refused at the offers step, not at the end
            first, last = found.first_due_min, found.first_due_max
            if not first <= found.first_due_date <= last:
                raise InvalidInput(
                    "first_due_date", f"escolha uma data entre {first:%d/%m/%Y} e {last:%d/%m/%Y}"
                )
        return found.model_copy(update={"margin": None})  # the operators' margin is not the debtor's to see

    def preview_term(self, s: DebtorSession, body: DebtorAgreementIn) -> TermPreview:
        """The termo to read before "Li e aceito": the same text the PDF will have, the number to come."""
        return self.agreements.preview_term(s.caller, self._request(s, body))

    def close(
        self,
        s: DebtorSession,
        body: DebtorAgreementIn,
        idempotency_key: str | None,
        source_ip: str = "",
        user_agent: str = "",
    ) -> Agreement:
        """Closes the agreement the debtor chose, once they have read and accepted its termo (B13): the
        acceptance (when, IP, browser, the text's SHA-256) is stored with it and printed in the termo."""
        if body.accepted_term_sha256 is None:
            raise InvalidInput("accepted_term_sha256", "leia e aceite o termo do acordo para fechá-lo")
        acceptance = Acceptance(
            at=utc_timestamp(self.clock),
            channel="Negocia Online",
            ip=source_ip,
            user_agent=user_agent,
            text_sha256=body.accepted_term_sha256,
        )
        return self.agreements.create(s.caller, self._request(s, body), idempotency_key, acceptance)

    def _request(self, s: DebtorSession, body: DebtorAgreementIn) -> AgreementIn:
        if body.first_due_date < business_today(self.clock):
            raise InvalidInput("first_due_date", "escolha uma data a partir de hoje")
        return AgreementIn(debtor_id=s.debtor_id, **body.model_dump(exclude={"accepted_term_sha256"}))

    def next_payment(self, s: DebtorSession, agreement_id: str) -> NextPayment:
        """The first installment still to pay, with what the debtor pays it with once it is issued."""
        agreement = self._own(s, agreement_id)
        due = [i for i in agreement.installments if i.status is InstallmentStatus.PENDING]
        how = self.portfolio.get_creditor(s.tenant, agreement.creditor_id).payment_instructions
        return payment_of(agreement, due[0] if due else agreement.installments[-1], settled=not due, how=how)

    def my_agreements(self, s: DebtorSession) -> list[DebtorAgreement]:
        """Meus acordos: the debtor's agreements, newest first, each installment with its state and, while
        it is open, its PIX code, boleto or checkout (the 2ª via)."""
        found = self.agreements_store.of_debtor(s.tenant, s.debtor_id)
        creditors = {c.id: c for c in self.portfolio.list_creditors(s.tenant)}
        return [debtor_agreement(a, creditors.get(a.creditor_id)) for a in found]

    def _own(self, s: DebtorSession, agreement_id: str) -> Agreement:
        agreement = self.agreements.get(s.caller, agreement_id)
        if agreement.debtor_id != s.debtor_id:
            raise NotFound("acordo não encontrado")
        return agreement

    def term_url(self, s: DebtorSession, agreement_id: str) -> str:
        self._own(s, agreement_id)
        if self._term_url is None:
            raise NotFound("termo indisponível")
        return self._term_url(s.caller, agreement_id)
