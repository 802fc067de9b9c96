"""100,000-row CSV import through the local stack: rows/s and peak memory.

Starts `python -m infra.local --no-seed`, creates the creditors over HTTP, POSTs the CSV to
/api/v1/imports (202), polls the job until done. The worker runs inside the stack process (SQS poller),
so its peak RSS (VmHWM) includes moto's in-memory database as well as the import.
"""

from __future__ import annotations

import os
import signal
import socket
import subprocess
import sys
import time
from datetime import date

import httpx

from cobranca.domain.imports import MAX_FILE_BYTES
from infra.local.seed import demo_csv
from infra.template import ROOT

ROWS = int(os.environ.get("BENCH_ROWS", "100000"))


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port: int = s.getsockname()[1]
        return port


def peak_rss_mb(pid: int) -> float:
    for line in open(f"/proc/{pid}/status").read().splitlines():  # noqa: SIM115
        if line.startswith("VmHWM:"):
            return int(line.split()[1]) / 1024
    return float("nan")


def main() -> None:
    port = free_port()
    env = {k: v for k, v in os.environ.items() if not k.startswith(("AWS_", "COBRANCA_"))}
    stack = subprocess.Popen(
        [sys.executable, "-m", "infra.local", "--port", str(port), "--no-seed"],
        cwd=ROOT,
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
    )
    try:
        assert stack.stdout is not None
        for line in stack.stdout:
            if "local stack ready" in line:
                break
        base = f"http://127.0.0.1:{port}"
        # --no-seed has no users: create the admin straight in the stack's Cognito through the CLI env
        users = subprocess.run(
            [sys.executable, "-c", SEED_ADMIN], cwd=ROOT, env=env, capture_output=True, text=True, check=True
        )
        assert "ok" in users.stdout, users.stderr
        token = httpx.post(
            f"{base}/local/token", json={"username": "bench@demo.local", "password": "bench123"}
        )
        headers = {"Authorization": f"Bearer {token.json()['access_token']}"}
        for code, doc in (("ACME", "11222333000181"), ("CONDO", "34028316000103")):
            httpx.post(
                f"{base}/api/v1/creditors",
                json={"code": code, "name": code, "document": doc},
                headers=headers,
            )
        body = demo_csv(date(2026, 11, 22), ROWS // 2, seed=11, addresses=False)
        parts = split_csv(body, MAX_FILE_BYTES)  # what a user does with a file over the API's limit
        rss_before = peak_rss_mb(stack.pid)
        started = time.perf_counter()
        ids = []
        for part in parts:
            r = httpx.post(
                f"{base}/api/v1/imports",
                content=part,
                headers={**headers, "Content-Type": "text/csv"},
                timeout=120,
            )
            assert r.status_code == 202, r.text
            ids.append(r.json()["id"])
        accepted = time.perf_counter() - started
        jobs: dict[str, dict] = {}
        while len(jobs) < len(ids):
            for import_id in ids:
                job = httpx.get(f"{base}/api/v1/imports/{import_id}", headers=headers, timeout=60).json()[
                    "job"
                ]
                if job["status"] in ("done", "failed"):
                    jobs[import_id] = job
            time.sleep(2)
        elapsed = time.perf_counter() - started
        counts = {k: sum(j["counts"][k] for j in jobs.values()) for k in next(iter(jobs.values()))["counts"]}
        print(
            f"CSV import through the local stack: {counts['rows']} rows, {len(body) / 1e6:.1f} MB "
            f"in {len(parts)} files of at most {MAX_FILE_BYTES // 1024 // 1024} MB (the API's limit)"
        )
        print(f"  all 202 Accepted after {accepted * 1000:.0f} ms (files stored in S3, jobs queued)")
        print(f"  done in {elapsed:.1f} s -> {counts['rows'] / elapsed:.0f} rows/s")
        print(
            f"  created {counts['debtors_created']} debtors, {counts['titles_created']} titles, "
            f"{counts['contacts_created']} contacts; rejected {counts['rejected']}"
        )
        print(
            f"  peak RSS of the stack process: {peak_rss_mb(stack.pid):.0f} MB "
            f"(before the import: {rss_before:.0f} MB; includes moto's in-memory table)"
        )
    finally:
        stack.send_signal(signal.SIGINT)
        stack.wait(timeout=120)  # a 2 GB moto table takes a while to let go


def split_csv(body: bytes, limit: int) -> list[bytes]:
    """The file in parts under `limit` bytes, each with the header, cut only between rows."""
    header, _, rows = body.partition(b"\n")
    parts, current = [], bytearray()
    for line in rows.splitlines(keepends=True):
        if current and len(header) + 1 + len(current) + len(line) > limit:
            parts.append(header + b"\n" + bytes(current))
            current = bytearray()
        current += line
    if current:
        parts.append(header + b"\n" + bytes(current))
    return parts


SEED_ADMIN = """
import os
for line in open('.local/env').read().splitlines():
    k, _, v = line.partition('='); os.environ[k] = v
from cobranca import bootstrap
from cobranca.domain.access import Role
from cobranca.domain.users import UserIn
s = bootstrap.services()
s.users.register('demo', UserIn(email='bench@demo.local', name='Bench', role=Role.ADMIN))
s.users.identity.set_password('bench@demo.local', 'bench123')
print('ok')
"""

if __name__ == "__main__":
    main()
