"""POST /negocia/api/{tenant}/code: a debtor's document and an unknown one, answered in the same time.

Both go through functions/negocia/handler.py (HTTP API v2 events, moto in-process), interleaved so
that drift in the machine hits both alike; each request comes from its own address and document, as
an enumeration would. The figure that matters is the gap between the medians (the issue's bound: 10 ms).
The queued code is then sent by the worker; that time is printed apart (the requester never waits on it).
"""

from __future__ import annotations

import json
import os
import statistics
import time

from bench import LambdaContext, offline_aws
from cobranca.domain.dates import CLOCK

offline_aws()

REQUESTS = int(os.environ.get("BENCH_REQUESTS", "200"))


def main() -> None:
    from datetime import UTC, datetime, timedelta

    from moto import mock_aws

    from infra import template
    from infra.local import moto_fixes
    from infra.local.events import http_api_event
    from infra.local.resources import create_all

    moto_fixes.apply()
    with mock_aws():
        resources = create_all()
        for spec in template.functions():
            os.environ.update(resources.environment(spec))
        os.environ["POWERTOOLS_LOG_LEVEL"] = "WARNING"  # the worker logs one line per job
        CLOCK.pin(datetime.now(UTC) - timedelta(days=2))
        from cobranca import bootstrap
        from cobranca.domain.access import Role
        from cobranca.domain.contacts import ContactIn, ContactKind
        from cobranca.domain.documents import cpf_check_digits
        from cobranca.domain.portfolio import DebtorIn, Service, Tenant
        from cobranca.services.caller import Caller
        from functions.login_codes import handler as login_codes
        from functions.negocia import handler

        def cpf(n: int) -> str:
            body = f"{100000000 + n * 7919:09d}"[-9:]
            return body + cpf_check_digits(body)

        bootstrap.reset()
        services = bootstrap.services()
        services.portfolio.repo.put_tenant(
            Tenant(slug="demo", name="Demo", services=[Service.NEGOCIA_ONLINE])
        )
        admin = Caller("demo", "bench", "bench@demo.local", Role.ADMIN)
        known = [cpf(i) for i in range(REQUESTS)]
        unknown = [cpf(REQUESTS + i) for i in range(REQUESTS)]
        for i, document in enumerate(known):
            contact = ContactIn(kind=ContactKind.EMAIL, value=f"devedor{i}@example.com")
            services.portfolio.create_debtor(
                admin, DebtorIn(document=document, name=f"D {i}", contacts=[contact])
            )
        CLOCK.pin(None)

        def ask(document: str, i: int) -> float:
            event = http_api_event(
                "POST",
                "/negocia/api/demo/code",
                route_key="POST /negocia/api/{tenant}/code",
                headers={"content-type": "application/json"},
                body=json.dumps({"document": document}).encode(),
                path_parameters={"tenant": "demo"},
                source_ip=f"10.{i // 250}.{i % 250}.1",
            )
            t0 = time.perf_counter()
            result = handler.lambda_handler(event, LambdaContext())
            elapsed = (time.perf_counter() - t0) * 1000
            assert result["statusCode"] == 202, result
            return elapsed

        ask(cpf(99_999), 10**5)  # warm: first request builds the services and reads the key
        timings: dict[str, list[float]] = {"known": [], "unknown": []}
        for i in range(REQUESTS):
            timings["known"].append(ask(known[i], 2 * i))
            timings["unknown"].append(ask(unknown[i], 2 * i + 1))
        medians = {k: statistics.median(v) for k, v in timings.items()}
        print(f"POST /negocia/api/demo/code, {REQUESTS} known + {REQUESTS} unknown documents, interleaved:")
        for label, values in timings.items():
            print(
                f"  {label:8s} p50 {medians[label]:6.2f} ms"
                f"   p95 {sorted(values)[int(0.95 * len(values))]:6.2f} ms"
            )
        print(f"  gap between medians: {abs(medians['known'] - medians['unknown']):.2f} ms (bound: 10 ms)")

        t0 = time.perf_counter()
        sent = 0
        import boto3

        from infra.local.events import sqs_event

        sqs = boto3.client("sqs")
        url = resources.refs["LoginCodeQueue"]
        while messages := sqs.receive_message(QueueUrl=url, MaxNumberOfMessages=10).get("Messages"):
            login_codes.lambda_handler(sqs_event(messages, resources.arns["LoginCodeQueue"]), LambdaContext())
            for m in messages:
                sqs.delete_message(QueueUrl=url, ReceiptHandle=m["ReceiptHandle"])
            sent += len(messages)
        print(f"  worker: {sent} jobs in {time.perf_counter() - t0:.1f}s (after the answers; nobody waits)")


if __name__ == "__main__":
    main()
