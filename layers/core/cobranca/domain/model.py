"""Base classes for every pydantic model: entities (read back) and commands (request bodies).

Schemas are built on first use (defer_build), not at import: a Lambda cold start pays only for
the models the first request touches.
"""

from __future__ import annotations

from typing import ClassVar, Self

from pydantic import BaseModel, ConfigDict, model_validator


class Entity(BaseModel):
    model_config = ConfigDict(extra="ignore", defer_build=True)


class Command(BaseModel):
    model_config = ConfigDict(extra="forbid", str_strip_whitespace=True, defer_build=True)

    def changes(self) -> dict[str, object]:
        """The fields the caller actually sent (a PATCH), as typed values, not dumped dicts."""
        return {name: getattr(self, name) for name in self.model_fields_set}


class Patch(Command):
    """A PATCH body: omit a field to keep it; null clears only the fields listed in `clearable`."""

    clearable: ClassVar[frozenset[str]] = frozenset()

    @model_validator(mode="after")
    def _refuse_nulls(self) -> Self:
        for name in sorted(self.model_fields_set):
            if getattr(self, name) is None and name not in self.clearable:
                raise ValueError(f"{name}: não pode ser nulo (omita o campo para mantê-lo)")
        return self
