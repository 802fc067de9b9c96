"""Base classes for every pydantic model: entities (read back) and commands (request bodies).

Schemas are built on first use (defer_build), not at import: a Lambda cold start pays only for
the models the first request touches.
"""

from __future__ import annotations

from pydantic import BaseModel, ConfigDict


class Entity(BaseModel):
    model_config = ConfigDict(extra="ignore", defer_build=True)


class Command(BaseModel):
    model_config = ConfigDict(extra="forbid", str_strip_whitespace=True, defer_build=True)

    def changes(self) -> dict[str, object]:
        """The fields the caller actually sent (a PATCH), as typed values, not dumped dicts."""
        return {name: getattr(self, name) for name in self.model_fields_set}
