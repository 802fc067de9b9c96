"""`python -m infra.local` with moto's answer to a browser preflight broken as moto 5.2.6 broke it
(`OPTIONS` → 500, no CORS headers): the browser tests run against this, so the console's login is
shown not to depend on how moto answers `OPTIONS`."""

from __future__ import annotations

from typing import Any

from moto.moto_server.werkzeug_app import DomainDispatcherApplication

from infra.local.__main__ import main

_answer = DomainDispatcherApplication.__call__


def _no_preflight(self: DomainDispatcherApplication, environ: dict[str, Any], start_response: Any) -> Any:
    if environ.get("REQUEST_METHOD") == "OPTIONS":
        start_response("500 INTERNAL SERVER ERROR", [("Content-Type", "text/plain")])
        return [b"AssertionError (moto 5.2.6: OPTIONS / went to S3's ListBuckets)"]
    return _answer(self, environ, start_response)


if __name__ == "__main__":
    DomainDispatcherApplication.__call__ = _no_preflight  # type: ignore[method-assign]
    main()
