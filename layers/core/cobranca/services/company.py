"""Configurações of the tenant itself: the company's data, Meu plano (read-only) and the e-mail domains
it sends from through the platform (SES), with the DNS records each needs."""

from __future__ import annotations

from typing import Protocol

from cobranca.domain.access import Screen
from cobranca.domain.company import (
    Company,
    DomainStatus,
    EmailDomain,
    EmailDomainIn,
    Plan,
    dns_records,
    domain_of,
    plan_of,
)
from cobranca.domain.dates import Clock, utc_timestamp
from cobranca.domain.errors import Conflict, NotFound
from cobranca.gateways import SenderIdentities
from cobranca.ports import Tenants
from cobranca.services.caller import Caller

SES_STATUS = {"Success": DomainStatus.VERIFIED, "Failed": DomainStatus.FAILED}


class CompanyStore(Protocol):
    def get_company(self, tenant: str) -> Company | None: ...
    def put_company(self, tenant: str, company: Company, at: str) -> None: ...
    def claim_domain(self, tenant: str, d: EmailDomain) -> None: ...
    def list_domains(self, tenant: str) -> list[EmailDomain]: ...
    def domain_owner(self, domain: str) -> str | None: ...


class CompanyService:
    def __init__(
        self, store: CompanyStore, tenants: Tenants, identities: SenderIdentities, clock: Clock
    ) -> None:
        self.store = store
        self.tenants = tenants
        self.identities = identities
        self.clock = clock

    def company(self, caller: Caller) -> Company:
        found = self.store.get_company(caller.tenant)
        if found is None:
            raise NotFound("dados da empresa ainda não cadastrados")
        return found

    def put_company(self, caller: Caller, body: Company) -> Company:
        caller.require_admin("somente o administrador altera os dados da empresa")
        self.store.put_company(caller.tenant, body, utc_timestamp(self.clock))
        return body

    def plan(self, caller: Caller) -> Plan:
        tenant = self.tenants.get_tenant(caller.tenant)
        if tenant is None:
            raise NotFound("empresa não encontrada")
        return plan_of(tenant.slug, tenant.name, tenant.services)

    # ------------------------------------------------------------- e-mail domains (F42)
    def register_domain(self, caller: Caller, body: EmailDomainIn) -> EmailDomain:
        """Starts SES's verification and says the records to publish; registering again is harmless."""
        caller.require_admin("somente o administrador altera os domínios de e-mail")
        owner = self.store.domain_owner(body.domain)
        if owner is not None and owner != caller.tenant:
            raise Conflict("este domínio já está cadastrado por outra empresa")
        token, dkim = self.identities.register_domain(body.domain)
        domain = EmailDomain(
            domain=body.domain,
            status=DomainStatus.PENDING,
            dkim_status=DomainStatus.PENDING,
            records=dns_records(body.domain, token, dkim, self.identities.region),
            registered_at=utc_timestamp(self.clock),
        )
        self.store.claim_domain(caller.tenant, domain)
        return self._with_status([domain])[0]

    def domains(self, caller: Caller) -> list[EmailDomain]:
        caller.require(Screen.MESSAGING)
        return self._with_status(self.store.list_domains(caller.tenant))

    def _with_status(self, domains: list[EmailDomain]) -> list[EmailDomain]:
        statuses = self.identities.domain_status([d.domain for d in domains])
        return [
            d.model_copy(
                update={
                    "status": SES_STATUS.get(statuses[d.domain][0], DomainStatus.PENDING),
                    "dkim_status": SES_STATUS.get(statuses[d.domain][1], DomainStatus.PENDING),
                }
            )
            for d in domains
        ]


class TenantSenders:
    """Which From addresses a tenant may use on the platform's SES: on a domain it registered (a domain
    is one tenant's), verified there. Another tenant's verified domain is refused."""

    def __init__(self, store: CompanyStore, identities: SenderIdentities) -> None:
        self.store = store
        self.identities = identities

    def refusal(self, tenant: str, address: str) -> str | None:
        if self.store.domain_owner(domain_of(address)) != tenant:
            return f"cadastre o domínio de {address} em Configurações → E-mail e publique os registros DNS"
        if not self.identities.verified(address):
            return f"{address} não está verificado no SES: publique os registros DNS do domínio e aguarde"
        return None
