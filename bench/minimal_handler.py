"""The smallest Powertools HTTP API handler with pydantic validation, one model and one route: what any
Lambda built on Powertools + pydantic imports (bench/cold_import's second baseline)."""

from typing import Any

from aws_lambda_powertools import Logger, Metrics
from aws_lambda_powertools.event_handler import APIGatewayHttpResolver
from pydantic import BaseModel

logger = Logger()
metrics = Metrics()
app = APIGatewayHttpResolver(enable_validation=True)


class Item(BaseModel):
    name: str


@app.post("/items")
def create(item: Item) -> Item:
    return item


@logger.inject_lambda_context
def lambda_handler(event: dict[str, Any], context: Any) -> dict[str, Any]:
    """The baseline a benchmark times beside one of ours (bench/payments.py)."""
    return app.resolve(event, context)
