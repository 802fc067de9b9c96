"""What a payment costs: Asaas requests per agreement, the webhook's acknowledgement, the AWS requests
of each event, and the AWS bill per 1,000 payments.

In-process against moto, with the Asaas fake on loopback (HTTP): N agreements of four PIX installments
are closed (AgreementService.create), charged (ChargeService.run, as ChargerFunction), and every
installment is paid (the fake's PAYMENT_RECEIVED, posted to functions/webhooks/handler.asaas as API
Gateway hands it, then applied by functions/payments/handler.events as the SQS event source does);
every AWS call is counted where botocore makes it (bench/meter.py).

- the acknowledgement's p50/p99 beside the smallest Powertools + pydantic HTTP handler's (the
  baseline, bench/minimal_handler.py, same process, same event shape) and its DynamoDB requests (0:
  the receiver only checks the token, cached, and queues);
- per event in the worker: DynamoDB requests, items read, write units, and Asaas requests (each event
  that moves money is checked against Asaas's own record of the payment); per agreement: Asaas requests
  (the first attempt looks nothing up: 2 + 2n);
- how long a charge waits after Asaas answers 429 (RateLimit-Reset 2 s) or 503 once: the job is put back
  with that wait (the queue's visibility timeout, 360 s, was the wait before);
- the bill per 1,000 payments at AWS list prices (us-east-1, on demand).
"""

from __future__ import annotations

import base64
import json
import os
import statistics
import time
from datetime import date, timedelta
from decimal import Decimal
from typing import Any

from bench import LambdaContext, offline_aws, percentile
from bench.meter import (
    PRICE_HTTP_API,
    PRICE_LAMBDA_GBS,
    PRICE_LAMBDA_REQ,
    PRICE_RRU,
    PRICE_SECRETS_CALL,
    PRICE_SQS,
    PRICE_WRU,
    Meter,
)

offline_aws(POWERTOOLS_LOG_LEVEL="WARNING", COBRANCA_NOW="2026-11-23T10:00:00-03:00")

AGREEMENTS = int(os.environ.get("BENCH_PAYMENTS_AGREEMENTS", "50"))
TENANT = "demo"
TOKEN = "bench-webhook-token-0000000000000000000000"
KEY = "$aact_bench_000000000000000000000000000000"
WALLET = "0b3c5e2a-8f4d-4c61-9a7e-2d1f6b8c9e01"


def http_event(path: str, body: bytes, headers: dict[str, str]) -> dict[str, Any]:
    return {
        "version": "2.0",
        "routeKey": f"POST {path}",
        "rawPath": path,
        "headers": {"content-type": "application/json", **headers},
        "pathParameters": {"tenant": TENANT},
        "isBase64Encoded": True,
        "body": base64.b64encode(body).decode(),
        "requestContext": {"http": {"method": "POST", "path": path}, "stage": "$default"},
    }


def setup(services: Any) -> list[str]:
    """The tenant's Asaas account, a creditor on Asaas, and AGREEMENTS debtors with one title each."""
    import random

    from cobranca.domain.access import Role
    from cobranca.domain.debt import OfferRule, Policy
    from cobranca.domain.payments import PaymentSettingsIn, Portador
    from cobranca.domain.portfolio import CreditorIn, CreditorPatch, DebtorIn, TitleIn
    from cobranca.services.caller import Caller
    from infra.local.seed import cpf

    admin = Caller(tenant=TENANT, user_id="bench", email="admin@bench.local", role=Role.ADMIN)
    services.payment_settings.put(
        admin, PaymentSettingsIn(environment="sandbox", api_key=KEY, webhook_token=TOKEN)
    )
    creditor = services.creditors.create_creditor(
        admin, CreditorIn(code="C", name="Condomínio Bench", document="34028316000103")
    )
    policy = Policy(
        fine_percent=Decimal(2),
        interest_percent_month=Decimal(1),
        commission_percent=Decimal(15),
        offers=[OfferRule(code="4X", name="Entrada + 3", installments=3, entry_min_percent=Decimal(25))],
    )
    services.creditors.update_creditor(
        admin, creditor.id, CreditorPatch(policy=policy, portador=Portador.ASAAS, wallet_id=WALLET)
    )
    rng = random.Random(7)
    debtors = []
    for n in range(AGREEMENTS):
        d = services.portfolio.create_debtor(admin, DebtorIn(document=cpf(rng), name=f"Devedor {n}"))
        services.portfolio.add_title(
            admin,
            d.id,
            TitleIn(
                creditor_id=creditor.id,
                number=f"NF-{n}",
                original_amount=Decimal("1200.00") + n,
                due_date=date(2026, 9, 10),
            ),
        )
        debtors.append(d.id)
    return debtors


