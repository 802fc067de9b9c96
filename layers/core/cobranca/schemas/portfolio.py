"""Wire shapes of the portfolio routes."""

from __future__ import annotations

from pydantic import Field

from cobranca.domain.model import Command


class InvalidContactIn(Command):
    reason: str = Field(min_length=1, max_length=200)
