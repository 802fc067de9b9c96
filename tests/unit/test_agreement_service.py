"""AgreementService on the in-memory ports (tests/fakes.py): closing once per Idempotency-Key, even when
a retry races the request that won."""

from __future__ import annotations

from datetime import UTC, date, datetime
from decimal import Decimal

import pytest

from cobranca.domain.access import Role
from cobranca.domain.agreements import AgreementIn, PaymentMethod
from cobranca.domain.dates import SystemClock
from cobranca.domain.debt import OfferRule, Policy
from cobranca.domain.errors import Conflict
from cobranca.domain.idempotency import IdempotentReplay
from cobranca.domain.portfolio import CreditorIn, CreditorPatch, DebtorIn, TitleIn
from cobranca.services.agreements import AgreementService, NoCharges
from cobranca.services.caller import Caller
from cobranca.services.creditors import CreditorService
from cobranca.services.negotiation import NegotiationService
from cobranca.services.portfolio import PortfolioService
from cobranca.services.terms import TermService
from tests.fakes import MemoryAgreements, MemoryMailer, MemoryObjects, MemoryPortfolio, MemoryUsers

ADMIN = Caller("demo", "u-admin", "admin@demo.local", Role.ADMIN)
KEY = "retry-key-0001"


class World:
    def __init__(self) -> None:
        self.clock = SystemClock()
        self.clock.pin(datetime(2026, 4, 9, 15, tzinfo=UTC))
        self.repo = MemoryPortfolio()
        self.store = MemoryAgreements(self.repo)
        self.mailer = MemoryMailer()
        portfolio = PortfolioService(self.repo, MemoryUsers(), self.clock)
        negotiation = NegotiationService(self.repo, self.clock)
        terms = TermService(self.repo, self.store, MemoryObjects(), self.mailer, self.clock)
        self.service = AgreementService(self.repo, self.store, negotiation, NoCharges(), terms, self.clock)
        creditors = CreditorService(self.repo, self.clock)
        creditor = creditors.create_creditor(
            ADMIN, CreditorIn(code="ACME", name="Acme", document="11222333000181")
        )
        policy = Policy(offers=[OfferRule(code="AVISTA", name="À vista", installments=0)])
        creditors.update_creditor(ADMIN, creditor.id, CreditorPatch(policy=policy))
        self.debtor = portfolio.create_debtor(ADMIN, DebtorIn(document="52998224725", name="Maria"))
        title = TitleIn(
            creditor_id=creditor.id,
            number="NF-1",
            original_amount=Decimal("500.00"),
            due_date=date(2026, 3, 10),
        )
        self.title = portfolio.add_title(ADMIN, self.debtor.id, title)

    def body(self, email: str = "maria@example.com") -> AgreementIn:
        return AgreementIn(
            debtor_id=self.debtor.id,
            title_ids=[self.title.id],
            offer_code="AVISTA",
            payment_method=PaymentMethod.PIX,
            first_due_date=date(2026, 4, 10),
            email=email,
        )


def test_the_same_key_returns_the_same_agreement_and_another_request_with_it_is_409():
    w = World()
    first = w.service.create(ADMIN, w.body(), KEY)
    again = w.service.create(ADMIN, w.body(), KEY)
    assert again.id == first.id
    assert len(w.mailer.sent) == 1  # the termo went once
    with pytest.raises(Conflict, match="Idempotency-Key"):
        w.service.create(ADMIN, w.body(email="outra@example.com"), KEY)


def test_a_retry_that_finds_its_titles_taken_by_its_own_winning_request_gets_that_agreement(monkeypatch):
    """The race: the retry looks the key up before the winner commits, then finds the titles in the
    agreement the winner made. It answers that agreement, not 409 (fails on the code before the fix)."""
    w = World()
    winner = w.service.create(ADMIN, w.body(), KEY)
    lookups = {"n": 0}
    real = w.store.find_idempotent

    def late(tenant: str, key: str) -> IdempotentReplay | None:
        lookups["n"] += 1
        return None if lookups["n"] == 1 else real(tenant, key)  # the first lookup ran before the commit

    monkeypatch.setattr(w.store, "find_idempotent", late)
    assert w.service.create(ADMIN, w.body(), KEY).id == winner.id
