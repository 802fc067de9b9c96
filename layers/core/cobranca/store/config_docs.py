"""A tenant's configuration documents: one item per document under the tenant's key, its fields in a
data map (templates, rulers, settings, batches, operator groups, the assignment rule)."""

from __future__ import annotations

from typing import TypeVar

from pydantic import BaseModel

from cobranca.domain.errors import NotFound
from cobranca.store import keys as k
from cobranca.store.dynamo import get_or_none
from cobranca.store.models import ConfigItem

E = TypeVar("E", bound=BaseModel)


def put_doc(tenant: str, sk: str, value: BaseModel, at: str, new: bool | None = None) -> None:
    """`new`: True must not exist yet, False must exist, None either."""
    item = ConfigItem(
        pk=k.tenant_pk(tenant), sk=sk, data=value.model_dump(mode="json", exclude_none=False), updated_at=at
    )
    if new is None:
        item.save()
    else:
        item.save(condition=ConfigItem.pk.does_not_exist() if new else ConfigItem.pk.exists())


def get_doc(tenant: str, sk: str, model: type[E]) -> E | None:
    item = get_or_none(ConfigItem, k.tenant_pk(tenant), sk)
    return model.model_validate(item.data) if item else None


def require_doc(tenant: str, sk: str, model: type[E], missing: str) -> E:
    found = get_doc(tenant, sk, model)
    if found is None:
        raise NotFound(missing)
    return found


def list_docs(tenant: str, prefix: str, model: type[E]) -> list[E]:
    rows = ConfigItem.query(k.tenant_pk(tenant), ConfigItem.sk.startswith(prefix))
    return [model.model_validate(r.data) for r in rows]


def delete_doc(tenant: str, sk: str) -> None:
    ConfigItem(pk=k.tenant_pk(tenant), sk=sk).delete()
