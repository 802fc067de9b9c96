"""Payment settings (admin): the tenant's Asaas account. The API key and the webhook token go to Secrets
Manager under the stage; the table and every answer keep only their last four characters."""

from __future__ import annotations

from typing import Protocol

from cobranca import secret_names
from cobranca.domain.dates import Clock, utc_timestamp
from cobranca.domain.errors import NotFound
from cobranca.domain.payments import PaymentSettings, PaymentSettingsIn, last4
from cobranca.gateways import SecretStore
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
