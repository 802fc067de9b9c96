"""A tenant's reference data: monthly price-index series (correção) and the termo's templates."""

from __future__ import annotations

from decimal import Decimal

from cobranca.store import keys as k
from cobranca.store.dynamo import get_or_none
from cobranca.store.models import (
    IndexSeriesItem,
    TemplateItem,
)


class DynamoReference:
    def get_index_series(self, tenant: str, name: str) -> dict[str, Decimal]:
        item = get_or_none(IndexSeriesItem, k.tenant_pk(tenant), k.index_sk(name))
        return {month: Decimal(value) for month, value in (item.values or {}).items()} if item else {}

    def put_index_series(self, tenant: str, name: str, values: dict[str, Decimal], at: str) -> None:
        IndexSeriesItem(
            pk=k.tenant_pk(tenant),
            sk=k.index_sk(name),
            name=name,
            values={month: str(value) for month, value in sorted(values.items())},
            updated_at=at,
        ).save()

    def get_term_template(self, tenant: str, scope: str) -> str | None:
        item = get_or_none(TemplateItem, k.tenant_pk(tenant), k.term_template_sk(scope))
        return str(item.text) if item else None

    def put_term_template(self, tenant: str, scope: str, text: str, at: str) -> None:
        TemplateItem(pk=k.tenant_pk(tenant), sk=k.term_template_sk(scope), text=text, updated_at=at).save()
