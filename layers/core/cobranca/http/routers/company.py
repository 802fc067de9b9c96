"""Configurações of the tenant: the company's data, Meu plano and the e-mail domains (SES)."""

from __future__ import annotations

from aws_lambda_powertools.event_handler.api_gateway import Router

from cobranca.bootstrap import services
from cobranca.domain.company import Company, EmailDomain, EmailDomainIn, Plan
from cobranca.http.routers.common import caller
from cobranca.schemas.common import Page

router = Router()


@router.get("/company")
def get_company() -> Company:
    """The company's data as documents and the portal show it (404 until an admin fills it in)."""
    return services().company.company(caller(router))


@router.put("/company")
def put_company(body: Company) -> Company:
    return services().company.put_company(caller(router), body)


@router.get("/plan")
def get_plan() -> Plan:
    """Meu plano: every service and whether it is contracted (read-only)."""
    return services().company.plan(caller(router))


@router.get("/email-domains")
def list_email_domains() -> Page[EmailDomain]:
    return Page[EmailDomain](items=services().company.domains(caller(router)))


@router.post("/email-domains")
def register_email_domain(body: EmailDomainIn) -> EmailDomain:
    """Registers a domain to send from through the platform: the DNS records to publish (TXT, three
    DKIM CNAMEs, MAIL FROM MX and SPF, DMARC) and SES's verification status. Again: the same records."""
    return services().company.register_domain(caller(router), body)
