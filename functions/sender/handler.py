"""The sender: an SQS consumer (partial batch failures). One record = one message to deliver."""

from typing import Any

from cobranca.bootstrap import sender
from cobranca.sqs_entry import sqs_handler


def _job() -> Any:
    from cobranca.jobs import SendJob  # the job models (pydantic) load with the first record

    return SendJob


def _deliver(job: Any) -> dict[str, Any]:
    status = sender().deliver(job.tenant, job.message, job.planned)
    # the key names the debtor by id only: no CPF, e-mail or phone reaches the logs
    return {"message_key": job.message, "status": status}


# an all-failed batch answers with every item failed (same retry) instead of raising
lambda_handler = sqs_handler(_job, _deliver, "message processed", before=lambda: sender().start_batch())
