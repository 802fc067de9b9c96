"""A failing browser test explains itself: its report carries what the browser said (the page's console
errors, failed requests, uncaught errors), so a red run reads "CORS preflight … 500", not a time-out."""

from __future__ import annotations

import pytest

pytestmark = [pytest.mark.e2e]

CONFTEST = "from tests.e2e.conftest import browser, browser_log, pytest_runtest_makereport  # noqa: F401"
FAILING = """
def test_a_page_that_breaks(browser, browser_log):
    page = browser_log.watch(browser.new_context()).new_page()
    with page.expect_event("requestfailed"):
        page.set_content(
            "<script>console.error('login-service-down-4711');"
            "fetch('http://127.0.0.1:9/oauth2/token').catch(() => {});"
            "setTimeout(() => { throw new Error('uncaught-0815'); });</script>"
        )
    page.wait_for_timeout(200)
    assert page.title() == "the screen the test waited for"
"""


def test_a_failing_browser_test_prints_the_browsers_console_errors(pytester: pytest.Pytester) -> None:
    pytester.makeconftest(CONFTEST)  # the e2e suite's own fixtures and report hook
    pytester.makepyfile(test_breaks=FAILING)
    result = pytester.runpytest_inprocess("-p", "no:cacheprovider")
    result.assert_outcomes(failed=1)
    report = result.stdout.str()
    assert "browser: console errors, failed requests, uncaught errors" in report
    assert "console.error: login-service-down-4711" in report
    assert "request failed: GET http://127.0.0.1:9/oauth2/token" in report
    assert "uncaught error: " in report
    assert "uncaught-0815" in report
