"""The régua de cobrança's three triggers, one entry point each (template.yaml: RulerFunction,
ReleaseFunction, BatchPlanFunction).

- `daily`: EventBridge Scheduler, 08:00 America/Sao_Paulo. `{}` runs every tenant from its last run
  through today (catch-up of up to 7 days); `{"date": "YYYY-MM-DD", "tenant": "..."}` runs one date.
- `release`: every 15 minutes, deferred messages whose moment has come go back on the send queue.
- `batch`: SQS records `{"tenant", "batch"}` from BatchQueue, each one manual batch action (F41).
"""

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


@logger.inject_lambda_context
@metrics.log_metrics
def daily(event: dict, context: LambdaContext) -> dict:
    day = date.fromisoformat(event["date"]) if event.get("date") else None
    reports = services().ruler.run(event.get("tenant") or None, day)
    for r in reports:
        logger.info("ruler day", extra=r.model_dump(mode="json"))
        metrics.add_metric(name="MessagesQueued", unit=MetricUnit.Count, value=r.queued)
    return {"days": [r.model_dump(mode="json") for r in reports]}


@logger.inject_lambda_context
@metrics.log_metrics
def release(event: dict, context: LambdaContext) -> dict:
    released = services().ruler.release_deferred(event.get("tenant") or None)
    metrics.add_metric(name="MessagesReleased", unit=MetricUnit.Count, value=released)
    return {"released": released}


def plan_batch(record: SQSRecord) -> None:
    from cobranca.jobs import BatchJob  # the job models (pydantic) load with the first record

    job = BatchJob.model_validate_json(record.body)
    report = services().ruler.plan_batch(job.tenant, job.batch)
    logger.info("batch action planned", extra={"batch": job.batch, **report.model_dump(mode="json")})
    metrics.add_metric(name="MessagesQueued", unit=MetricUnit.Count, value=report.queued)


@logger.inject_lambda_context
@metrics.log_metrics
def batch(event: dict, context: LambdaContext) -> dict:
    return dict(
        process_partial_response(event=event, record_handler=plan_batch, processor=processor, context=context)
    )
