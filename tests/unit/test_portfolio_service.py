"""PortfolioService and NegotiationService on the in-memory portfolio (tests/fakes.py): the use cases'
own rules, without a store (the store's are in tests/integration)."""

from __future__ import annotations

from datetime import UTC, date, datetime
from decimal import Decimal

import pytest

from cobranca.domain.access import Role
from cobranca.domain.dates import SystemClock
from cobranca.domain.debt import Policy
from cobranca.domain.errors import Conflict, Forbidden, InvalidInput
from cobranca.domain.portfolio import CreditorIn, CreditorPatch, DebtorIn, DebtorPatch, TitleIn
from cobranca.services.caller import Caller
from cobranca.services.creditors import CreditorService
from cobranca.services.negotiation import NegotiationService
from cobranca.services.portfolio import PortfolioService
from tests.fakes import MemoryPortfolio, MemoryUsers

ADMIN = Caller("demo", "u-admin", "admin@demo.local", Role.ADMIN)
OTHER = Caller("outra", "u-outra", "admin@outra.local", Role.ADMIN)
CPF = "529.982.247-25"


@pytest.fixture
def world():
    clock = SystemClock()
    clock.pin(datetime(2026, 4, 9, 15, tzinfo=UTC))
    repo = MemoryPortfolio()
    return PortfolioService(repo, MemoryUsers(), clock), NegotiationService(repo, clock), repo


def test_one_debtor_per_document_and_every_change_is_in_the_history(world):
    portfolio, _, repo = world
    d = portfolio.create_debtor(ADMIN, DebtorIn(document=CPF, name="Maria da Silva"))
    assert d.document == "52998224725"
    with pytest.raises(Conflict):
        portfolio.create_debtor(ADMIN, DebtorIn(document="52998224725", name="Outra Maria"))
    portfolio.update_debtor(ADMIN, d.id, DebtorPatch(name="Maria Souza", uf="SP"))
    entries = repo.history[("demo", d.id)]
    assert [e.action for e in entries] == ["debtor.created", "debtor.updated"]
    assert entries[1].data["changes"]["name"] == {"de": "Maria da Silva", "para": "Maria Souza"}


def test_a_category_or_operator_that_does_not_exist_is_refused_by_field(world):
    portfolio, _, _ = world
    with pytest.raises(InvalidInput) as caught:
        portfolio.create_debtor(ADMIN, DebtorIn(document=CPF, name="Maria", category_id="nope"))
    assert caught.value.field == "category_id"
    with pytest.raises(InvalidInput) as caught:
        portfolio.create_debtor(ADMIN, DebtorIn(document=CPF, name="Maria", operator_id="nobody"))
    assert caught.value.field == "operator_id"


def test_an_operator_cannot_create_creditors(world):
    portfolio, _, _ = world
    operator = Caller("demo", "u-op", "operador@demo.local", Role.OPERATOR)
    with pytest.raises(Forbidden):
        CreditorService(portfolio.repo, portfolio.clock).create_creditor(
            operator, CreditorIn(code="ACME", name="Acme", document="11222333000181")
        )


def test_the_statement_updates_each_title_by_its_creditors_policy_and_names_the_creditor(world):
    portfolio, negotiation, _ = world
    creditors = CreditorService(portfolio.repo, portfolio.clock)
    creditor = creditors.create_creditor(
        ADMIN, CreditorIn(code="ACME", name="Acme", document="11222333000181")
    )
    policy = Policy(fine_percent=Decimal("2"), interest_percent_month=Decimal("1"))
    creditors.update_creditor(ADMIN, creditor.id, CreditorPatch(policy=policy))
    d = portfolio.create_debtor(ADMIN, DebtorIn(document=CPF, name="Maria"))
    due = date(2026, 3, 10)
    body = TitleIn(creditor_id=creditor.id, number="NF-1", original_amount=Decimal("1000.00"), due_date=due)
    portfolio.add_title(ADMIN, d.id, body)
    statement = negotiation.statement(ADMIN, d.id)
    line = statement.lines[0]
    assert (line.days_late, line.fine) == (30, Decimal("20.00"))  # 2 % fine, 30 days late
    assert line.interest == Decimal("10.00")  # 1 % a month, pro rata die over 30 days
    assert statement.totals.total == Decimal("1030.00")
    assert statement.creditors[0].document == "11.222.333/0001-81"


def test_another_tenants_debtor_is_not_found(world):
    portfolio, _, _ = world
    d = portfolio.create_debtor(ADMIN, DebtorIn(document=CPF, name="Maria"))
    with pytest.raises(Exception, match="não encontrado"):
        portfolio.get_debtor(OTHER, d.id)
