"""The régua de cobrança on EventBridge Scheduler.

Daily 08:00 America/Sao_Paulo: {} runs every tenant from its last run through today (catch-up of up
to 7 days). {"date": "YYYY-MM-DD", "tenant": "..."} runs one date (manual or catch-up). Every 15
minutes {"action": "release"} puts deferred messages whose moment has come back on the send queue.
"""

from datetime import date

from aws_lambda_powertools import Logger, Metrics
from aws_lambda_powertools.metrics import MetricUnit
from aws_lambda_powertools.utilities.typing import LambdaContext

from cobranca.bootstrap import services

logger = Logger()
metrics = Metrics()


@logger.inject_lambda_context
@metrics.log_metrics
def lambda_handler(event: dict, context: LambdaContext) -> dict:
    ruler = services().ruler
    tenant = event.get("tenant") or None
    if event.get("action") == "release":
        released = ruler.release_deferred(tenant)
        metrics.add_metric(name="MessagesReleased", unit=MetricUnit.Count, value=released)
        return {"released": released}
    reports = ruler.run(tenant, date.fromisoformat(event["date"]) if event.get("date") else None)
    for r in reports:
        logger.info("ruler day", extra=r.model_dump(mode="json"))
        metrics.add_metric(name="MessagesQueued", unit=MetricUnit.Count, value=r.queued)
    return {"days": [r.model_dump(mode="json") for r in reports]}
