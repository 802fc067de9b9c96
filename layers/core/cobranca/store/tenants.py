"""Tenants (the collection agencies, administrators and companies using cobranca) and their services."""

from __future__ import annotations

from cobranca.domain.portfolio import Tenant
from cobranca.store import keys as k
from cobranca.store.dynamo import get_or_none
from cobranca.store.models import (
    TenantItem,
)


class DynamoTenants:
    def get_tenant(self, slug: str) -> Tenant | None:
        i = get_or_none(TenantItem, k.tenant_pk(slug), k.TENANT_SK)
        return Tenant(slug=i.slug, name=i.name, services=list(i.services or [])) if i else None

    def list_tenants(self) -> list[Tenant]:
        return [
            Tenant(slug=i.slug, name=i.name, services=list(i.services or []))
            for i in TenantItem.gsi1.query(k.TENANTS_LIST)
        ]

    def put_tenant(self, t: Tenant) -> None:
        TenantItem(
            pk=k.tenant_pk(t.slug),
            sk=k.TENANT_SK,
            slug=t.slug,
            name=t.name,
            services=[s.value for s in t.services],
            gsi1pk=k.TENANTS_LIST,
            gsi1sk=t.slug,
        ).save()
