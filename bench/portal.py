"""Negocia Online's budget (issue 13): the page on the wire (≤ 50 KB: the HTML with its inline script
and styles, and the tenant's config) and how long until it is interactive at a phone viewport (≤ 1 s on
loopback): Debian's Chromium against the local stack, a fresh browser context each run (nothing
cached), median of 7. Interactive = the tenant's name is in the header and the CPF field takes input."""

from __future__ import annotations

import gzip
import statistics
import time

RUNS = 7


def main() -> None:
    import httpx
    from playwright.sync_api import sync_playwright

    from tests.e2e.conftest import CHROMIUM_FLAGS, local_stack

    with local_stack() as base, sync_playwright() as p:
        page_bytes = httpx.get(f"{base}/negocia/demo").content
        config = httpx.get(f"{base}/negocia/api/demo/config").content
        raw = len(page_bytes) + len(config)
        packed = len(gzip.compress(page_bytes, 9)) + len(gzip.compress(config, 9))
        print("Negocia Online on the wire (the page is one request; the config a second)")
        sizes = f"page {len(page_bytes) / 1024:.1f} KB + config {len(config) / 1024:.2f} KB"
        print(f"  {sizes} = {raw / 1024:.1f} KB")
        print(f"  gzip -9: {packed / 1024:.1f} KB (budget 50 KB uncompressed)")

        browser = p.chromium.launch(executable_path="/usr/bin/chromium", args=CHROMIUM_FLAGS)
        ready = []
        for _ in range(RUNS):
            context = browser.new_context(viewport={"width": 390, "height": 844}, locale="pt-BR")
            page = context.new_page()
            started = time.perf_counter()
            page.goto(f"{base}/negocia/demo")
            page.locator("#brand", has_text="·").wait_for()  # the tenant's config has arrived
            page.locator("#document").fill("529")
            ready.append(time.perf_counter() - started)
            context.close()
        browser.close()
    ms = [r * 1000 for r in ready]
    print(
        f"  interactive at 390 px (header named, CPF field typed into): median "
        f"{statistics.median(ms):.0f} ms, max {max(ms):.0f} ms over {RUNS} fresh contexts (budget 1,000 ms)"
    )


if __name__ == "__main__":
    main()
