"""Payment settings: the tenant's Asaas account (F30)."""

from __future__ import annotations

from aws_lambda_powertools.event_handler.api_gateway import Router

from cobranca.bootstrap import services
from cobranca.domain.payments import PaymentSettings, PaymentSettingsIn
from cobranca.http.routers.common import caller

router = Router()


@router.get("/payment-settings")
def get_payment_settings() -> PaymentSettings:
    """The settings without their secrets (the last four characters of each)."""
    return services().payment_settings.get(caller(router))


@router.put("/payment-settings")
def put_payment_settings(body: PaymentSettingsIn) -> PaymentSettings:
    """The API key and the webhook token go to Secrets Manager; they are never answered back."""
    return services().payment_settings.put(caller(router), body)
