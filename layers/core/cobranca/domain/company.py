"""The tenant as its debtors see it: the company's data (on documents and the portal), the contracted
services (Meu plano, read-only) and the e-mail domains it sends from, with the DNS records it must
publish (SES: domain verification, DKIM, a MAIL FROM subdomain with SPF, and DMARC)."""

from __future__ import annotations

import re
from enum import StrEnum
from typing import Annotated

from pydantic import AfterValidator, Field, StringConstraints

from cobranca.domain.contacts import Address, Email, normalize_phone, reason_as_value_error
from cobranca.domain.model import Command, Entity
from cobranca.domain.portfolio import DocumentNumber, Service
from cobranca.domain.text import Name, Plain

Phone = Annotated[str, AfterValidator(lambda v: reason_as_value_error(normalize_phone, v))]
Optional200 = Annotated[str, StringConstraints(max_length=200), Plain]
Website = Annotated[str, StringConstraints(max_length=200, pattern=r"^https://[^\s/]+\.[^\s]+$")]


class Company(Command):
    """What documents and the portal say about who collects (CDC art. 42-A asks for it on every charge)."""

    legal_name: Name = Field(description="razão social")
    trade_name: Annotated[str, StringConstraints(max_length=200), Plain] = Field(
        "", description="nome fantasia"
    )
    document: DocumentNumber = Field(description="CNPJ (or CPF of a sole collector)")
    address: Address | None = None
    phone: Phone | None = None
    whatsapp: Phone | None = None
    email: Email | None = None
    website: Website | None = None
    service_hours: Annotated[str, StringConstraints(max_length=120), Plain] = Field(
        "", description="when the agency answers, e.g. 'seg a sex, 8h às 18h'"
    )


SERVICE_LABELS: dict[Service, str] = {
    Service.NEGOCIA_ONLINE: "Negocia Online (portal do devedor)",
    Service.WHATSAPP: "WhatsApp",
    Service.SMS: "SMS",
    Service.EMAIL: "E-mail",
    Service.LETTER: "Cartas",
    Service.CARD: "Cartão de crédito",
}


class PlanService(Entity):
    code: Service
    name: str
    contracted: bool


class Plan(Entity):
    """Meu plano: every service and whether the tenant has it (changed by the platform, not here)."""

    tenant: str
    name: str
    services: list[PlanService]


def plan_of(tenant: str, name: str, contracted: list[Service]) -> Plan:
    services = [
        PlanService(code=s, name=label, contracted=s in contracted) for s, label in SERVICE_LABELS.items()
    ]
    return Plan(tenant=tenant, name=name, services=services)


# ------------------------------------------------------------------ e-mail domains
_LABEL = r"(?!-)[a-z0-9-]{1,63}(?<!-)"
_DOMAIN = re.compile(rf"^(?:{_LABEL}\.)+[a-z]{{2,63}}$")
PLATFORM_SUFFIXES = ("amazonses.com", "cobranca.example")  # never a tenant's


def _domain(value: str) -> str:
    domain = value.strip().lower().rstrip(".")
    if not _DOMAIN.match(domain) or len(domain) > 253:
        raise ValueError("domínio inválido: informe só o domínio, por exemplo suaempresa.com.br")
    if any(domain == s or domain.endswith("." + s) for s in PLATFORM_SUFFIXES):
        raise ValueError("este domínio é da plataforma")
    return domain


Domain = Annotated[str, AfterValidator(_domain)]
MAIL_FROM_LABEL = "bounce"  # the MAIL FROM subdomain: SPF aligns on it, bounces come back to SES


class EmailDomainIn(Command):
    domain: Domain


class RecordPurpose(StrEnum):
    VERIFICATION = "verification"
    DKIM = "dkim"
    MAIL_FROM = "mail_from"
    SPF = "spf"
    DMARC = "dmarc"


class DnsRecord(Entity):
    type: str
    name: str
    value: str
    purpose: RecordPurpose


class DomainStatus(StrEnum):
    PENDING = "pending"  # records not seen yet (DNS can take up to 72 h)
    VERIFIED = "verified"
    FAILED = "failed"  # SES gave up: publish the records and register again


class EmailDomain(Entity):
    domain: str
    status: DomainStatus
    dkim_status: DomainStatus
    records: list[DnsRecord]
    registered_at: str


def dns_records(domain: str, verification_token: str, dkim_tokens: list[str], region: str) -> list[DnsRecord]:
    """The records SES needs for `domain`: its TXT token, three DKIM CNAMEs, the MAIL FROM subdomain's
    MX and SPF, and a DMARC policy that only reports (p=none) to start with."""
    mail_from = f"{MAIL_FROM_LABEL}.{domain}"
    P = RecordPurpose
    feedback = f"feedback-smtp.{region}.amazonses.com"
    dkim = [(f"{t}._domainkey.{domain}", f"{t}.dkim.amazonses.com") for t in dkim_tokens]
    return [
        DnsRecord(type="TXT", name=f"_amazonses.{domain}", value=verification_token, purpose=P.VERIFICATION),
        *(DnsRecord(type="CNAME", name=name, value=value, purpose=P.DKIM) for name, value in dkim),
        DnsRecord(type="MX", name=mail_from, value=f"10 {feedback}", purpose=P.MAIL_FROM),
        DnsRecord(type="TXT", name=mail_from, value="v=spf1 include:amazonses.com ~all", purpose=P.SPF),
        DnsRecord(type="TXT", name=f"_dmarc.{domain}", value="v=DMARC1; p=none;", purpose=P.DMARC),
    ]


def domain_of(address: str) -> str:
    return address.rpartition("@")[2].lower()
