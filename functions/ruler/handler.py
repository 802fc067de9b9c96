"""The régua de cobrança: EventBridge Scheduler, plus the manual batch actions' queue.

Daily 08:00 America/Sao_Paulo: {} runs every tenant from its last run through today (catch-up of up
to 7 days). {"date": "YYYY-MM-DD", "tenant": "..."} runs one date (manual or catch-up). Every 15
minutes {"action": "release"} puts deferred messages whose moment has come back on the send queue.
An SQS record {"tenant", "batch"} decides the messages of one manual batch action (F41).
"""

import json
from datetime import date

from aws_lambda_powertools import Logger, Metrics
from aws_lambda_powertools.metrics import MetricUnit
from aws_lambda_powertools.utilities.batch import BatchProcessor, EventType, process_partial_response
from aws_lambda_powertools.utilities.data_classes.sqs_event import SQSRecord
from aws_lambda_powertools.utilities.typing import LambdaContext

from cobranca.bootstrap import services

logger = Logger()
metrics = Metrics()
processor = BatchProcessor(event_type=EventType.SQS, raise_on_entire_batch_failure=False)


def plan_batch(record: SQSRecord) -> None:
    job = json.loads(record.body)
    report = services().ruler.plan_batch(job["tenant"], job["batch"])
    logger.info("batch action planned", extra={"batch": job["batch"], **report.model_dump(mode="json")})
    metrics.add_metric(name="MessagesQueued", unit=MetricUnit.Count, value=report.queued)


@logger.inject_lambda_context
@metrics.log_metrics
def lambda_handler(event: dict, context: LambdaContext) -> dict:
    if "Records" in event:
        return dict(
            process_partial_response(
                event=event, record_handler=plan_batch, processor=processor, context=context
            )
        )
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
