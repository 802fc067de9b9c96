"""LoginCodeFunction: the LoginCodeQueue worker of Negocia Online. It looks the document up, stores the
code's digest and sends the one-time code, so the portal's /code answers at once, the same for known
and unknown documents."""

from aws_lambda_powertools import Logger, Metrics
from aws_lambda_powertools.utilities.batch import BatchProcessor, EventType, process_partial_response
from aws_lambda_powertools.utilities.data_classes.sqs_event import SQSRecord
from aws_lambda_powertools.utilities.typing import LambdaContext

from cobranca.bootstrap import login_codes

logger = Logger()
metrics = Metrics()
processor = BatchProcessor(event_type=EventType.SQS, raise_on_entire_batch_failure=False)


def send_code(record: SQSRecord) -> None:
    from cobranca.jobs import LoginCodeJob  # the job models (pydantic) load with the first record

    outcome = login_codes().deliver(LoginCodeJob.model_validate_json(record.body))
    logger.info("login code job", extra={"outcome": outcome})  # no document, e-mail or phone


@logger.inject_lambda_context
@metrics.log_metrics
def lambda_handler(event: dict, context: LambdaContext) -> dict:
    return dict(
        process_partial_response(event=event, record_handler=send_code, processor=processor, context=context)
    )
