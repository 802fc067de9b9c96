"""ErpDeliveryFunction: the ErpDeliveryQueue worker. Each record names one notice to the tenant's ERP;
the notice's record says whether it is due, and the outcome of the try is written back to it."""

from typing import Any

from cobranca.bootstrap import services
from cobranca.sqs_entry import sqs_handler


def _job() -> Any:
    from cobranca.jobs import ErpDeliveryJob

    return ErpDeliveryJob


def _try_one(job: Any) -> dict[str, Any]:
    outcome = services().erp.deliver(job)
    return {"tenant": job.tenant, "delivery": job.delivery_id, "outcome": outcome}


deliver = sqs_handler(_job, _try_one, "erp notice")