def retry_latency(services: Any, fake: Any, resources: Any, operator: Any, faults: tuple[str, ...]) -> float:
    """Seconds from closing an agreement to its charges made when Asaas fails once (`faults`), the
    ChargeQueue delivered as Lambda's event source mapping does (delays honoured)."""
    import random

    import boto3

    from cobranca.domain.agreements import AgreementIn, PaymentMethod
    from cobranca.domain.portfolio import DebtorIn, TitleIn
    from functions.charger import handler
    from infra.local.events import sqs_event
    from infra.local.seed import cpf

    creditor = services.portfolio.repo.list_creditors(TENANT)[0]
    d = services.portfolio.create_debtor(
        operator, DebtorIn(document=cpf(random.Random()), name="Devedor latência")
    )
    title = services.portfolio.add_title(
        operator,
        d.id,
        TitleIn(
            creditor_id=creditor.id,
            number=f"NF-L{time.time_ns()}",
            original_amount=Decimal("900.00"),
            due_date=date(2026, 9, 10),
        ),
    )
    body = AgreementIn(
        debtor_id=d.id,
        title_ids=[title.id],
        offer_code="4X",
        payment_method=PaymentMethod.PIX,
        first_due_date=date(2026, 11, 26),
        email="latencia@example.com",
    )
    started = time.perf_counter()
    fake.fail_next(*faults)
    a = services.agreements.create(operator, body, f"bench-latency-{time.time_ns()}")
    sqs, url = boto3.client("sqs"), resources.refs["ChargeQueue"]
    while time.perf_counter() - started < 60:
        got = sqs.receive_message(QueueUrl=url, MaxNumberOfMessages=10, WaitTimeSeconds=0).get("Messages")
        for m in got or []:
            handler.lambda_handler(sqs_event([m], resources.arns["ChargeQueue"]), LambdaContext())
            sqs.delete_message(QueueUrl=url, ReceiptHandle=m["ReceiptHandle"])
        charges = [i.charge for i in services.agreements.agreements.get(TENANT, a.id).installments]
        if all(c is not None and c.status.value == "created" for c in charges):
            return time.perf_counter() - started
        time.sleep(0.2)
    raise AssertionError("the charge was not made within 60 s")


