"""Creditors and categories (F01, F03): who the portfolio is collected for, with each creditor's policy,
portador and payment instructions, and the categories that group debtors."""

from __future__ import annotations

from cobranca.domain.access import Screen
from cobranca.domain.breaks import payable_since
from cobranca.domain.dates import Clock, business_today, utc_timestamp
from cobranca.domain.documents import parse_document
from cobranca.domain.ids import new_id
from cobranca.domain.payments import check_portador
from cobranca.domain.portfolio import (
    Category,
    CategoryIn,
    CategoryPatch,
    Creditor,
    CreditorIn,
    CreditorPatch,
)
from cobranca.ports import Creditors
from cobranca.services.caller import Caller


class CreditorService:
    def __init__(self, repo: Creditors, clock: Clock) -> None:
        self.repo = repo
        self.clock = clock

    def _now(self) -> str:
        return utc_timestamp(self.clock)

    # ------------------------------------------------------------- creditors
    def create_creditor(self, caller: Caller, body: CreditorIn) -> Creditor:
        caller.require(Screen.CREDITORS)
        now = self._now()
        doc = parse_document(body.document)
        creditor = Creditor(
            id=new_id(),
            code=body.code,
            name=body.name,
            document=doc.number,
            document_kind=doc.kind,
            address=body.address,
            policy=body.policy,
            portador=body.portador,
            wallet_id=body.wallet_id,
            payment_instructions=body.payment_instructions,
            created_at=now,
            updated_at=now,
        )
        since = payable_since(None, creditor, business_today(self.clock))
        creditor = creditor.model_copy(update={"payable_since": since})
        check_portador(creditor.portador, creditor.wallet_id)
        self.repo.add_creditor(caller.tenant, creditor)
        return creditor

    def update_creditor(self, caller: Caller, creditor_id: str, body: CreditorPatch) -> Creditor:
        caller.require(Screen.CREDITORS)
        current = self.repo.get_creditor(caller.tenant, creditor_id)
        updated = current.model_copy(update={**body.changes(), "updated_at": self._now()})
        since = payable_since(current, updated, business_today(self.clock))
        updated = updated.model_copy(update={"payable_since": since})
        check_portador(updated.portador, updated.wallet_id)
        self.repo.update_creditor(caller.tenant, updated, old_code=current.code)
        return updated

    def get_creditor(self, caller: Caller, creditor_id: str) -> Creditor:
        return self.repo.get_creditor(caller.tenant, creditor_id)

    def list_creditors(self, caller: Caller) -> list[Creditor]:
        return self.repo.list_creditors(caller.tenant)

    # ------------------------------------------------------------- categories
    def create_category(self, caller: Caller, body: CategoryIn) -> Category:
        caller.require(Screen.CATEGORIES)
        now = self._now()
        category = Category(id=new_id(), name=body.name, color=body.color, created_at=now, updated_at=now)
        self.repo.put_category(caller.tenant, category, new=True)
        return category

    def update_category(self, caller: Caller, category_id: str, body: CategoryPatch) -> Category:
        caller.require(Screen.CATEGORIES)
        current = self.repo.get_category(caller.tenant, category_id)
        updated = current.model_copy(update={**body.changes(), "updated_at": self._now()})
        self.repo.put_category(caller.tenant, updated, new=False)
        return updated

    def get_category(self, caller: Caller, category_id: str) -> Category:
        return self.repo.get_category(caller.tenant, category_id)

    def list_categories(self, caller: Caller) -> list[Category]:
        return self.repo.list_categories(caller.tenant)
