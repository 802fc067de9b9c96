"""The Lambda entry point of an SQS worker, the sibling of http/entry.py:http_handler: observability,
one job per record (its model loaded with the first record, not at init), a poison record logged with
its reason (it fails on every try and ends in the queue's DLQ), a failure logged with what it was
about, and a partial batch response so only the failed records come back."""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, Any, TypeVar

from aws_lambda_powertools import Logger, Metrics
from aws_lambda_powertools.utilities.batch import BatchProcessor, EventType, process_partial_response
from aws_lambda_powertools.utilities.data_classes.sqs_event import SQSRecord

if TYPE_CHECKING:  # pydantic loads with the first record's job model, not at init
    from pydantic import BaseModel

J = TypeVar("J", bound="BaseModel")
Handler = Callable[[dict[str, Any], Any], dict[str, Any]]


def sqs_handler(
    job: Callable[[], type[J]],
    work: Callable[[J], dict[str, Any]],
    message: str,
    *,
    about: Callable[[J], dict[str, Any]] | None = None,
    before: Callable[[], None] | None = None,
    whole_batch_raises: bool = False,
    logger: Logger | None = None,
) -> Handler:
    """`job()` is the record's model, `work(job)` does it and returns the fields of its log line
    (`message`); `about(job)`, the fields of a failure's log line; `before()` runs once per batch;
    `whole_batch_raises`: a batch whose every record failed raises (Lambda retries it whole)."""
    logger = logger or Logger()
    metrics = Metrics()
    processor = BatchProcessor(event_type=EventType.SQS, raise_on_entire_batch_failure=whole_batch_raises)

    def one(record: SQSRecord) -> None:
        from pydantic import ValidationError

        try:
            parsed = job().model_validate_json(record.body)
        except ValidationError as exc:  # poison: say why, once per try
            reason = "; ".join(f"{'.'.join(map(str, e['loc']))}: {e['msg']}" for e in exc.errors()[:5])
            logger.error(f"poison {message}", extra={"reason": reason, "message_id": record.message_id})
            raise
        try:
            fields = work(parsed)
        except Exception:
            if about is not None:
                logger.exception(f"{message} failed", extra=about(parsed))
            raise
        logger.info(message, extra=fields)

    @logger.inject_lambda_context
    @metrics.log_metrics
    def lambda_handler(event: dict[str, Any], context: Any) -> dict[str, Any]:
        if before is not None:
            before()
        return dict(
            process_partial_response(event=event, record_handler=one, processor=processor, context=context)
        )

    return lambda_handler
