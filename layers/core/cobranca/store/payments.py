"""The tenant's payment settings as shown (the secrets are in Secrets Manager)."""

from __future__ import annotations

from cobranca.domain.payments import PaymentSettings
from cobranca.store import keys as k
from cobranca.store.config_docs import get_doc, put_doc


class DynamoPaymentSettings:
    def get(self, tenant: str) -> PaymentSettings | None:
        return get_doc(tenant, k.PAYMENT_SETTINGS_SK, PaymentSettings)

    def put(self, tenant: str, settings: PaymentSettings) -> None:
        put_doc(tenant, k.PAYMENT_SETTINGS_SK, settings, settings.updated_at)
