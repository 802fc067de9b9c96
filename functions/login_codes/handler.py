"""LoginCodeFunction: the LoginCodeQueue worker of Negocia Online. It looks the document up, stores the
code's digest and sends the one-time code, so the portal's /code answers at once, the same for known
and unknown documents."""

from typing import Any

from cobranca.bootstrap import login_codes
from cobranca.sqs_entry import sqs_handler


def _job() -> Any:
    from cobranca.jobs import LoginCodeJob  # the job models (pydantic) load with the first record

    return LoginCodeJob


def _send_code(job: Any) -> dict[str, Any]:
    return {"outcome": login_codes().deliver(job)}  # no document, e-mail or phone


lambda_handler = sqs_handler(_job, _send_code, "login code job")
