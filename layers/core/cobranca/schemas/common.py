"""Wire shapes every area shares: a page of a list."""

from __future__ import annotations

from typing import Generic, TypeVar

from cobranca.domain.model import Entity

T = TypeVar("T")


class Page(Entity, Generic[T]):
    items: list[T]
    next_cursor: str | None = None