def main() -> None:
    import boto3
    from moto import mock_aws

    from bench import minimal_handler
    from cobranca import bootstrap
    from cobranca.domain.access import Role
    from cobranca.domain.agreements import AgreementIn, PaymentMethod
    from cobranca.jobs import ChargeJob
    from cobranca.services.caller import Caller
    from infra import template
    from infra.local import moto_fixes
    from infra.local.events import sqs_event
    from infra.local.fake_asaas import FakeAsaas
    from infra.local.resources import create_all

    moto_fixes.apply()
    meter = Meter()
    meter.install()
    fake = FakeAsaas()
    with mock_aws():
        resources = create_all()
        for spec in template.functions():
            os.environ.update(resources.environment(spec))
        os.environ.update(ASAAS_BASE_URL=fake.url, POWERTOOLS_LOG_LEVEL="WARNING", LOG_LEVEL="WARNING")
        bootstrap.reset()
        services = bootstrap.services()
        debtors = setup(services)
        operator = Caller(tenant=TENANT, user_id="bench", email="admin@bench.local", role=Role.ADMIN)

        agreements = []
        for n, debtor_id in enumerate(debtors):
            title = services.portfolio.repo.list_titles(TENANT, debtor_id)[0]
            body = AgreementIn(
                debtor_id=debtor_id,
                title_ids=[title.id],
                offer_code="4X",
                payment_method=PaymentMethod.PIX,
                first_due_date=date(2026, 11, 23) + timedelta(days=3),
                email=f"d{n}@example.com",
            )
            agreements.append(services.agreements.create(operator, body, f"bench-agreement-{n:04d}"))

        fake.requests = 0
        for a in agreements:
            services.charger.run(ChargeJob(tenant=TENANT, agreement_id=a.id))
        asaas_per_agreement = fake.requests / len(agreements)
        installments = sum(len(a.installments) for a in agreements)

        from functions.payments import handler as worker
        from functions.webhooks import handler as receiver

        events = []
        for a in agreements:
            for inst in services.agreements.agreements.get(TENANT, a.id).installments:
                assert inst.charge is not None
                assert inst.charge.provider_id
                events += fake.confirm(inst.charge.provider_id, on=date(2026, 11, 23))
        path = f"/webhooks/asaas/{TENANT}"
        warm = json.dumps(events[0]).encode()
        receiver.asaas(http_event(path, warm, {"asaas-access-token": TOKEN}), LambdaContext())  # token cached
        minimal_handler.lambda_handler(  # the baseline, warmed the same way
            {**http_event("/items", b'{"name":"x"}', {}), "routeKey": "POST /items"}, LambdaContext()
        )
        sqs = boto3.client("sqs")
        queue = resources.refs["PaymentEventQueue"]
        while sqs.receive_message(QueueUrl=queue, MaxNumberOfMessages=10).get("Messages"):
            pass  # the warm-up's job is delivered again below with the rest
        sqs.purge_queue(QueueUrl=queue)

        meter.on = True
        meter.reset()
        ack: list[float] = []
        own: list[float] = []  # the same, less the time inside moto (SQS's stand-in)
        baseline: list[float] = []
        item = {**http_event("/items", b'{"name":"x"}', {}), "routeKey": "POST /items"}
        for e in events:
            raw = json.dumps(e).encode()
            before = meter.moto_seconds
            started = time.perf_counter()
            answer = receiver.asaas(http_event(path, raw, {"asaas-access-token": TOKEN}), LambdaContext())
            ack.append(time.perf_counter() - started)
            own.append(ack[-1] - (meter.moto_seconds - before))
            assert answer["statusCode"] == 200, answer
            started = time.perf_counter()
            minimal_handler.lambda_handler(item, LambdaContext())
            baseline.append(time.perf_counter() - started)
        receiver_calls = dict(meter.calls)
        receiver_ddb = meter.dynamodb_calls()

        meter.reset()
        fake.requests = 0
        applied = 0
        worker_started = time.perf_counter()
        while messages := sqs.receive_message(QueueUrl=queue, MaxNumberOfMessages=10).get("Messages"):
            result = worker.events(sqs_event(messages, resources.arns["PaymentEventQueue"]), LambdaContext())
            assert result == {"batchItemFailures": []}, result
            for m in messages:
                sqs.delete_message(QueueUrl=queue, ReceiptHandle=m["ReceiptHandle"])
            applied += len(messages)
        worker_s = time.perf_counter() - worker_started
        asaas_per_event = fake.requests / max(1, applied)
        worker_moto_s = meter.moto_seconds
        worker_calls = dict(meter.calls)
        worker_ddb = meter.dynamodb_calls()
        worker_sqs = meter.sqs_calls()
        read, written = meter.read, meter.written
        meter.on = False
        paid = sum(
            1
            for a in agreements
            for i in services.agreements.agreements.get(TENANT, a.id).installments
            if i.status.value == "paid"
        )
        sqs.purge_queue(QueueUrl=resources.refs["ChargeQueue"])  # the closings' jobs, run directly above
        latency = {
            fault: retry_latency(services, fake, resources, operator, faults)
            for fault, faults in (("429", ("429",)), ("503", ("", "", "503")))
        }
    fake.stop()

    n = len(events)
    ms = 1000
    print(f"\nPayments: {len(agreements)} agreements, {installments} PIX installments, {n} webhook events")
    print(f"  every installment paid once: {paid}/{installments}; events applied by the worker: {applied}")
    print(
        f"\nAsaas requests per agreement (customer lookup + create, 4 × create + PIX code; the first "
        f"attempt looks nothing up): {asaas_per_agreement:.1f} (2 + 2n = 10; it was 2 + 3n = 14)"
    )
    print(
        f"Asaas requests per webhook event in the worker (GET /payments/{{id}}: the money is what Asaas "
        f"says): {asaas_per_event:.2f}"
    )
    print(
        f"A charge after Asaas's 429 (RateLimit-Reset 2 s): created {latency['429']:.1f} s after closing; "
        f"after a 503: {latency['503']:.1f} s (before: the queue's visibility timeout, 360 s)"
    )
    p50, p99 = statistics.median(ack) * ms, percentile(ack, 99) * ms
    b50, b99 = statistics.median(baseline) * ms, percentile(baseline, 99) * ms
    print("\nWebhook acknowledgement, in-process (functions/webhooks/handler.asaas; token check + SQS send)")
    print(
        f"  p50 {p50:.2f} ms, p99 {p99:.2f} ms; baseline (minimal Powertools handler) p50 {b50:.2f} ms, "
        f"p99 {b99:.2f} ms → ratio p50 {p50 / b50:.1f}×, p99 {p99 / b99:.1f}×"
    )
    print(
        f"  outside moto (cobranca + botocore): p50 {statistics.median(own) * ms:.2f} ms, "
        f"p99 {percentile(own, 99) * ms:.2f} ms → ratio p50 {statistics.median(own) * ms / b50:.1f}×"
    )
    print(
        f"  AWS calls per event: { ({k: round(v / n, 2) for k, v in receiver_calls.items()}) }; "
        f"DynamoDB requests: {receiver_ddb}"
    )
    print(
        "\nWorker per event (functions/payments/handler.events: the agreement query and one transaction;"
        " a redelivery is known from the query; the guard is read only when a write fails)"
    )
    print(
        f"  DynamoDB requests {worker_ddb / n:.2f}, items read {read / n:.2f}, "
        f"write units {written / n:.2f}, SQS requests {worker_sqs / n:.2f} (receive, delete)"
    )
    print(f"  by operation: { {k: round(v / n, 2) for k, v in sorted(worker_calls.items())} }")
    print(
        f"  throughput {applied / worker_s:,.0f} events/s with moto in-process; cobranca's own time "
        f"{(worker_s - worker_moto_s) / n * 1000:.1f} ms per event (the rest is moto)"
    )

    # the bill per 1,000 payments: one event each (PIX sends PAYMENT_RECEIVED only; a boleto sends two)
    per = 1000
    lambda_gbs = (0.512 * 0.05 + 0.512 * 0.15) * per  # ~50 ms ack, ~150 ms apply, 512 MB
    dynamo = (read / n * PRICE_RRU + written / n * PRICE_WRU) * per
    sqs_cost = ((receiver_calls.get("sqs:SendMessage", 0) + worker_sqs) / n) * PRICE_SQS * per
    http = PRICE_HTTP_API * per
    lam = 2 * PRICE_LAMBDA_REQ * per + lambda_gbs * PRICE_LAMBDA_GBS
    secrets = PRICE_SECRETS_CALL * per * (1 / 100)  # the token cached 5 min: at most one read per 100 events
    total = dynamo + sqs_cost + http + lam + secrets
    print(
        f"\nAWS per 1,000 payments (us-east-1 list prices): DynamoDB US$ {dynamo:.4f}, "
        f"SQS US$ {sqs_cost:.4f}, HTTP API US$ {http:.4f}, Lambda US$ {lam:.4f}, "
        f"Secrets Manager US$ {secrets:.5f} → "
        f"US$ {total:.4f} (R$ {total * 5.4:.3f} at R$ 5,40); Asaas's own fee per PIX is R$ 1,99"
    )


if __name__ == "__main__":
    main()
