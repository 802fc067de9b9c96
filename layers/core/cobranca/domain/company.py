"""The tenant as its debtors see it: the company's data (on documents and the portal), the contracted
services (Meu plano, read-only) and the e-mail domains it sends from, with the DNS records it must
publish (SES: domain verification, DKIM, a MAIL FROM subdomain with SPF, and DMARC)."""

from __future__ import annotations

import re
from enum import StrEnum
from typing import Annotated

from pydantic import AfterValidator, Field, StringConstraints

from cobranca.domain.contacts import (
    Address,
    Email,
    address_line,
    display_phone,
    normalize_phone,
    reason_as_value_error,
)
from cobranca.domain.documents import parse_document
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


class Collector(Entity):
    """Who is collecting, as the portal and the documents show it (CDC art. 42-A; LGPD: who controls
    the data)."""

    name: str
    document: str = Field(description="CNPJ (or CPF), formatted")
    phone: str | None = None
    whatsapp: str | None = Field(None, description="digits with the country code (a wa.me link)")
    email: str | None = None
    website: str | None = None
    service_hours: str = ""
    address: str = Field("", description="one line, as documents print it")
    city: str = Field("", description="where its letters are dated from")


def collector_of(company: Company) -> Collector:
    return Collector(
        name=company.trade_name or company.legal_name,
        document=parse_document(company.document).formatted,
        phone=company.phone,
        whatsapp=company.whatsapp.removeprefix("+") if company.whatsapp else None,
        email=company.email,
        website=company.website,
        service_hours=company.service_hours,
        address=address_line(company.address),
        city=company.address.city if company.address else "",
    )


def reach(c: Collector) -> str:
    """How to reach the agency, on one line: 'tel. (11) 3000-4000 · WhatsApp (11) 93000-4000 ·
    atendimento@… (seg a sex, 8h às 18h)' ("" when there is no channel)."""
    phone = c.phone and f"tel. {display_phone(c.phone)}"
    whatsapp = c.whatsapp and f"WhatsApp {display_phone(c.whatsapp)}"
    ways = " · ".join(x for x in (phone, whatsapp, c.email, c.website) if x)
    return ways + (f" ({c.service_hours})" if ways and c.service_hours else "")


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
