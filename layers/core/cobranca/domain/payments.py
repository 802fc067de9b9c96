"""Charging through a portador (F30): the tenant's Asaas settings (the secrets themselves live in Secrets
Manager, never in the table, an answer or a log) and which creditors charge through it, with the wallet
that receives their split."""

from __future__ import annotations

import re
from enum import StrEnum
from typing import Annotated, Literal

from pydantic import AfterValidator, Field, StringConstraints

from cobranca.domain.errors import InvalidInput
from cobranca.domain.model import Command, Entity


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
