"""Creditors (unique code per tenant, guarded) and debtor categories."""

from __future__ import annotations

from cobranca.domain.portfolio import Category, Creditor
from cobranca.store import keys as k
from cobranca.store.dynamo import get_or_404, transaction
from cobranca.store.items import (
    category_item,
    creditor_item,
    guard_item,
    to_category,
    to_creditor,
)
from cobranca.store.models import (
    CategoryItem,
    CounterItem,
    CreditorItem,
    GuardItem,
)


class DynamoCreditors:
    def add_creditor(self, tenant: str, c: Creditor) -> None:
        with transaction(f"já existe um credor com o código '{c.code}'") as tx:
            tx.save(
                guard_item(k.creditor_code_pk(tenant, c.code), c.id), condition=GuardItem.pk.does_not_exist()
            )
            tx.save(creditor_item(tenant, c), condition=CreditorItem.pk.does_not_exist())

    def update_creditor(self, tenant: str, c: Creditor, old_code: str) -> None:
        with transaction(f"já existe um credor com o código '{c.code}'") as tx:
            if c.code.upper() != old_code.upper():
                tx.delete(guard_item(k.creditor_code_pk(tenant, old_code), c.id))
                tx.save(
                    guard_item(k.creditor_code_pk(tenant, c.code), c.id),
                    condition=GuardItem.pk.does_not_exist(),
                )
            tx.save(creditor_item(tenant, c), condition=CreditorItem.pk.exists())

    def get_creditor(self, tenant: str, creditor_id: str) -> Creditor:
        return to_creditor(
            get_or_404(CreditorItem, k.tenant_pk(tenant), k.creditor_sk(creditor_id), "credor não encontrado")
        )

    def list_creditors(self, tenant: str) -> list[Creditor]:
        results = CreditorItem.query(k.tenant_pk(tenant), CreditorItem.sk.startswith(k.CREDITOR_PREFIX))
        return [to_creditor(i) for i in results]

    def offer_uses(self, tenant: str, creditor_id: str) -> dict[str, int]:
        """Agreements closed per offer code of the creditor (only offers with a quota count them)."""
        prefix = k.offer_uses_prefix(creditor_id)
        results = CounterItem.query(k.tenant_pk(tenant), CounterItem.sk.startswith(prefix))
        return {i.sk.removeprefix(prefix): int(i.value) for i in results}

    def put_category(self, tenant: str, c: Category, *, new: bool) -> None:
        item = category_item(tenant, c)
        item.save(condition=CategoryItem.pk.does_not_exist() if new else CategoryItem.pk.exists())

    def get_category(self, tenant: str, category_id: str) -> Category:
        return to_category(
            get_or_404(
                CategoryItem, k.tenant_pk(tenant), k.category_sk(category_id), "categoria não encontrada"
            )
        )

    def list_categories(self, tenant: str) -> list[Category]:
        results = CategoryItem.query(k.tenant_pk(tenant), CategoryItem.sk.startswith(k.CATEGORY_PREFIX))
        return [to_category(i) for i in results]
