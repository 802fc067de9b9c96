"""Import worker Lambda: one SQS message = one import job, processed (or resumed) from S3."""

from aws_lambda_powertools import Logger, Metrics
from aws_lambda_powertools.utilities.batch import BatchProcessor, EventType, process_partial_response
from aws_lambda_powertools.utilities.batch.types import PartialItemFailureResponse
from aws_lambda_powertools.utilities.data_classes.sqs_event import SQSRecord
from aws_lambda_powertools.utilities.typing import LambdaContext

from cobranca.bootstrap import services

logger = Logger()
metrics = Metrics()
processor = BatchProcessor(event_type=EventType.SQS)


def process_record(record: SQSRecord) -> None:
    from cobranca.jobs import ImportFileJob  # the job models (pydantic) load with the first record

    job = ImportFileJob.model_validate_json(record.body)
    result = services().imports.process(job.tenant, job.import_id)
    logger.info(
        "import finished",
        extra={"import_id": result.id, "status": result.status, **result.counts.model_dump()},
    )


@logger.inject_lambda_context
@metrics.log_metrics
def lambda_handler(event: dict, context: LambdaContext) -> PartialItemFailureResponse:
    return process_partial_response(
        event=event, record_handler=process_record, processor=processor, context=context
    )
