"""ChargerFunction: the ChargeQueue worker. Each record is one agreement: its installments' charges are
created at Asaas (or cancelled), exactly once each, and what the debtor needs (PIX code, boleto line,
links) is stored on the installment. Asaas down: the record fails and SQS tries it again; a long wait
(the tenant's quota, a long rate limit) puts it back on the queue with that delay."""

from aws_lambda_powertools import Logger, Metrics
from aws_lambda_powertools.utilities.batch import BatchProcessor, EventType, process_partial_response
from aws_lambda_powertools.utilities.data_classes.sqs_event import SQSRecord
from aws_lambda_powertools.utilities.typing import LambdaContext

from cobranca.bootstrap import services

logger = Logger()
metrics = Metrics()
processor = BatchProcessor(event_type=EventType.SQS, raise_on_entire_batch_failure=False)


def charge(record: SQSRecord) -> None:
    from cobranca.jobs import ChargeJob  # the job models (pydantic) load with the first record

    job = ChargeJob.model_validate_json(record.body)
    outcome = services().charger.handle(job)
    logger.info("charge job", extra={"tenant": job.tenant, "agreement": job.agreement_id, "outcome": outcome})


@logger.inject_lambda_context
@metrics.log_metrics
def lambda_handler(event: dict, context: LambdaContext) -> dict:
    return dict(
        process_partial_response(event=event, record_handler=charge, processor=processor, context=context)
    )
