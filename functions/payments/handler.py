"""Payments' two entry points (template.yaml):

- `events` (PaymentEventsFunction): the PaymentEventQueue worker. Each record is one portador webhook
  body, applied to its installment once (settled, reversed, refreshed) whatever the order or the number
  of deliveries. A failure leaves the record on the queue (SQS tries it again, then its DLQ).
- `breaks` (BreaksFunction): the daily run that breaks agreements unpaid past the creditor's limit.
"""

from typing import Any

from aws_lambda_powertools import Logger, Metrics
from aws_lambda_powertools.metrics import MetricUnit
from aws_lambda_powertools.utilities.typing import LambdaContext

from cobranca.bootstrap import services
from cobranca.sqs_entry import sqs_handler

logger = Logger()
metrics = Metrics()


def _job() -> Any:
    from cobranca.jobs import PaymentEventJob

    return PaymentEventJob


def _apply(job: Any) -> dict[str, Any]:
    outcome = services().settlement.apply(job)
    return {"tenant": job.tenant, "event": job.event.get("event"), "outcome": outcome}


# a poison record (not a job) and a failed one are logged with their reason, and SQS tries them
# again, then the DLQ
events = sqs_handler(
    _job,
    _apply,
    "payment event",
    about=lambda job: {"tenant": job.tenant, "event_id": job.event.get("id")},
    logger=logger,
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
