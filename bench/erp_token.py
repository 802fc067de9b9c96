"""What the ERP's machine token costs per call of /api/v1/erp/...: the ErpToken Lambda authorizer's
decision (functions/erp_authorizer/handler.lambda_handler: RS256 signature, claims, one registry read)
in-process against moto, beside the smallest Powertools + pydantic HTTP handler (the baseline,
bench/minimal_handler.py, same process), and its AWS requests.

A real client of the local stack's token endpoint (infra/local/fake_cognito.py, signed with moto's key)
is made through the admin service; the authorizer reads moto's published keys once.
"""

from __future__ import annotations

import base64
import os
import statistics
import time
from typing import Any
from urllib.parse import urlencode

from bench import LambdaContext, offline_aws, percentile
from bench.meter import PRICE_LAMBDA_GBS, PRICE_LAMBDA_REQ, PRICE_RRU, Meter

offline_aws(POWERTOOLS_LOG_LEVEL="WARNING")

CALLS = int(os.environ.get("BENCH_ERP_CALLS", "2000"))


def main() -> None:
    import boto3
    from moto import mock_aws
    from moto.utilities.utils import load_resource

    from bench import minimal_handler
    from cobranca import bootstrap
    from cobranca.domain.access import Role
    from cobranca.domain.erp_clients import ERP_SCOPE, ErpClientIn
    from cobranca.services.caller import Caller
    from infra import template
    from infra.local import moto_fixes
    from infra.local.fake_cognito import TokenEndpoint
    from infra.local.resources import create_all

    moto_fixes.apply()
    meter = Meter()
    meter.install()
    with mock_aws():
        resources = create_all()
        for spec in template.functions():
            os.environ.update(resources.environment(spec))
        os.environ.update(POWERTOOLS_LOG_LEVEL="WARNING", LOG_LEVEL="WARNING")
        bootstrap.reset()
        services = bootstrap.services()
        admin = Caller(tenant="demo", user_id="bench", email="admin@bench.local", role=Role.ADMIN)
        made = services.erp_clients.create(admin, ErpClientIn(name="Bench ERP"))
        pool = resources.refs["UserPool"]
        tokens = TokenEndpoint(
            boto3.client("cognito-idp"), pool, f"https://cognito-idp.us-east-1.amazonaws.com/{pool}"
        )
        basic = base64.b64encode(f"{made.client_id}:{made.client_secret}".encode()).decode()
        status, answer = tokens.token(
            {"Authorization": f"Basic {basic}"},
            urlencode({"grant_type": "client_credentials", "scope": ERP_SCOPE}).encode(),
        )
        assert status == 200, answer
        verifier: Any = services.erp_authorizer.tokens
        verifier.fetch = lambda url: load_resource("cognitoidp/resources/jwks-public.json")

        from functions.erp_authorizer import handler

        event = {"type": "REQUEST", "headers": {"authorization": f"Bearer {answer['access_token']}"}}
        item = {
            "version": "2.0",
            "routeKey": "POST /items",
            "rawPath": "/items",
            "headers": {"content-type": "application/json"},
            "body": '{"name":"x"}',
            "isBase64Encoded": False,
            "requestContext": {"http": {"method": "POST", "path": "/items"}, "stage": "$default"},
        }
        started = time.perf_counter()
        first = handler.lambda_handler(event, LambdaContext())  # keys fetched, the table's client made
        first_ms = (time.perf_counter() - started) * 1000
        assert first["isAuthorized"], first
        minimal_handler.lambda_handler(item, LambdaContext())

        meter.on = True
        meter.reset()
        own, baseline = [], []
        for _ in range(CALLS):
            before = meter.moto_seconds
            started = time.perf_counter()
            assert handler.lambda_handler(event, LambdaContext())["isAuthorized"]
            own.append(time.perf_counter() - started - (meter.moto_seconds - before))
            started = time.perf_counter()
            minimal_handler.lambda_handler(item, LambdaContext())
            baseline.append(time.perf_counter() - started)
        ddb, read = meter.dynamodb_calls(), meter.read
        meter.on = False

    ms = 1000
    p50, p99 = statistics.median(own) * ms, percentile(own, 99) * ms
    b50, b99 = statistics.median(baseline) * ms, percentile(baseline, 99) * ms
    print(f"\nERP token authorizer: {CALLS} decisions on one access token (in-process, moto's time excluded)")
    print(f"  first decision (the JWKS read and parsed, services already built): {first_ms:.1f} ms")
    print(
        f"  warm p50 {p50:.2f} ms, p99 {p99:.2f} ms; baseline (minimal Powertools handler) p50 {b50:.2f} ms, "
        f"p99 {b99:.2f} ms → ratio p50 {p50 / b50:.1f}×, p99 {p99 / b99:.1f}×"
    )
    per_call = ddb / CALLS
    calls = dict(meter.calls)
    print(f"  DynamoDB requests per decision: {per_call:.2f} ({calls}), items read {read / CALLS:.2f}")
    # API Gateway caches each decision five minutes per Authorization header (ReauthorizeEvery: 300)
    lambda_cost = PRICE_LAMBDA_REQ + PRICE_LAMBDA_GBS * 0.256 * max(p99 / 1000, 0.001)
    per_decision = lambda_cost + per_call * PRICE_RRU / 2  # GetItem eventually consistent: half a unit
    print(
        f"  AWS per decision ≈ US$ {per_decision * 1e6:.2f} per million; an ERP calling all day on one-hour "
        f"tokens pays at most 12 decisions an hour (≈ US$ {per_decision * 12 * 24 * 30:.5f} a month)"
    )


if __name__ == "__main__":
    main()
