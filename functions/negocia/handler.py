"""Negocia Online Lambda (debtor-facing): the portal's JSON API, and the worker that sends login codes."""

from functools import cache
from typing import Any

from aws_lambda_powertools import Logger, Metrics
from aws_lambda_powertools.logging import correlation_paths
from aws_lambda_powertools.utilities.typing import LambdaContext

from cobranca.http.negocia import build_negocia_resolver

logger = Logger()
metrics = Metrics()
app = build_negocia_resolver()


@cache
def code_worker() -> Any:
    """The LoginCodes SQS path, loaded on its first event: the portal's requests never pay for it."""
    from aws_lambda_powertools.utilities.batch import BatchProcessor, EventType, process_partial_response
    from aws_lambda_powertools.utilities.data_classes.sqs_event import SQSRecord

    from cobranca.bootstrap import login_codes
    from cobranca.services.negocia import LoginCodeJob

    processor = BatchProcessor(event_type=EventType.SQS, raise_on_entire_batch_failure=False)

    def send_code(record: SQSRecord) -> None:
        outcome = login_codes().deliver(LoginCodeJob.model_validate_json(record.body))
        logger.info("login code job", extra={"outcome": outcome})  # no document, e-mail or phone

    def handle(event: dict, context: LambdaContext) -> dict:
        return dict(
            process_partial_response(
                event=event, record_handler=send_code, processor=processor, context=context
            )
        )

    return handle


@logger.inject_lambda_context(correlation_id_path=correlation_paths.API_GATEWAY_HTTP)
@metrics.log_metrics
def lambda_handler(event: dict, context: LambdaContext) -> dict:
    if "Records" in event:  # the LoginCodes SQS event
        handled: dict = code_worker()(event, context)
        return handled
    return app.resolve(event, context)
