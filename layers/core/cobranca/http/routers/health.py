"""GET /health: the API is up and the caller's token and profile were read; admins also see the data
the platform depends on (price-index series that stopped being refreshed)."""

from __future__ import annotations

from aws_lambda_powertools.event_handler.api_gateway import Router

from cobranca.bootstrap import services
from cobranca.domain.access import Role
from cobranca.http.routers.common import caller
from cobranca.schemas.health import Health

router = Router()


@router.get("/health")
def health() -> Health:
    who = caller(router)
    if who.role is not Role.ADMIN:
        return Health(status="ok")
    indices = services().negotiation.index_health(who)
    return Health(status="degraded" if any(i.stale for i in indices) else "ok", indices=indices)
