"""Payments' two entry points (template.yaml):

- `events` (PaymentEventsFunction): the PaymentEventQueue worker. Each record is one portador webhook
  body, applied to its installment once (settled, reversed, refreshed) whatever the order or the number
  of deliveries. A failure leaves the record on the queue (SQS tries it again, then its DLQ).
- `breaks` (BreaksFunction): the daily run that breaks agreements unpaid past the creditor's limit.
"""

from aws_lambda_powertools import Logger, Metrics
from aws_lambda_powertools.metrics import MetricUnit
from aws_lambda_powertools.utilities.batch import BatchProcessor, EventType, process_partial_response
from aws_lambda_powertools.utilities.data_classes.sqs_event import SQSRecord
from aws_lambda_powertools.utilities.typing import LambdaContext

from cobranca.bootstrap import services

logger = Logger()
metrics = Metrics()
processor = BatchProcessor(event_type=EventType.SQS, raise_on_entire_batch_failure=False)


def apply(record: SQSRecord) -> None:
    from pydantic import ValidationError

    from cobranca.jobs import PaymentEventJob

    try:
        job = PaymentEventJob.model_validate_json(record.body)
    except ValidationError as exc:  # poison: it fails on every try and ends in the DLQ; say why
        reason = "; ".join(f"{'.'.join(map(str, e['loc']))}: {e['msg']}" for e in exc.errors()[:5])
        logger.error("poison payment event", extra={"reason": reason, "message_id": record.message_id})
        raise
    try:
        outcome = services().settlement.apply(job)
    except Exception:  # left on the queue for SQS to try again (then the DLQ), with the reason logged
        logger.exception(
            "payment event failed", extra={"tenant": job.tenant, "event_id": job.event.get("id")}
        )
        raise
    logger.info(
        "payment event", extra={"tenant": job.tenant, "event": job.event.get("event"), "outcome": outcome}
    )


@logger.inject_lambda_context
@metrics.log_metrics
def events(event: dict, context: LambdaContext) -> dict:
    return dict(
        process_partial_response(event=event, record_handler=apply, processor=processor, context=context)
    )


@logger.inject_lambda_context
@metrics.log_metrics
def breaks(event: dict, context: LambdaContext) -> dict:
    """BreaksFunction: EventBridge Scheduler, 07:00 America/Sao_Paulo (before the ruler's 08:00, so the
    reopened titles are collected the same day). `{}` runs every tenant; `{"tenant": "..."}` one."""
    reports = services().breaks.run(event.get("tenant") or None)
    for r in reports:
        logger.info("breaks", extra={"tenant": r.tenant, "checked": r.checked, "broken": len(r.broken)})
        metrics.add_metric(name="AgreementsBroken", unit=MetricUnit.Count, value=len(r.broken))
    return {"tenants": [r.model_dump(mode="json") for r in reports]}
