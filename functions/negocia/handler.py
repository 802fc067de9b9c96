"""Negocia Online (debtor-facing), two entry points (template.yaml): `lambda_handler` serves the
portal's page and JSON API (NegociaFunction); `send_codes` is the LoginCodeQueue worker that looks the
document up and sends the one-time code (LoginCodeFunction)."""

from aws_lambda_powertools import Logger, Metrics
from aws_lambda_powertools.logging import correlation_paths
from aws_lambda_powertools.utilities.batch import BatchProcessor, EventType, process_partial_response
from aws_lambda_powertools.utilities.data_classes.sqs_event import SQSRecord
from aws_lambda_powertools.utilities.typing import LambdaContext

from cobranca import snapstart
from cobranca.bootstrap import login_codes
from cobranca.http.portal import build_portal_resolver
from cobranca.jobs import LoginCodeJob

snapstart.register()
logger = Logger()
metrics = Metrics()
app = build_portal_resolver()
processor = BatchProcessor(event_type=EventType.SQS, raise_on_entire_batch_failure=False)


@logger.inject_lambda_context(correlation_id_path=correlation_paths.API_GATEWAY_HTTP)
@metrics.log_metrics
def lambda_handler(event: dict, context: LambdaContext) -> dict:
    return app.resolve(event, context)


def send_code(record: SQSRecord) -> None:
    outcome = login_codes().deliver(LoginCodeJob.model_validate_json(record.body))
    logger.info("login code job", extra={"outcome": outcome})  # no document, e-mail or phone


@logger.inject_lambda_context
@metrics.log_metrics
def send_codes(event: dict, context: LambdaContext) -> dict:
    return dict(
        process_partial_response(event=event, record_handler=send_code, processor=processor, context=context)
    )
