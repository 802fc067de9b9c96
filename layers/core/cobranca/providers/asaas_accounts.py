"""Asaas sub-accounts (the tenants' and the creditors' own accounts under the platform's): the body
that creates one from an account holder, and the webhook the platform registers on each."""

from __future__ import annotations

import re
from typing import Any

from cobranca import secret_names
from cobranca.domain.payments import AccountHolder
from cobranca.gateways import SecretStore
from cobranca.providers.asaas import Asaas


class AsaasSubAccounts:
    """gateways.SubAccounts over the platform's root account."""

    def __init__(self, client: Asaas) -> None:
        self.client = client

    def find(self, document: str) -> str | None:
        found = self.client.find_account(document)
        return str(found["id"]) if found else None

    def create(self, holder: AccountHolder) -> tuple[str, str, str]:
        made = self.client.create_account(subaccount_body(holder))
        return str(made["id"]), str(made["walletId"]), str(made["apiKey"])


WEBHOOK_EVENTS = (
    "PAYMENT_CREATED",
    "PAYMENT_UPDATED",
    "PAYMENT_CONFIRMED",
    "PAYMENT_RECEIVED",
    "PAYMENT_RECEIVED_IN_CASH",
    "PAYMENT_OVERDUE",
    "PAYMENT_DELETED",
    "PAYMENT_RESTORED",
    "PAYMENT_REFUNDED",
    "PAYMENT_PARTIALLY_REFUNDED",
    "PAYMENT_REFUND_IN_PROGRESS",
    "PAYMENT_RECEIVED_IN_CASH_UNDONE",
    "PAYMENT_CHARGEBACK_REQUESTED",
    "PAYMENT_CHARGEBACK_DISPUTE",
    "PAYMENT_AWAITING_CHARGEBACK_REVERSAL",
)


def subaccount_body(h: AccountHolder) -> dict[str, Any]:
    """POST /v3/accounts (documented fields; incomeValue required since 2024), with cobranca's payment
    webhook when the holder is the tenant (a sub-account takes its own webhooks)."""
    a = h.address
    body: dict[str, Any] = {
        "name": h.name,
        "email": h.email,
        "cpfCnpj": _digits(h.document),
        "companyType": h.company_type,
        "mobilePhone": _phone(h.mobile),
        "phone": _phone(h.phone),
        "address": a.street,
        "addressNumber": a.number,
        "complement": a.complement or None,
        "province": a.district,
        "postalCode": _digits(a.zip_code),
        "incomeValue": float(h.income),
    }
    if h.webhook_url and h.webhook_token:
        body["webhooks"] = [
            {
                "name": "cobranca",
                "url": h.webhook_url,
                "email": h.email,
                "enabled": True,
                "interrupted": False,
                "apiVersion": 3,
                "authToken": h.webhook_token,
                "sendType": "SEQUENTIALLY",
                "events": list(WEBHOOK_EVENTS),
            }
        ]
    return {k: v for k, v in body.items() if v is not None}


def _digits(text: str) -> str:
    """Phones and CEPs as Asaas's examples write them: digits only."""
    return re.sub(r"\D", "", text)


def _phone(text: str) -> str:
    """DDD and number, without Brazil's country code (stored as +55…)."""
    digits = _digits(text)
    return digits[2:] if digits.startswith("55") and len(digits) > 11 else digits


def accounts_of(base_url: str, key: str) -> AsaasSubAccounts:
    """Sub-accounts under the Asaas account of this key (a tenant's: its creditors' accounts)."""
    return AsaasSubAccounts(Asaas(base_url, key))


def root_accounts(secrets: SecretStore, stage: str, base_url: str) -> AsaasSubAccounts:
    """The platform's root Asaas account (its key in Secrets Manager): the tenants' sub-accounts."""
    name = secret_names.asaas_root_key(stage)
    key = secrets.get(name)
    if not key:
        raise RuntimeError(f"sem a chave da conta raiz em {name}")
    return accounts_of(base_url, key)
