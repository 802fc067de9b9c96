"""ChargerFunction: the ChargeQueue worker. Each record is one agreement: its installments' charges are
created at Asaas (or cancelled), exactly once each, and what the debtor needs (PIX code, boleto line,
links) is stored on the installment. Asaas down: the record fails and SQS tries it again; a long wait
(the tenant's quota, a long rate limit) puts it back on the queue with that delay."""

from typing import Any

from cobranca.bootstrap import services
from cobranca.sqs_entry import sqs_handler


def _job() -> Any:
    from cobranca.jobs import ChargeJob  # the job models (pydantic) load with the first record

    return ChargeJob


def _charge(job: Any) -> dict[str, Any]:
    outcome = services().charger.handle(job)
    return {"tenant": job.tenant, "agreement": job.agreement_id, "outcome": outcome}


lambda_handler = sqs_handler(_job, _charge, "charge job")
