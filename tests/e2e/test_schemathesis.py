"""Schemathesis over every operation of openapi.json (operator API and Negocia Online) against a local
stack of its own: no 5xx and no response outside its documented schema, with a fixed seed.

The run is bounded (examples per operation and a time budget) so that `make test` stays short; the
stack is its own because the fuzzer changes data (users, policies, rulers) other e2e tests rely on.
"""

from __future__ import annotations

import json
import re
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest

from infra.template import ROOT
from tests.e2e.conftest import local_stack

pytestmark = [pytest.mark.e2e, pytest.mark.xdist_group("schemathesis")]

SEED = 20261201
MAX_EXAMPLES = 12
MAX_SECONDS = 150


@pytest.fixture(scope="module")
def fuzzed_stack() -> Iterator[str]:
    with local_stack() as url:
        yield url


def test_no_operation_answers_a_server_error_or_breaks_its_schema(fuzzed_stack: str, tmp_path: Path):
    token = httpx.post(
        f"{fuzzed_stack}/local/token", json={"username": "admin@demo.local", "password": "demo123"}
    ).json()["access_token"]
    st = Path(sys.executable).with_name("st")
    result = subprocess.run(
        [
            str(st),
            "run",
            str(ROOT / "openapi.json"),
            "--url",
            fuzzed_stack,
            "--header",
            f"Authorization: Bearer {token}",
            "--checks",
            "not_a_server_error,response_schema_conformance",
            "--seed",
            str(SEED),
            "--max-examples",
            str(MAX_EXAMPLES),
            "--max-time",
            str(MAX_SECONDS),
            "--request-timeout",
            "30",
            "--no-color",
            "--report",
            "junit",
            "--report-dir",
            str(tmp_path),
        ],
        cwd=tmp_path,  # its example cache stays out of the repository
        capture_output=True,
        text=True,
        timeout=MAX_SECONDS + 120,
        check=False,
    )
    summary = result.stdout[result.stdout.rfind("SUMMARY") :]
    print(summary)  # shown with -s, and in the closing note: cases generated, passed, failed
    assert result.returncode == 0, result.stdout[-12000:]
    operations = sum(len(ops) for ops in json.loads((ROOT / "openapi.json").read_text())["paths"].values())
    tested = re.search(r"Tested: (\d+)", summary)
    assert tested is not None, summary
    assert int(tested.group(1)) == operations
    cases = re.search(r"(\d+) generated, (\d+) passed", summary)
    assert cases is not None, summary
    assert cases.group(1) == cases.group(2)
    assert int(cases.group(1)) > 10 * operations
