"""ports.PortfolioRepository on the single table: one repository per aggregate (tenants, creditors and
categories, debtors with their contacts, titles and history, reference data) in one object."""

from __future__ import annotations

from cobranca.store.creditors import DynamoCreditors
from cobranca.store.debtors import DynamoDebtors
from cobranca.store.reference import DynamoReference
from cobranca.store.tenants import DynamoTenants


class DynamoPortfolio(DynamoTenants, DynamoCreditors, DynamoDebtors, DynamoReference):
    """The portfolio's repositories together (the services take the port they need)."""
