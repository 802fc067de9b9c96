"""Cold import of every function's handler module (template.yaml) vs a bare
`import aws_lambda_powertools.event_handler, pydantic`; BENCH_HANDLER="import x.y" measures one.

Each sample is a fresh interpreter run with -X importtime and the template's Globals environment (both
sides); the figure is the sum of the top-level imports' cumulative time. Also reports the first
request after import (lazy bootstrap: boto3/PynamoDB load then), so no cost is hidden.
"""

from __future__ import annotations

import json
import os
import statistics
import subprocess
import sys

from infra.template import ROOT

RUNS = 11
BASELINE = "import aws_lambda_powertools.event_handler, pydantic"
MINIMAL = "import bench.minimal_handler"  # a one-route Powertools handler with pydantic validation
HANDLER = os.environ.get("BENCH_HANDLER", "import functions.api.handler")
FIRST_REQUEST = """
import os, time, json
os.environ.update(AWS_DEFAULT_REGION='us-east-1', AWS_ACCESS_KEY_ID='x', AWS_SECRET_ACCESS_KEY='x',
                  POWERTOOLS_METRICS_DISABLED='true')
from moto import mock_aws
from infra.local.resources import create_all
from infra import template
with mock_aws():
    res = create_all()
    for spec in template.functions():
        os.environ.update(res.environment(spec))
    from infra.local.events import http_api_event
    event = http_api_event('GET', '/health', route_key='GET /health',
                           claims={'sub': 'u', 'custom:tenant': 'demo', 'cognito:groups': ['admin']})
    class Ctx:
        function_name = 'api'; memory_limit_in_mb = 512; aws_request_id = 'r'
        invoked_function_arn = 'arn:aws:lambda:us-east-1:0:function:api'
    start = time.perf_counter()
    import functions.api.handler as h
    imported = time.perf_counter()
    assert h.lambda_handler(event, Ctx())['statusCode'] == 200
    done = time.perf_counter()
    print(json.dumps({'import_ms': (imported - start) * 1000, 'first_request_ms': (done - imported) * 1000}))
"""


def lambda_environment() -> dict[str, str]:
    """The template's literal Globals variables (what Lambda sets), on top of this environment."""
    from infra import template

    variables = template.load()["Globals"]["Function"]["Environment"]["Variables"]
    return {**os.environ, **{k: v for k, v in variables.items() if isinstance(v, str)}}


def import_ms(statement: str) -> float:
    result = subprocess.run(
        [sys.executable, "-X", "importtime", "-c", statement],
        cwd=ROOT,
        capture_output=True,
        text=True,
        check=True,
        env=lambda_environment(),
    )
    total_us = 0
    for line in result.stderr.splitlines():
        if not line.startswith("import time:") or "cumulative" in line:
            continue
        parts = line.split("|")
        module = parts[2]
        if len(module) - len(module.lstrip()) == 1:  # top-level import of the statement
            total_us += int(parts[1])
    return total_us / 1000


def main() -> None:
    from infra import template

    modules = sorted({spec.module for spec in template.functions()})
    if os.environ.get("BENCH_HANDLER"):
        modules = [HANDLER.removeprefix("import ")]
    print(f"cold import, {RUNS} interleaved pairs of fresh interpreters (-X importtime); the ratio is the")
    print("median of each pair's handler/baseline (a busy machine slows both sides of a pair alike):")
    print(f"  baseline {BASELINE!r}; minimal {MINIMAL!r} (one validated route); target <= 1.5x baseline")
    print(f"  {'handler module':28} {'ms':>7}     {'x base':>6} {'x minimal':>9}")
    for module in modules:
        statement = f"import {module}"
        pairs = [(import_ms(BASELINE), import_ms(MINIMAL), import_ms(statement)) for _ in range(RUNS)]
        ms = statistics.median(h for _, _, h in pairs)
        x_base = statistics.median(h / b for b, _, h in pairs)
        x_minimal = statistics.median(h / m for _, m, h in pairs)
        functions = ", ".join(s.name for s in template.functions() if s.module == module)
        print(f"  {module:28} {ms:7.1f} ms  {x_base:5.2f}x  {x_minimal:8.2f}x   ({functions})")
    samples = []
    for _ in range(5):
        out = subprocess.run(
            [sys.executable, "-c", FIRST_REQUEST],
            cwd=ROOT,
            capture_output=True,
            text=True,
            check=True,
            env=lambda_environment(),
        )
        samples.append(out.stdout.strip().splitlines()[-1])
    first = [json.loads(s)["first_request_ms"] for s in samples]
    print(
        "  first request after import (GET /health, moto in-process), median of 5: "
        f"{statistics.median(first):.1f} ms"
    )


if __name__ == "__main__":
    main()
