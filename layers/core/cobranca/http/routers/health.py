"""GET /health: the API is up and the caller's token and profile were read."""

from __future__ import annotations

from aws_lambda_powertools.event_handler.api_gateway import Router

router = Router()


@router.get("/health")
def health() -> dict[str, str]:
    return {"status": "ok"}
