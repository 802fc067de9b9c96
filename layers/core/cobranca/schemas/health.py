"""Wire shape of /health."""

from __future__ import annotations

from cobranca.domain.model import Entity
from cobranca.schemas.negotiation import IndexHealth


class Health(Entity):
    status: str
    indices: list[IndexHealth] | None = None
