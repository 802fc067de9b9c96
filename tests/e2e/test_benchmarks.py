"""The benchmarks still run (they are not part of the timing of make test, and nothing else would notice
a refactor that breaks them), and their deterministic figures hold: DynamoDB requests per delivered
message and the daily run's read amplification are counts, not timings."""

from __future__ import annotations

import os
import re
import subprocess
import sys

import pytest

from infra.template import ROOT

pytestmark = [pytest.mark.e2e, pytest.mark.xdist_group("benchmarks")]


def run(module: str, **env: str) -> str:
    done = subprocess.run(
        [sys.executable, "-m", module],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=300,
        env={**os.environ, **env},
    )
    assert done.returncode == 0, done.stderr[-3000:]
    return done.stdout


def figure(pattern: str, out: str) -> float:
    found = re.search(pattern, out, re.M)
    assert found, out
    return float(found.group(1))


def test_the_ruler_benchmark_reads_one_item_per_action_and_at_most_four_requests_per_message():
    out = run("bench.ruler", BENCH_RULER_SIZES="2000")
    amplification = figure(r"^\s+2,000\s+\d+\s+\d+\s+\d+\s+([\d.]+)", out)
    per_message = figure(r"sender: DynamoDB requests\s+([\d.]+)", out)
    assert amplification <= 1.05
    assert per_message <= 4.0


def test_the_login_code_benchmark_runs_and_reports_the_gap():
    out = run("bench.negocia_code", BENCH_REQUESTS="10")
    assert "gap between medians" in out
