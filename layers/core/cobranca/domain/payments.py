"""Charging through a portador (F30): the tenant's Asaas settings (the secrets themselves live in Secrets
Manager, never in the table, an answer or a log) and which creditors charge through it, with the wallet
that receives their split."""

from __future__ import annotations

import re
from dataclasses import dataclass
from decimal import Decimal
from enum import StrEnum
from typing import Annotated, Literal

from pydantic import AfterValidator, Field, StringConstraints, model_validator

from cobranca.domain.contacts import Address, Email
from cobranca.domain.errors import InvalidInput
from cobranca.domain.model import Command, Entity
from cobranca.domain.money import brl
from cobranca.domain.text import Description


class Environment(StrEnum):
    SANDBOX = "sandbox"
    PRODUCTION = "production"


class Portador(StrEnum):
    """Who issues a creditor's charges: Asaas, or nobody yet (mixed mode; own-bank boletos come later)."""

    ASAAS = "asaas"
    NONE = "none"


_WALLET = re.compile(r"^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$")


def _wallet(value: str) -> str:
    wallet = value.strip().lower()
    if not _WALLET.match(wallet):
        raise ValueError("Wallet ID inválido: é o identificador (UUID) da carteira do credor no Asaas")
    return wallet


WalletId = Annotated[str, AfterValidator(_wallet)]
Secret = Annotated[str, StringConstraints(min_length=20, max_length=400, pattern=r"^\S+$")]


class PaymentSettingsIn(Command):
    provider: Literal["asaas"] = "asaas"
    environment: Environment
    api_key: Secret = Field(description="the Asaas account's API key ($aact_…); write-only")
    webhook_token: Annotated[str, StringConstraints(min_length=32, max_length=255, pattern=r"^\S+$")] = Field(
        description="the token Asaas sends in asaas-access-token on every webhook; write-only"
    )


class PaymentSettings(Entity):
    """What the API shows of the settings: never a secret, only its last four characters."""

    provider: Literal["asaas"] = "asaas"
    environment: Environment
    api_key_last4: str
    webhook_token_last4: str
    updated_at: str
    account_id: str | None = Field(None, description="the tenant's Asaas sub-account, when cobranca made it")
    wallet_id: str | None = Field(None, description="that sub-account's wallet (transfers, splits)")


def last4(secret: str) -> str:
    return secret[-4:]


def check_portador(portador: Portador, wallet_id: str | None) -> None:
    """A creditor charged through Asaas needs the wallet its share is split to."""
    if portador is Portador.ASAAS and not wallet_id:
        raise InvalidInput(
            "wallet_id", "informe o Wallet ID do credor no Asaas: é para onde vai o repasse (split)"
        )


COMPANY_TYPES = ("MEI", "LIMITED", "INDIVIDUAL", "ASSOCIATION")


@dataclass(frozen=True, slots=True)
class AccountHolder:
    """Who an Asaas sub-account is made for (the tenant, or one of its creditors) and what Asaas asks."""

    name: str
    document: str  # CPF/CNPJ digits
    email: str
    phone: str
    mobile: str
    address: Address
    income: Decimal  # monthly revenue (PJ) or income (PF): incomeValue
    company_type: str | None  # for a CNPJ: MEI, LIMITED, INDIVIDUAL, ASSOCIATION
    webhook_url: str | None = None  # the tenant's own account gets cobranca's payment webhook
    webhook_token: str | None = None


def account_holder(
    name: str,
    document: str,
    email: str | None,
    phone: str | None,
    mobile: str | None,
    address: Address | None,
    income: Decimal,
    company_type: str | None,
) -> AccountHolder:
    """The holder, or the first thing Asaas would refuse, in pt-BR, naming the field."""
    if address is None:
        raise InvalidInput("address", "cadastre o endereço completo antes de criar a conta no Asaas")
    if not email:
        raise InvalidInput("email", "informe o e-mail de acesso da conta")
    if not (phone or mobile):
        raise InvalidInput("mobile_phone", "informe um celular com DDD")
    if len(document) == 14 and company_type not in COMPANY_TYPES:
        raise InvalidInput("company_type", f"use um de {', '.join(COMPANY_TYPES)}")
    return AccountHolder(
        name=name,
        document=document,
        email=email,
        phone=phone or mobile or "",
        mobile=mobile or phone or "",
        address=address,
        income=income,
        company_type=company_type,
    )


class CreditorAccountIn(Command):
    """POST /creditors/{id}/asaas-account: what Asaas needs beyond the creditor's own data."""

    email: Email = Field(description="the account's login e-mail (Asaas writes to it)")
    mobile_phone: Annotated[str, StringConstraints(min_length=10, max_length=20)]
    income: Annotated[Decimal, Field(gt=0, max_digits=14, decimal_places=2)] = Field(
        description="monthly revenue (R$), which Asaas requires"
    )
    company_type: Literal["MEI", "LIMITED", "INDIVIDUAL", "ASSOCIATION"] | None = None


Short = Annotated[str, StringConstraints(strip_whitespace=True, min_length=1, max_length=80)]


class PaymentInstructions(Command):
    """What the debtor needs to pay a creditor that has no portador: a PIX key and/or bank data."""

    pix_key: Short | None = Field(None, description="the PIX key (CPF/CNPJ, e-mail, phone or random key)")
    bank: Short | None = Field(None, description='the bank, e.g. "Banco do Brasil (001)"')
    agency: Short | None = None
    account: Short | None = None
    holder: Short | None = Field(None, description="the account holder's name")
    holder_document: Short | None = Field(None, description="the holder's CPF/CNPJ")
    notes: Description = ""

    @model_validator(mode="after")
    def _usable(self) -> PaymentInstructions:
        bank = (self.bank, self.agency, self.account, self.holder)
        if not self.pix_key and not all(bank):
            raise ValueError(
                "pix_key: informe a chave PIX ou os dados bancários completos "
                "(banco, agência, conta e titular)"
            )
        return self


def instructions_lines(p: PaymentInstructions, agreement_number: str, amount: Decimal) -> list[str]:
    """The instructions as the debtor reads them (portal, e-mail, console), amount and agreement named."""
    lines = [f"Pague {brl(amount)} referente ao acordo {agreement_number}:"]
    if p.pix_key:
        lines.append(f"PIX — chave {p.pix_key}" + (f" ({p.holder})" if p.holder else ""))
    if p.bank and p.agency and p.account and p.holder:
        document = f", {p.holder_document}" if p.holder_document else ""
        lines.append(f"Transferência — {p.bank}, agência {p.agency}, conta {p.account}, {p.holder}{document}")
    lines.append(f"Informe o número do acordo ({agreement_number}) no comprovante.")
    if p.notes:
        lines.append(p.notes)
    return lines
