"""Starts the local stack (`python -m infra.local`) on a free port, as `make dev` does, with moto's
answer to a browser preflight broken on purpose (the console's login must not depend on it), and keeps
what the browser said: a failed browser test's report carries the page's console errors, failed
requests and uncaught errors next to its screenshot."""

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
from playwright.sync_api import Browser, BrowserContext, ConsoleMessage, Request, Response, sync_playwright

from infra.template import ROOT


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port: int = s.getsockname()[1]
        return port


MOTO: dict[str, str] = {}  # each running stack's moto endpoint, from its banner


@contextmanager
def local_stack(module: str = "tests.e2e.moto_without_preflight") -> Iterator[str]:
    """`python -m infra.local` on a free port, as `make dev` starts it (by default through `module`,
    which first breaks moto's preflight answer); stopped with Ctrl-C after."""
    port = _free_port()
    env = {k: v for k, v in os.environ.items() if not k.startswith(("AWS_", "POWERTOOLS_", "COBRANCA_"))}
    process = subprocess.Popen(
        [sys.executable, "-m", module, "--port", str(port)],
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
    banner = "".join(output)
    MOTO[url] = banner.split("moto (AWS)", 1)[1].split()[0] if "moto (AWS)" in banner else ""
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


class BrowserLog:
    """What the pages of a browser context said that a failing test should show: console errors and
    warnings, uncaught errors, requests that failed and answers of 500 and above."""

    def __init__(self) -> None:
        self.lines: list[str] = []

    def watch(self, context: BrowserContext) -> BrowserContext:
        context.on("console", self._console)
        context.on("weberror", lambda error: self.lines.append(f"uncaught error: {error.error}"))
        context.on("requestfailed", self._failed)
        context.on("response", self._response)
        return context

    def _console(self, message: ConsoleMessage) -> None:
        if message.type in ("error", "warning"):
            where = message.location.get("url", "")
            self.lines.append(f"console.{message.type}: {message.text} ({where})")

    def _failed(self, request: Request) -> None:
        self.lines.append(f"request failed: {request.method} {request.url}: {request.failure}")

    def _response(self, response: Response) -> None:
        if response.status >= 500:
            self.lines.append(f"HTTP {response.status}: {response.request.method} {response.url}")


@pytest.fixture
def browser_log(request: pytest.FixtureRequest) -> BrowserLog:
    """Watch a context with `browser_log.watch(context)`: the test's failure report shows the log."""
    log = BrowserLog()
    request.node.browser_log = log
    return log


BROWSER_SECTION = "browser: console errors, failed requests, uncaught errors"


@pytest.hookimpl(wrapper=True)
def pytest_runtest_makereport(
    item: pytest.Item, call: pytest.CallInfo[None]
) -> Generator[None, pytest.TestReport, pytest.TestReport]:
    report = yield
    setattr(item, f"rep_{report.when}", report)  # the page fixture reads whether the test failed
    log: BrowserLog | None = getattr(item, "browser_log", None)
    if report.failed and log is not None:
        report.sections.append((BROWSER_SECTION, "\n".join(log.lines) or "(the browser said nothing)"))
    return report
