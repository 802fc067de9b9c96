"""The ERP webhook (a configuration document; its secret is in Secrets Manager) and its deliveries: one
item per notice, created once by its id, listed newest first through GSI1. The ERP's machine clients:
one item each, keyed by the client id (the authorizer's one read), listed per tenant through GSI1."""

from __future__ import annotations

from cobranca.domain.erp import DeliveryStatus, ErpDelivery, ErpWebhook
from cobranca.domain.erp_clients import ErpClient
from cobranca.store import keys as k
from cobranca.store.config_docs import get_doc, put_doc
from cobranca.store.dynamo import create_if_absent, get_or_none
from cobranca.store.mapping import read, stored
from cobranca.store.models import ConfigItem, ErpDeliveryItem


def _item(tenant: str, d: ErpDelivery) -> ErpDeliveryItem:
    return ErpDeliveryItem(
        **stored(
            d,
            ErpDeliveryItem,
            pk=k.erp_delivery_pk(tenant, d.id),
            sk=k.ERP_DELIVERY_SK,
            gsi1pk=k.erp_deliveries(tenant),
            gsi1sk=k.sort_key(d.created_at, d.id),
        )
    )


class DynamoErp:
    def get_webhook(self, tenant: str) -> ErpWebhook | None:
        return get_doc(tenant, k.ERP_WEBHOOK_SK, ErpWebhook)

    def put_webhook(self, tenant: str, webhook: ErpWebhook) -> None:
        put_doc(tenant, k.ERP_WEBHOOK_SK, webhook, webhook.updated_at)

    def add_delivery(self, tenant: str, d: ErpDelivery) -> bool:
        """False when a delivery with its id exists: the same fact was told before."""
        return create_if_absent(_item(tenant, d))

    def get_delivery(self, tenant: str, delivery_id: str) -> ErpDelivery | None:
        found = get_or_none(ErpDeliveryItem, k.erp_delivery_pk(tenant, delivery_id), k.ERP_DELIVERY_SK)
        return read(ErpDelivery, found) if found else None

    def save_delivery(self, tenant: str, d: ErpDelivery) -> None:
        """The outcome of a try (the worker is the only writer of a delivery after its creation)."""
        _item(tenant, d).save()

    def list_deliveries(self, tenant: str, status: DeliveryStatus | None, limit: int) -> list[ErpDelivery]:
        rows = ErpDeliveryItem.gsi1.query(
            k.erp_deliveries(tenant),
            filter_condition=(ErpDeliveryItem.status == status.value) if status else None,
            scan_index_forward=False,
            limit=limit,
        )
        return [read(ErpDelivery, r) for r in rows if isinstance(r, ErpDeliveryItem)]

    def put_client(self, client: ErpClient) -> None:
        ConfigItem(
            pk=k.erp_client_pk(client.client_id),
            sk=k.ERP_CLIENT_SK,
            data=client.model_dump(mode="json"),
            updated_at=client.revoked_at or client.created_at,
            gsi1pk=k.erp_clients(client.tenant),
            gsi1sk=k.sort_key(client.created_at, client.client_id),
        ).save()

    def get_client(self, client_id: str) -> ErpClient | None:
        found = get_or_none(ConfigItem, k.erp_client_pk(client_id), k.ERP_CLIENT_SK)
        return ErpClient.model_validate(found.data) if found else None

    def list_clients(self, tenant: str) -> list[ErpClient]:
        rows = ConfigItem.gsi1.query(k.erp_clients(tenant), scan_index_forward=False)
        return [ErpClient.model_validate(r.data) for r in rows if isinstance(r, ConfigItem)]
