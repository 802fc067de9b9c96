"""GET /api/v1/debtors p50/p95, in-process (handler + moto in-process) with 10,000 debtors.

The portfolio is loaded through the import service (the same path an ERP file takes); then each query
shape is called REQUESTS times through functions/api/handler.py with a real HTTP API v2 event.

moto answers an index query by walking the whole index partition (10,000 items here) where DynamoDB
reads only `limit` items, so the time spent inside moto (its request handling, from parsing the
request to the JSON answer) is measured apart; "outside moto" is what cobranca itself costs per
request: handler, auth, validation, PynamoDB, botocore, response JSON.
"""

from __future__ import annotations

import os
import statistics
import time
from typing import Any

from bench import LambdaContext, offline_aws, percentile

offline_aws()

DEBTORS = int(os.environ.get("BENCH_DEBTORS", "10000"))
REQUESTS = int(os.environ.get("BENCH_REQUESTS", "100"))


def main() -> None:
    from datetime import date

    from moto import mock_aws

    from infra import template
    from infra.local import moto_fixes
    from infra.local.events import http_api_event
    from infra.local.resources import create_all
    from infra.local.seed import demo_csv

    moto_fixes.apply()
    from moto.dynamodb.responses import DynamoHandler

    moto_seconds = [0.0]
    call_action = DynamoHandler.call_action

    def timed_call(self: DynamoHandler, *args: Any, **kwargs: Any) -> Any:
        t0 = time.perf_counter()
        try:
            return call_action(self, *args, **kwargs)
        finally:
            moto_seconds[0] += time.perf_counter() - t0

    DynamoHandler.call_action = timed_call  # type: ignore[method-assign]
    with mock_aws():
        resources = create_all()
        for spec in template.functions():
            os.environ.update(resources.environment(spec))
        from cobranca import bootstrap
        from cobranca.domain.access import Role
        from cobranca.domain.portfolio import CategoryIn, CreditorIn, DebtorPatch
        from cobranca.domain.search import DebtorQuery
        from cobranca.services.caller import Caller
        from functions.api import handler

        bootstrap.reset()
        services = bootstrap.services()
        admin = Caller("demo", "bench", "bench@demo.local", Role.ADMIN)
        services.creditors.create_creditor(
            admin, CreditorIn(code="ACME", name="Acme", document="11222333000181")
        )
        services.creditors.create_creditor(
            admin, CreditorIn(code="CONDO", name="Condo", document="34028316000103")
        )
        category = services.creditors.create_category(admin, CategoryIn(name="VIP", color="#FF0000"))
        started = time.perf_counter()
        job = services.imports.create_job(
            "demo", "bench", demo_csv(date(2026, 11, 22), DEBTORS, seed=7, addresses=False), "b.csv"
        )
        job = services.imports.process("demo", job.id)
        print(
            f"loaded {job.counts.debtors_created} debtors / {job.counts.titles_created} titles "
            f"in {time.perf_counter() - started:.1f}s (in-process import)"
        )
        first, _ = services.portfolio.list_debtors(admin, DebtorQuery(limit=200))
        for d in first[:100]:
            services.portfolio.update_debtor(admin, d.id, DebtorPatch(category_id=category.id))
        claims = {"sub": "bench", "custom:tenant": "demo", "cognito:groups": ["admin"]}
        shapes = {
            "first page (limit 50)": "limit=50",
            "name prefix q=ana": "q=ana&limit=50",
            "document prefix q=1234": "q=1234&limit=50",
            "category filter": f"category={category.id}&limit=50",
            "creditor filter": "creditor=" + services.creditors.list_creditors(admin)[0].id + "&limit=50",
        }
        print(f"GET /api/v1/debtors, {REQUESTS} calls each, {DEBTORS} debtors, handler + moto in-process:")
        print("  (every call also reads the caller's profile: one GetItem)")
        for label, query in shapes.items():
            event = http_api_event(
                "GET", "/api/v1/debtors", route_key="ANY /api/v1/{proxy+}", query=query, claims=claims
            )
            timings, own = [], []
            for _ in range(REQUESTS):
                moto_seconds[0] = 0.0
                t0 = time.perf_counter()
                result = handler.lambda_handler(event, LambdaContext())
                total = time.perf_counter() - t0
                timings.append(total * 1000)
                own.append((total - moto_seconds[0]) * 1000)
                assert result["statusCode"] == 200, result
            print(
                f"  {label:24s} total p50 {statistics.median(timings):6.1f} ms"
                f"  p95 {percentile(timings, 95):6.1f} ms"
                f" | outside moto p50 {statistics.median(own):5.1f} ms  p95 {percentile(own, 95):5.1f} ms"
            )


if __name__ == "__main__":
    main()
