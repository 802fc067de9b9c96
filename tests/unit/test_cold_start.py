"""What a cold start imports: the handlers defer what their first request may not need."""

import json
import subprocess
import sys

from infra.template import ROOT

HEAVY = (
    "aws_lambda_powertools.event_handler.middlewares.openapi_validation",  # Powertools' validation
    "pydantic.fields",  # pydantic's model machinery
    "reportlab",
    "num2words",
    "holidays",
    "boto3",
)


def loaded_after(statement: str) -> set[str]:
    code = f"import json, sys\n{statement}\nprint(json.dumps(sorted(sys.modules)))"
    out = subprocess.run([sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True, check=True)
    return set(json.loads(out.stdout.splitlines()[-1]))


def test_the_http_handlers_import_neither_validation_nor_pdfs_nor_aws_clients():
    for module in ("functions.api.handler", "functions.negocia.handler"):
        loaded = loaded_after(f"import {module}")
        assert not [m for m in HEAVY if m in loaded], module


def test_a_snapshot_holds_the_validation_middleware_too():
    loaded = loaded_after(
        "from cobranca.http.app import build_resolver\nbuild_resolver().include_everything()"
    )
    assert set(HEAVY[:2]) <= loaded


def test_the_portal_page_is_served_without_loading_validation():
    served = (
        "import os\nos.environ['POWERTOOLS_METRICS_DISABLED'] = 'true'\n"
        "from cobranca.http.portal import build_portal_resolver\n"
        "from infra.local.events import http_api_event\n"
        "event = http_api_event('GET', '/negocia/demo', route_key='GET /negocia/{tenant}')\n"
        "assert build_portal_resolver().resolve(event, None)['statusCode'] == 200"
    )
    assert not set(HEAVY[:2]) & loaded_after(served)


def test_the_queue_workers_load_their_job_models_with_the_first_record():
    for module in ("sender", "importer", "ruler", "login_codes", "charger"):
        assert HEAVY[1] not in loaded_after(f"import functions.{module}.handler"), module
