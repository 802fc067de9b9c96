"""Starts the local stack (`python -m infra.local`) on a free port, as `make dev` does."""

from __future__ import annotations

import os
import signal
import socket
import subprocess
import sys
import threading
import time
from collections.abc import Generator, Iterator
from contextlib import contextmanager

import httpx
import pytest
from playwright.sync_api import Browser, sync_playwright

from infra.template import ROOT


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port: int = s.getsockname()[1]
        return port


@contextmanager
def local_stack() -> Iterator[str]:
    """`python -m infra.local` on a free port, as `make dev` starts it; stopped with Ctrl-C after."""
    port = _free_port()
    env = {k: v for k, v in os.environ.items() if not k.startswith(("AWS_", "POWERTOOLS_", "COBRANCA_"))}
    process = subprocess.Popen(
        [sys.executable, "-m", "infra.local", "--port", str(port)],
        cwd=ROOT,
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
    )
    output = []
    deadline = time.monotonic() + 120
    assert process.stdout is not None
    while time.monotonic() < deadline:
        line = process.stdout.readline()
        if not line and process.poll() is not None:
            break
        output.append(line)
        if "local stack ready" in line:
            break
    else:
        process.kill()
    if process.poll() is not None or not any("local stack ready" in line for line in output):
        process.kill()
        pytest.fail("local stack did not start:\n" + "".join(output[-40:]))
    # keep reading its output: a full pipe would block the stack's next log line (and its Ctrl-C exit)
    threading.Thread(target=lambda: output.extend(process.stdout or []), daemon=True).start()
    url = f"http://127.0.0.1:{port}"
    yield url
    # Ctrl-C stops everything the stack started
    process.send_signal(signal.SIGINT)
    assert process.wait(timeout=20) == 0
    with pytest.raises(httpx.ConnectError):
        httpx.get(f"{url}/local/health", timeout=2)


@pytest.fixture(scope="session")
def base_url() -> Iterator[str]:
    with local_stack() as url:
        yield url


@pytest.fixture(scope="session")
def login(base_url: str):
    tokens: dict[str, str] = {}

    def token(username: str, password: str = "demo123") -> dict[str, str]:
        if username not in tokens:
            r = httpx.post(f"{base_url}/local/token", json={"username": username, "password": password})
            assert r.status_code == 200, r.text
            tokens[username] = r.json()["access_token"]
        return {"Authorization": f"Bearer {tokens[username]}"}

    return token


CHROMIUM_FLAGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]


@pytest.fixture(scope="module")
def browser() -> Iterator[Browser]:
    """Debian's Chromium driven by Playwright (it cannot download a browser here)."""
    with sync_playwright() as p:
        launched = p.chromium.launch(executable_path="/usr/bin/chromium", args=CHROMIUM_FLAGS)
        yield launched
        launched.close()


@pytest.hookimpl(wrapper=True)
def pytest_runtest_makereport(
    item: pytest.Item, call: pytest.CallInfo[None]
) -> Generator[None, pytest.TestReport, pytest.TestReport]:
    report = yield
    setattr(item, f"rep_{report.when}", report)  # the page fixture reads whether the test failed
    return report
