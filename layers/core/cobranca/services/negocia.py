"""Negocia Online use cases: identify by CPF/CNPJ + one-time code, then see, simulate and close."""

from __future__ import annotations

import datetime
from dataclasses import dataclass
from typing import Annotated

from pydantic import Field

from cobranca.domain import negocia as rules
from cobranca.domain.access import Role
from cobranca.domain.agreements import Agreement, AgreementIn, PaymentMethod
from cobranca.domain.dates import Clock, business_today
from cobranca.domain.documents import parse_document
from cobranca.domain.errors import InvalidInput, NotFound, TooManyRequests, Unauthorized
from cobranca.domain.model import Command, Entity
from cobranca.domain.portfolio import ContactKind, Email, Service, Tenant
from cobranca.domain.statement import Statement
from cobranca.ports import Mailer, NegociaStore, PortfolioRepository
from cobranca.services.agreements import AgreementService
from cobranca.services.caller import Caller
from cobranca.services.negotiation import NegotiationService, Offers, OffersIn

ACTOR = "negocia-online"


class CodeIn(Command):
    document: Annotated[str, Field(min_length=11, max_length=18)]


class SessionIn(Command):
    document: Annotated[str, Field(min_length=11, max_length=18)]
    code: Annotated[str, Field(min_length=6, max_length=6, pattern=r"^\d{6}$")]


class CodeSent(Entity):
    message: str


class SessionOut(Entity):
    token: str
    token_type: str = "Bearer"  # noqa: S105 - the scheme name, not a secret
    expires_in: int


class DebtorOffersIn(Command):
    title_ids: Annotated[list[str], Field(min_length=1, max_length=30)]
    first_due_date: datetime.date | None = None


class DebtorAgreementIn(Command):
    title_ids: Annotated[list[str], Field(min_length=1, max_length=30)]
    offer_code: str
    payment_method: PaymentMethod
    first_due_date: datetime.date
    email: Email


class PortalConfig(Entity):
    name: str
    card: bool = Field(description="Card payments offered (contracted service)")


class TermLink(Entity):
    url: str
    expires_in: int


@dataclass(frozen=True)
class DebtorSession:
    tenant: str
    debtor_id: str

    @property
    def caller(self) -> Caller:
        """What the shared services see: the portal acting for this debtor only."""
        return Caller(self.tenant, ACTOR, "Negocia Online", Role.OPERATOR)


class NegociaService:
    def __init__(
        self,
        portfolio: PortfolioRepository,
        store: NegociaStore,
        negotiation: NegotiationService,
        agreements: AgreementService,
        mailer: Mailer,
        clock: Clock,
    ) -> None:
        self.portfolio = portfolio
        self.store = store
        self.negotiation = negotiation
        self.agreements = agreements
        self.mailer = mailer
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

    def request_code(self, tenant: str, body: CodeIn) -> CodeSent:
        """Always the same answer; a code goes out only to a debtor with a valid e-mail on file."""
        self._enabled(tenant)
        document = parse_document(body.document).number
        now = self._now()
        requests = self.store.increment(
            tenant, "codes", document, rules.window(now, rules.CODE_MINUTES), int(now) + 3600
        )
        debtor_id = self.portfolio.debtor_id_by_document(tenant, document)
        if debtor_id is not None and requests <= rules.MAX_CODES_PER_DOCUMENT:
            debtor = self.portfolio.get_debtor(tenant, debtor_id)
            emails = [c.value for c in debtor.contacts if c.kind is ContactKind.EMAIL and c.valid]
            if emails:
                code = rules.new_code()
                expires = int(now) + rules.CODE_MINUTES * 60
                self.store.put_code(tenant, document, rules.code_digest(tenant, document, code), expires)
                self.mailer.send(
                    emails[0],
                    "Seu código para o Negocia Online",
                    f"Seu código de acesso é {code}. Ele vale por {rules.CODE_MINUTES} minutos.\n"
                    "Se você não pediu este código, ignore esta mensagem.",
                    [],
                )
        return CodeSent(message=rules.CODE_SENT_MESSAGE)

    def _failures(self, tenant: str, scope: str, key: str, now: float) -> int:
        # this window and the previous: at least the last 15 minutes, never less
        current = rules.window(now, rules.FAILURE_WINDOW_MINUTES)
        return sum(self.store.count(tenant, scope, key, w) for w in (current, current - 1))

    def open_session(self, tenant: str, body: SessionIn, source_ip: str) -> SessionOut:
        self._enabled(tenant)
        document = parse_document(body.document).number
        now = self._now()
        if (
            self._failures(tenant, "fail-doc", document, now) >= rules.MAX_FAILURES_PER_DOCUMENT
            or self._failures(tenant, "fail-ip", source_ip, now) >= rules.MAX_FAILURES_PER_IP
        ):
            raise TooManyRequests(rules.LOCKED_MESSAGE)
        stored = self.store.get_code(tenant, document)
        valid = (
            stored is not None
            and stored.expires_at > now
            and rules.codes_match(stored.digest, tenant, document, body.code)
            and self.store.use_code(tenant, document, stored.digest)
        )
        debtor_id = self.portfolio.debtor_id_by_document(tenant, document) if valid else None
        if debtor_id is None:
            expires = int(now) + 2 * rules.FAILURE_WINDOW_MINUTES * 60
            window = rules.window(now, rules.FAILURE_WINDOW_MINUTES)
            self.store.increment(tenant, "fail-doc", document, window, expires)
            self.store.increment(tenant, "fail-ip", source_ip, window, expires)
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
        return self.negotiation.statement(s.caller, s.debtor_id)

    def offers(self, s: DebtorSession, body: DebtorOffersIn) -> Offers:
        return self.negotiation.offers(
            s.caller, s.debtor_id, OffersIn(title_ids=body.title_ids, first_due_date=body.first_due_date)
        )

    def close(self, s: DebtorSession, body: DebtorAgreementIn, idempotency_key: str | None) -> Agreement:
        if body.first_due_date < business_today(self.clock):
            raise InvalidInput("first_due_date", "escolha uma data a partir de hoje")
        request = AgreementIn(debtor_id=s.debtor_id, **body.model_dump())
        return self.agreements.create(s.caller, request, idempotency_key)

    def term_url(self, s: DebtorSession, agreement_id: str) -> str:
        agreement = self.agreements.get(s.caller, agreement_id)
        if agreement.debtor_id != s.debtor_id:
            raise NotFound("acordo não encontrado")
        return self.agreements.term_url(s.caller, agreement_id)
