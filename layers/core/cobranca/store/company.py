"""The company's data and its e-mail domains (configuration documents), and the platform-wide guard
that gives each sending domain to one tenant."""

from __future__ import annotations

from cobranca.domain.company import Company, EmailDomain
from cobranca.store import keys as k
from cobranca.store.config_docs import get_doc, list_docs, put_doc
from cobranca.store.dynamo import get_or_none, transaction
from cobranca.store.models import ConfigItem, GuardItem


class DynamoCompany:
    def get_company(self, tenant: str) -> Company | None:
        return get_doc(tenant, k.COMPANY_SK, Company)

    def put_company(self, tenant: str, company: Company, at: str) -> None:
        put_doc(tenant, k.COMPANY_SK, company, at)

    def claim_domain(self, tenant: str, d: EmailDomain) -> None:
        """Records the domain for the tenant; a domain another tenant holds is refused (Conflict)."""
        guard = GuardItem(pk=k.email_domain_guard_pk(d.domain), sk=k.GUARD_SK, target_id=tenant)
        doc = ConfigItem(
            pk=k.tenant_pk(tenant),
            sk=k.email_domain_sk(d.domain),
            data=d.model_dump(mode="json"),
            updated_at=d.registered_at,
        )
        with transaction("este domínio já está cadastrado por outra empresa") as tx:
            tx.save(guard, condition=GuardItem.pk.does_not_exist() | (GuardItem.target_id == tenant))
            tx.save(doc)

    def list_domains(self, tenant: str) -> list[EmailDomain]:
        return list_docs(tenant, k.EMAIL_DOMAIN_PREFIX, EmailDomain)

    def domain_owner(self, domain: str) -> str | None:
        guard = get_or_none(GuardItem, k.email_domain_guard_pk(domain), k.GUARD_SK)
        return str(guard.target_id) if guard else None
