"""The operator console's budget (issue 11): initial JS and CSS gzipped (≤ 80 KB of JS), route chunks
loaded on demand, and how long the first screen takes to be usable on loopback (≤ 1 s): Debian's
Chromium against the local stack, a fresh browser context each run (nothing cached), median of 7.

Needs `make web` first (it reads web/dist)."""

from __future__ import annotations

import gzip
import re
import statistics
import time

from infra.template import ROOT

DIST = ROOT / "web" / "dist"
RUNS = 7


def sizes() -> None:
    index = (DIST / "index.html").read_text()
    initial = set(re.findall(r'(?:src|href)="/app/(assets/[^"]+)"', index))
    print("built assets (gzip -9)")
    total_js = 0
    for path in sorted((DIST / "assets").iterdir()):
        raw = path.read_bytes()
        packed = len(gzip.compress(raw, 9))
        first = f"assets/{path.name}" in initial
        total_js += packed if first and path.suffix == ".js" else 0
        when = "initial" if first else "on demand"
        print(f"  {path.name:<32} {len(raw) / 1024:7.1f} KB  gz {packed / 1024:6.1f} KB  {when}")
    print(f"  initial JavaScript, gzipped: {total_js / 1024:.1f} KB (budget 80 KB)")


def timings() -> None:
    from playwright.sync_api import sync_playwright

    from tests.e2e.conftest import CHROMIUM_FLAGS, local_stack

    with local_stack() as base, sync_playwright() as p:
        browser = p.chromium.launch(executable_path="/usr/bin/chromium", args=CHROMIUM_FLAGS)
        login_ready, home_ready = [], []
        for _ in range(RUNS):
            context = browser.new_context(viewport={"width": 1280, "height": 860}, locale="pt-BR")
            page = context.new_page()
            started = time.perf_counter()
            page.goto(f"{base}/app/")
            page.get_by_role("button", name="Entrar").wait_for()
            login_ready.append(time.perf_counter() - started)
            page.get_by_label("E-mail").fill("operador@demo.local")
            page.get_by_label("Senha").fill("demo123")
            started = time.perf_counter()
            page.get_by_role("button", name="Entrar").click()
            page.get_by_role("heading", name="Início").wait_for()
            page.get_by_text("Nenhuma ligação pendente agora.").or_(
                page.locator("table.list")
            ).first.wait_for()
            home_ready.append(time.perf_counter() - started)
            context.close()
        browser.close()
    first, worst = statistics.median(login_ready) * 1000, max(login_ready) * 1000
    print(f"first screen usable (the login form, from navigation): median {first:.0f} ms, max {worst:.0f} ms")
    print(
        f"Entrar -> Início with its tasks (Cognito in moto, /me, /tasks): median "
        f"{statistics.median(home_ready) * 1000:.0f} ms, max {max(home_ready) * 1000:.0f} ms"
    )


def main() -> None:
    sizes()
    timings()


if __name__ == "__main__":
    main()
