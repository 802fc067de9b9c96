"""Payment settings (admin): the tenant's Asaas account. The API key and the webhook token go to Secrets
Manager under the stage; the table and every answer keep only their last four characters."""

from __future__ import annotations

from decimal import Decimal
from secrets import token_urlsafe
from typing import Protocol

from cobranca import secret_names
from cobranca.domain.company import Company
from cobranca.domain.dates import Clock, utc_timestamp
from cobranca.domain.errors import Conflict, NotFound
from cobranca.domain.payments import Environment, PaymentSettings, PaymentSettingsIn, last4
from cobranca.gateways import SecretStore, SubAccounts
from cobranca.services.caller import Caller


class PaymentSettingsStore(Protocol):
    def get(self, tenant: str) -> PaymentSettings | None: ...
    def put(self, tenant: str, settings: PaymentSettings) -> None: ...


REFUSAL = "somente o administrador vê e altera as configurações de pagamento"


class PaymentSettingsService:
    def __init__(self, store: PaymentSettingsStore, secrets: SecretStore, clock: Clock, stage: str) -> None:
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
        url = f"{webhook_base.rstrip('/')}/webhooks/asaas/{tenant}"
        account_id, wallet_id, api_key = accounts.create(company, income, company_type, url, token)
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
