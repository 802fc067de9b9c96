"""One way between entities and items: an item stores each entity field under the field's own name,
as its JSON value (enums by value, dates in ISO, nested models as maps); only what is stored otherwise
(money in centavos, index keys) is written out by hand in the item builders."""

from __future__ import annotations

from typing import Any, TypeVar

from pydantic import BaseModel
from pynamodb.models import Model

E = TypeVar("E", bound=BaseModel)


def stored(entity: BaseModel, item: type[Model], **values: Any) -> dict[str, Any]:
    """The entity's fields that `item` declares, as JSON values, and `values` (keys, centavos...)."""
    names = item.get_attributes()
    dumped = entity.model_dump(mode="json")
    return {name: dumped[name] for name in names if name in dumped} | values


def read(model: type[E], item: Model, **values: Any) -> E:
    """The entity from the item's attributes named like its fields, and `values` (what is stored
        otherwise); pydantic turns the JSON values back into enums, dates and nested models, and an
    attribute never written takes the field's default."""
    names = type(item).get_attributes()
    found = {name: getattr(item, name) for name in model.model_fields if name in names}
    return model.model_validate({n: v for n, v in found.items() if v is not None} | values)
