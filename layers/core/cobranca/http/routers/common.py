"""What every router needs: the caller from the middleware, and the page shape."""

from __future__ import annotations

from typing import Generic, TypeVar

from aws_lambda_powertools.event_handler.api_gateway import Router

from cobranca.domain.model import Entity
from cobranca.services.caller import Caller

T = TypeVar("T")


class Page(Entity, Generic[T]):
    items: list[T]
    next_cursor: str | None = None


def caller(router: Router) -> Caller:
    found: Caller = router.context["caller"]
    return found
