"""Import worker Lambda: one SQS message = one import job, processed (or resumed) from S3."""

from typing import Any

from cobranca.bootstrap import services
from cobranca.sqs_entry import sqs_handler


def _job() -> Any:
    from cobranca.jobs import ImportFileJob  # the job models (pydantic) load with the first record

    return ImportFileJob


def _process(job: Any) -> dict[str, Any]:
    result = services().imports.process(job.tenant, job.import_id)
    return {"import_id": result.id, "status": result.status, **result.counts.model_dump()}


lambda_handler = sqs_handler(_job, _process, "import finished", whole_batch_raises=True)
