"""The sender: an SQS consumer (partial batch failures). One record = one message to deliver."""

from aws_lambda_powertools import Logger, Metrics
from aws_lambda_powertools.utilities.batch import BatchProcessor, EventType, process_partial_response
from aws_lambda_powertools.utilities.batch.types import PartialItemFailureResponse
from aws_lambda_powertools.utilities.data_classes.sqs_event import SQSRecord
from aws_lambda_powertools.utilities.typing import LambdaContext

from cobranca.bootstrap import sender

logger = Logger()
metrics = Metrics()
# an all-failed batch answers with every item failed (same retry) instead of raising
processor = BatchProcessor(event_type=EventType.SQS, raise_on_entire_batch_failure=False)


def process_record(record: SQSRecord) -> None:
    from cobranca.jobs import SendJob  # the job models (pydantic) load with the first record

    job = SendJob.model_validate_json(record.body)
    status = sender().deliver(job.tenant, job.message, job.planned)
    # the key names the debtor by id only: no CPF, e-mail or phone reaches the logs
    logger.info("message processed", extra={"message_key": job.message, "status": status})


@logger.inject_lambda_context
@metrics.log_metrics
def lambda_handler(event: dict, context: LambdaContext) -> PartialItemFailureResponse:
    sender().start_batch()
    return process_partial_response(
        event=event, record_handler=process_record, processor=processor, context=context
    )
