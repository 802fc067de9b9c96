"""Payment settings: the tenant's Asaas account (F30), and the notices to its ERP (F04)."""

from __future__ import annotations

from typing import Annotated

from aws_lambda_powertools.event_handler.api_gateway import Router
from aws_lambda_powertools.event_handler.openapi.params import Query

from cobranca.bootstrap import services
from cobranca.domain.erp import DeliveryStatus, ErpDelivery, ErpWebhook, ErpWebhookIn
from cobranca.domain.erp_clients import ErpClient, ErpClientCreated, ErpClientIn
from cobranca.domain.payments import PaymentSettings, PaymentSettingsIn
from cobranca.http.openapi import CREATED
from cobranca.http.routers.common import caller
from cobranca.schemas.common import Page

router = Router()


@router.get("/payment-settings")
def get_payment_settings() -> PaymentSettings:
    """The settings without their secrets (the last four characters of each)."""
    return services().payment_settings.get(caller(router))


@router.put("/payment-settings")
def put_payment_settings(body: PaymentSettingsIn) -> PaymentSettings:
    """The API key and the webhook token go to Secrets Manager; they are never answered back."""
    return services().payment_settings.put(caller(router), body)


@router.get("/erp-webhook")
def get_erp_webhook() -> ErpWebhook:
    """Where the ERP notices go and which events; the secret's last four characters only."""
    return services().erp.get_webhook(caller(router))


@router.put("/erp-webhook")
def put_erp_webhook(body: ErpWebhookIn) -> ErpWebhook:
    """The ERP's address (a public https one) and the secret its notices are signed with
    (Cobranca-Signature: t=<unix>,v1=<hex HMAC-SHA256 of "<t>.<body>">)."""
    return services().erp.put_webhook(caller(router), body)


@router.get("/erp-deliveries")
def list_erp_deliveries(
    status: Annotated[DeliveryStatus | None, Query()] = None,
    limit: Annotated[int, Query(ge=1, le=200)] = 50,
) -> Page[ErpDelivery]:
    """The notices to the ERP, newest first, with how each delivery went."""
    return Page[ErpDelivery](items=services().erp.list_deliveries(caller(router), status, limit))


@router.post("/erp-deliveries/<delivery_id>/retry")
def retry_erp_delivery(delivery_id: str) -> ErpDelivery:
    """Sends a failed notice again now (the same id: the ERP dedupes it)."""
    return services().erp.retry(caller(router), delivery_id)


@router.get("/erp-clients")
def list_erp_clients() -> Page[ErpClient]:
    """The ERP's machine credentials, newest first (never their secrets)."""
    return Page[ErpClient](items=services().erp_clients.list(caller(router)))


@router.post("/erp-clients", responses=CREATED)
def create_erp_client(body: ErpClientIn) -> tuple[ErpClientCreated, int]:
    """A client for the client-credentials grant: POST its id and secret (HTTP Basic) to `token_url`
    with grant_type=client_credentials, then call /api/v1/erp/... with the access token. The secret
    is shown only in this answer."""
    return services().erp_clients.create(caller(router), body), 201


@router.delete("/erp-clients/<client_id>")
def revoke_erp_client(client_id: str) -> ErpClient:
    """Revokes the client: its secret stops working and its tokens are refused (within the gateway's
    five-minute authorizer cache)."""
    return services().erp_clients.revoke(caller(router), client_id)
