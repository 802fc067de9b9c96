"""ErpDeliveryFunction: the ErpDeliveryQueue worker. Each record names one notice to the tenant's ERP;
the notice's record says whether it is due, and the outcome of the try is written back to it."""

from aws_lambda_powertools import Logger, Metrics
from aws_lambda_powertools.utilities.batch import BatchProcessor, EventType, process_partial_response
from aws_lambda_powertools.utilities.data_classes.sqs_event import SQSRecord
from aws_lambda_powertools.utilities.typing import LambdaContext

from cobranca.bootstrap import services

logger = Logger()
metrics = Metrics()
processor = BatchProcessor(event_type=EventType.SQS, raise_on_entire_batch_failure=False)


def try_one(record: SQSRecord) -> None:
    from cobranca.jobs import ErpDeliveryJob

    job = ErpDeliveryJob.model_validate_json(record.body)
    outcome = services().erp.deliver(job)
    logger.info("erp notice", extra={"tenant": job.tenant, "delivery": job.delivery_id, "outcome": outcome})


@logger.inject_lambda_context
@metrics.log_metrics
def deliver(event: dict, context: LambdaContext) -> dict:
    return dict(
        process_partial_response(event=event, record_handler=try_one, processor=processor, context=context)
    )
