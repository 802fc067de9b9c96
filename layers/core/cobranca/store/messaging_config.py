"""The tenant's messaging configuration, each a document (a data map) under its key: message templates,
rulers, sending settings, manual batch actions and the ruler's last run."""

from __future__ import annotations

from datetime import date
from typing import TypeVar

from pydantic import BaseModel

from cobranca.domain.batches import Batch
from cobranca.domain.rulers import Ruler
from cobranca.domain.sending import SendingSettings
from cobranca.domain.templates import Template
from cobranca.store import keys as k
from cobranca.store.config_docs import get_doc, list_docs, put_doc, require_doc
from cobranca.store.dynamo import applied, get_or_none, once
from cobranca.store.models import (
    ConfigItem,
)

E = TypeVar("E", bound=BaseModel)


class DynamoMessagingConfig:
    def put_template(self, tenant: str, t: Template, *, new: bool) -> None:
        put_doc(tenant, k.message_template_sk(t.id), t, t.updated_at, new)

    def get_template(self, tenant: str, template_id: str) -> Template:
        return require_doc(
            tenant, k.message_template_sk(template_id), Template, "modelo de mensagem não encontrado"
        )

    def list_templates(self, tenant: str) -> list[Template]:
        return list_docs(tenant, k.MESSAGE_TEMPLATE_PREFIX, Template)

    def put_ruler(self, tenant: str, r: Ruler, *, new: bool) -> None:
        put_doc(tenant, k.ruler_sk(r.id), r, r.updated_at, new)

    def get_ruler(self, tenant: str, ruler_id: str) -> Ruler:
        return require_doc(tenant, k.ruler_sk(ruler_id), Ruler, "régua não encontrada")

    def list_rulers(self, tenant: str) -> list[Ruler]:
        return list_docs(tenant, k.RULER_PREFIX, Ruler)

    def get_settings(self, tenant: str) -> SendingSettings:
        return get_doc(tenant, k.SENDING_SK, SendingSettings) or SendingSettings()

    def put_settings(self, tenant: str, s: SendingSettings, at: str) -> None:
        put_doc(tenant, k.SENDING_SK, s, at)

    def create_batch(self, tenant: str, b: Batch, key: str, fingerprint: str) -> None:
        """The batch and its Idempotency-Key together; a key used before raises its IdempotentReplay."""
        item = ConfigItem(
            pk=k.tenant_pk(tenant),
            sk=k.batch_sk(b.id),
            data=b.model_dump(mode="json"),
            updated_at=b.created_at,
        )
        with once(tenant, "batch", key, b.id, fingerprint, b.created_at) as tx:
            tx.save(item, condition=ConfigItem.pk.does_not_exist())

    def put_batch(self, tenant: str, b: Batch) -> None:
        put_doc(tenant, k.batch_sk(b.id), b, b.updated_at, new=False)

    def get_batch(self, tenant: str, batch_id: str) -> Batch:
        return require_doc(tenant, k.batch_sk(batch_id), Batch, "ação em lote não encontrada")

    def list_batches(self, tenant: str) -> list[Batch]:
        return list_docs(tenant, k.BATCH_PREFIX, Batch)

    def last_run(self, tenant: str) -> date | None:
        item = get_or_none(ConfigItem, k.tenant_pk(tenant), k.RULER_STATE_SK)
        return date.fromisoformat(str(item.marker)) if item else None

    def set_last_run(self, tenant: str, day: date, at: str) -> None:
        """Only forward: a late manual run of an old date never moves the mark back."""
        item = ConfigItem(
            pk=k.tenant_pk(tenant), sk=k.RULER_STATE_SK, marker=day.isoformat(), data={}, updated_at=at
        )
        applied(
            lambda: item.save(
                condition=ConfigItem.pk.does_not_exist() | (ConfigItem.marker < day.isoformat())
            )
        )
