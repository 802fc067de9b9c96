"""Payment settings (admin): the tenant's Asaas account. The API key and the webhook token go to Secrets
Manager under the stage; the table and every answer keep only their last four characters."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace
from decimal import Decimal
from secrets import token_urlsafe
from typing import Protocol

from cobranca import secret_names
from cobranca.domain.company import Company
from cobranca.domain.dates import Clock, utc_timestamp
from cobranca.domain.errors import Conflict, NotFound
from cobranca.domain.payments import (
    CreditorAccountIn,
    Environment,
    PaymentSettings,
    PaymentSettingsIn,
    Portador,
    account_holder,
    last4,
)
from cobranca.domain.portfolio import Creditor, CreditorPatch
from cobranca.gateways import SecretStore, SubAccounts
from cobranca.services.caller import Caller
from cobranca.services.creditors import CreditorService


class PaymentSettingsStore(Protocol):
    def get(self, tenant: str) -> PaymentSettings | None: ...
    def put(self, tenant: str, settings: PaymentSettings) -> None: ...


REFUSAL = "somente o administrador vê e altera as configurações de pagamento"


class PaymentSettingsService:
    def __init__(
        self,
        store: PaymentSettingsStore,
        secrets: SecretStore,
        clock: Clock,
        stage: str,
        portfolio: CreditorService | None = None,
        accounts_for: Callable[[str], SubAccounts] | None = None,
    ) -> None:
        self.portfolio = portfolio  # the creditors whose Asaas accounts it makes
        self.accounts_for = accounts_for  # sub-accounts under an Asaas account (its API key)
        self.store = store
        self.secrets = secrets
        self.clock = clock
        self.stage = stage

    def get(self, caller: Caller) -> PaymentSettings:
        caller.require_admin(REFUSAL)
        found = self.store.get(caller.tenant)
        if found is None:
            raise NotFound("pagamentos ainda não configurados")
        return found

    def create_subaccount(
        self,
        tenant: str,
        company: Company,
        accounts: SubAccounts,
        income: Decimal,
        company_type: str,
        environment: Environment,
        webhook_base: str,
    ) -> PaymentSettings:
        """`cobranca asaas create-subaccount`: the tenant's own Asaas account under the platform's root
        account, its payment webhook pointing at cobranca; its API key (given once) and a new webhook
        token go to Secrets Manager, the wallet and account ids to the settings. A sub-account already
        made for the tenant's CNPJ is never made twice (its key cannot be read again: say so)."""
        existing = accounts.find(company.document)
        if existing:
            raise Conflict(
                f"já existe a subconta {existing} para este CNPJ; a chave dela só é mostrada na criação: "
                "cadastre-a em PUT /api/v1/payment-settings"
            )
        token = token_urlsafe(32)
        holder = account_holder(
            company.legal_name,
            company.document,
            company.email,
            company.phone,
            company.whatsapp,
            company.address,
            income,
            company_type,
        )
        url = f"{webhook_base.rstrip('/')}/webhooks/asaas/{tenant}"
        with_hook = replace(holder, webhook_url=url, webhook_token=token)
        account_id, wallet_id, api_key = accounts.create(with_hook)
        self.secrets.put(secret_names.asaas_api_key(self.stage, tenant), api_key)
        self.secrets.put(secret_names.asaas_webhook_token(self.stage, tenant), token)
        shown = PaymentSettings(
            environment=environment,
            api_key_last4=last4(api_key),
            webhook_token_last4=last4(token),
            updated_at=utc_timestamp(self.clock),
            account_id=account_id,
            wallet_id=wallet_id,
        )
        self.store.put(tenant, shown)
        return shown

    def creditor_account(self, caller: Caller, creditor_id: str, body: CreditorAccountIn) -> Creditor:
        """Configurações → Credores → "Criar conta no Asaas": the creditor's own Asaas account (under the
        tenant's), whose wallet receives its split; the creditor then charges through Asaas. Its key
        (given once) goes to Secrets Manager. A CPF/CNPJ that already has one is told to type its
        Wallet ID instead."""
        caller.require_admin(REFUSAL)
        if self.portfolio is None or self.accounts_for is None:
            raise Conflict("contas no Asaas indisponíveis nesta instalação")
        creditor = self.portfolio.get_creditor(caller, creditor_id)
        key = self.secrets.get(secret_names.asaas_api_key(self.stage, caller.tenant))
        if not key:
            raise Conflict("configure antes a conta do Asaas da empresa (Pagamentos e ERP)")
        accounts = self.accounts_for(key)
        holder = account_holder(
            creditor.name,
            creditor.document,
            body.email,
            body.mobile_phone,
            body.mobile_phone,
            creditor.address,
            body.income,
            body.company_type,
        )
        if accounts.find(creditor.document):
            raise Conflict("este CPF/CNPJ já tem conta no Asaas: informe o Wallet ID dela no credor")
        _, wallet_id, api_key = accounts.create(holder)
        self.secrets.put(secret_names.creditor_asaas_key(self.stage, caller.tenant, creditor.id), api_key)
        patch = CreditorPatch(portador=Portador.ASAAS, wallet_id=wallet_id)
        return self.portfolio.update_creditor(caller, creditor_id, patch)

    def put(self, caller: Caller, body: PaymentSettingsIn) -> PaymentSettings:
        caller.require_admin(REFUSAL)
        self.secrets.put(secret_names.asaas_api_key(self.stage, caller.tenant), body.api_key)
        self.secrets.put(secret_names.asaas_webhook_token(self.stage, caller.tenant), body.webhook_token)
        shown = PaymentSettings(
            provider=body.provider,
            environment=body.environment,
            api_key_last4=last4(body.api_key),
            webhook_token_last4=last4(body.webhook_token),
            updated_at=utc_timestamp(self.clock),
        )
        self.store.put(caller.tenant, shown)
        return shown
