"""What the régua costs: read amplification, AWS calls per action, throughput, and the monthly bill.

For portfolios of 10k, 100k and 1M titles (BENCH_RULER_SIZES), about 2% of them due on the dates the
ruler's four steps reach today, the daily run (RulerService.plan_day, as the schedule calls it) runs
against moto in-process, and every AWS call is counted where botocore makes it:

- read amplification = DynamoDB items read ÷ actions decided, beside a Scan of the same table that
  finds the same due titles (the baseline);
- AWS calls per action: the run (rulers, due-date partitions, dedupe puts, SendMessageBatch) and the
  delivery of every message by functions/sender/handler.py (claim, reads, cap, history transaction),
  with SMS and WhatsApp going over HTTP to the loopback fakes of Zenvia and the WhatsApp Cloud API,
  and SQS receive/delete as Lambda's event source mapping does them;
- throughput: actions decided and queued per second, messages delivered per second (moto in-process,
  the local stack's components without its HTTP hop to moto);
- the monthly bill those calls imply for 100,000 debtors at AWS list prices (us-east-1, on demand).
"""

from __future__ import annotations

import json
import os
import time
from collections import Counter
from datetime import date, timedelta
from decimal import Decimal
from typing import Any

from bench import LambdaContext, offline_aws
from bench.meter import PRICE_LAMBDA_GBS, PRICE_LAMBDA_REQ, PRICE_RRU, PRICE_SES, PRICE_SQS, PRICE_WRU, Meter

offline_aws(
    POWERTOOLS_LOG_LEVEL="WARNING",
    COBRANCA_NOW="2026-11-23T10:00:00-03:00",  # a Monday, inside every window
)

SIZES = [int(n) for n in os.environ.get("BENCH_RULER_SIZES", "10000,100000,1000000").split(",")]
TENANT = "bench"
RUN_DATE = date(2026, 11, 23)
OFFSETS = {-2: "whatsapp", 3: "email", 10: "sms", 30: "letter"}  # the four steps
SPREAD_DAYS = 140  # due dates spread over 140 days, 70% open: 4 / 140 × 0.7 ≈ 2% reached today
FULL_RUN_MAX = 100_000  # above it, the run's read phase only (moto's writes and Scan slow down with size)


def seed(size: int, creditor_id: str) -> int:
    """`size` titles, two per debtor; the debtors the ruler reaches today get their record and contacts.

    Returns how many titles sit on today's step dates (open)."""
    from cobranca.domain.contacts import Contact, ContactKind
    from cobranca.domain.documents import DocumentKind
    from cobranca.domain.portfolio import Debtor, DebtorSummary, Title, TitleStatus
    from cobranca.store.items import contact_item, debtor_item, title_item
    from cobranca.store.models import Item

    reached = {RUN_DATE - timedelta(days=offset) for offset in OFFSETS}
    due = 0
    seeded_debtors: set[int] = set()
    with Item.batch_write() as batch:
        for n in range(size):
            debtor_n = n // 2
            due_date = RUN_DATE - timedelta(days=(n * 7919) % SPREAD_DAYS - 40)
            status = TitleStatus.PAID if ((n * 2654435761) >> 16) % 10 < 3 else TitleStatus.OPEN  # 30% paid
            summary = DebtorSummary(
                id=f"d{debtor_n:07d}",
                document="12345678909",
                document_kind=DocumentKind.CPF,
                name="Maria Souza",
            )
            title = Title(
                id=f"t{n:07d}",
                debtor_id=summary.id,
                creditor_id=creditor_id,
                number=f"NF-{n}",
                original_amount=Decimal("150.00"),
                due_date=due_date,
                status=status,
                created_at="2026-01-01T00:00:00Z",
                updated_at="2026-01-01T00:00:00Z",
            )
            batch.save(title_item(TENANT, title, summary))
            if due_date in reached and status is TitleStatus.OPEN:
                due += 1
                if debtor_n not in seeded_debtors:
                    seeded_debtors.add(debtor_n)
                    reach = (
                        ("p", ContactKind.PHONE, f"+551198{debtor_n % 10_000_000:07d}"),
                        ("e", ContactKind.EMAIL, f"d{debtor_n}@example.com"),
                        ("a", ContactKind.ADDRESS, "Rua A, 1, São Paulo, SP"),
                    )
                    contacts = [
                        Contact(id=i, kind=kind, value=value, created_at="", updated_at="")
                        for i, kind, value in reach
                    ]
                    debtor = Debtor(
                        **{**summary.model_dump(), "uf": "SP"},
                        contacts=contacts,
                        created_at="",
                        updated_at="",
                    )
                    batch.save(debtor_item(TENANT, debtor))
                    for c in contacts:
                        batch.save(contact_item(TENANT, debtor.id, c))
    return due


def configure(services: Any) -> str:
    from cobranca.domain.access import Role
    from cobranca.domain.channels import MESSAGE_CHANNELS, Channel
    from cobranca.domain.portfolio import CreditorIn
    from cobranca.domain.rulers import RulerIn, RulerStep
    from cobranca.domain.sending import ChannelSettings, SendingSettings
    from cobranca.domain.templates import ProviderStatus, TemplateIn, WhatsAppTemplateRef
    from cobranca.services.caller import Caller

    admin = Caller(tenant=TENANT, user_id="bench", email="admin@bench.local", role=Role.ADMIN)
    every_day = ChannelSettings(weekdays=[1, 2, 3, 4, 5, 6, 7], start="00:00", end="23:59")
    services.messaging.put_settings(
        admin,
        SendingSettings(
            channels=dict.fromkeys(sorted(MESSAGE_CHANNELS), every_day),
            debtor_daily_max=10,
            debtor_weekly_max=50,
            sms_from="cobranca",
            whatsapp_phone_number_id="106540352242922",
        ),
    )
    identity = "#IDENTIFICACAO_CREDOR#"  # name, CPF/CNPJ and address (CDC art. 42-A)
    bodies: dict[str, dict[str, Any]] = {
        "whatsapp": {
            "whatsapp": WhatsAppTemplateRef(
                name="lembrete",
                parameters=["#PRIMEIRO_NOME#", "#CREDOR#", "#CNPJ_CREDOR#"],
                status=ProviderStatus.APPROVED,
            )
        },
        "email": {"subject": "Aviso #CREDOR#", "body": f"#NOME#, débito com {identity}: #VALOR_ATUALIZADO#"},
        "sms": {
            "body": "#PRIMEIRO_NOME#, débito com #CREDOR# (#CNPJ_CREDOR#) vencido há #DIAS_ATRASO# dias."
        },
        "letter": {"body": f"#NOME#, débito com {identity}: #VALOR_ATUALIZADO#"},
    }
    templates = {
        channel: services.messaging.create_template(
            admin, TemplateIn(channel=Channel(channel), name=channel, **extra)
        ).id
        for channel, extra in bodies.items()
    }
    steps = [
        RulerStep(offset_days=offset, channel=Channel(channel), template_id=templates[channel])
        for offset, channel in OFFSETS.items()
    ]
    services.messaging.create_ruler(admin, RulerIn(name="bench", steps=steps))
    creditor = services.creditors.create_creditor(
        admin, CreditorIn(code="ACME", name="Acme Ltda", document="11.222.333/0001-81")
    )
    return str(creditor.id)


def scan_baseline(meter: Meter) -> tuple[int, int]:
    """What a Scan pays to find the same open titles: (items read, titles found)."""
    from cobranca.store.models import Item, TitleItem

    reached = [(RUN_DATE - timedelta(days=offset)).isoformat() for offset in OFFSETS]
    meter.reset()
    found = sum(
        1
        for _ in TitleItem.scan(
            (TitleItem.status == "open") & TitleItem.due_date.is_in(*reached) & (Item.pk.startswith("T#"))
        )
    )
    return meter.read, found


def drain(sqs: Any, url: str, limit: int) -> int:
    """Delivers up to `limit` jobs the way Lambda's event source mapping does (batches of 10)."""
    import functions.sender.handler as sender_handler
    from infra.local.events import sqs_event

    done = 0
    while done < limit:
        messages = sqs.receive_message(QueueUrl=url, MaxNumberOfMessages=10, AttributeNames=["All"]).get(
            "Messages", []
        )
        if not messages:
            break
        result = sender_handler.lambda_handler(sqs_event(messages, "arn:aws:sqs:::send"), LambdaContext())
        failed = {f["itemIdentifier"] for f in result.get("batchItemFailures", [])}
        entries = [
            {"Id": str(i), "ReceiptHandle": m["ReceiptHandle"]}
            for i, m in enumerate(messages)
            if m["MessageId"] not in failed
        ]
        if entries:
            sqs.delete_message_batch(QueueUrl=url, Entries=entries)
        done += len(messages)
    return done


def one_size(size: int, meter: Meter) -> dict[str, Any]:
    import boto3
    from moto import mock_aws

    from cobranca import bootstrap
    from infra import template
    from infra.local.fake_messaging import WHATSAPP_TOKEN, ZENVIA_TOKEN, FakeMessaging
    from infra.local.resources import create_all

    fake = FakeMessaging()
    with mock_aws():
        resources = create_all()
        spec = next(f for f in template.functions() if f.name == "SenderFunction")
        os.environ.update(resources.environment(spec))
        os.environ.update(
            ZENVIA_BASE_URL=fake.url, WHATSAPP_BASE_URL=fake.url, POWERTOOLS_LOG_LEVEL="WARNING"
        )
        boto3.client("secretsmanager").create_secret(
            Name=os.environ["PROVIDER_SECRET"],
            SecretString=json.dumps({"zenvia_token": ZENVIA_TOKEN, "whatsapp_token": WHATSAPP_TOKEN}),
        )
        boto3.client("ses").verify_email_identity(EmailAddress=os.environ["MAIL_FROM"])
        bootstrap.reset()
        services = bootstrap.services()
        creditor_id = configure(services)
        started = time.perf_counter()
        due = seed(size, creditor_id)
        seed_seconds = time.perf_counter() - started

        table_items = boto3.client("dynamodb").describe_table(TableName=os.environ["TABLE_NAME"])["Table"][
            "ItemCount"
        ]
        result: dict[str, Any] = {
            "size": size,
            "due": due,
            "seed_s": seed_seconds,
            "table_items": table_items,
        }
        meter.on = True
        meter.reset()
        started = time.perf_counter()
        if size <= FULL_RUN_MAX:
            report = services.ruler.plan_day(TENANT, RUN_DATE)
            actions, due_items = report.actions, report.due_items
        else:  # moto's conditional put slows with table size: the run's reads only, the same calls
            actions, due_items = read_phase(services.ruler.repo)
        result.update(
            actions=actions,
            run_s=time.perf_counter() - started,
            run_moto_s=meter.moto_seconds,
            run_read=meter.read,
            run_written=meter.written,
            run_calls=Counter(meter.calls),
            full_run=size <= FULL_RUN_MAX,
        )
        table = boto3.client("dynamodb").describe_table(TableName=os.environ["TABLE_NAME"])["Table"]
        # after a real run the table also holds one message record per action
        table_items = table["ItemCount"] + (0 if size <= FULL_RUN_MAX else actions)
        if size <= FULL_RUN_MAX:  # moto's Scan is quadratic in the table size (12 s at 30k titles)
            started = time.perf_counter()
            scan_read, scan_found = scan_baseline(meter)
            assert scan_found == due_items == due, (scan_found, due_items, due)
            assert scan_read == table_items, (scan_read, table_items)
            result.update(scan_read=scan_read, scan_s=time.perf_counter() - started)
        else:
            assert due_items == due
            result.update(scan_read=table_items, scan_s=None)

        if size == SIZES[0]:  # the sender's cost per message does not depend on the portfolio
            meter.reset()
            started = time.perf_counter()
            delivered = drain(boto3.client("sqs"), resources.refs["SendQueue"], actions)
            result.update(
                delivered=delivered,
                send_s=time.perf_counter() - started,
                send_moto_s=meter.moto_seconds,
                send_calls=Counter(meter.calls),
                send_read=meter.read,
                send_written=meter.written,
                sent_by_channel=Counter(m["channel"] for m in fake.sent),
            )
        meter.on = False
    fake.stop()
    return result


def read_phase(repo: Any) -> tuple[int, int]:
    """What RulerService.plan_day reads and plans, without its writes: (actions, due items)."""
    from cobranca.domain.rulers import due_dates, plan_actions

    actions = due_items = 0
    for day, steps in due_dates(repo.list_rulers(TENANT), RUN_DATE).items():
        items = list(repo.due_items(TENANT, day))
        due_items += len(items)
        actions += len(plan_actions(TENANT, RUN_DATE, steps, items))
    return actions, due_items


def main() -> None:
    from infra.local import moto_fixes

    moto_fixes.apply()
    meter = Meter()
    meter.install()
    results = [one_size(size, meter) for size in SIZES]

    print("\nRead amplification of the daily run (items DynamoDB reads ÷ actions decided)")
    print(
        f"{'titles':>9} {'due today':>9} {'actions':>8} {'run reads':>9} {'ratio':>6} "
        f"{'Scan reads':>10} {'ratio':>7}"
    )
    for r in results:
        note = "" if r["full_run"] else "  (read phase only; Scan = the table's item count, not run in moto)"
        print(
            f"{r['size']:>9,} {r['due']:>9,} {r['actions']:>8,} {r['run_read']:>9,} "
            f"{r['run_read'] / r['actions']:>6.3f} {r['scan_read']:>10,} "
            f"{r['scan_read'] / r['actions']:>7.1f}{note}"
        )

    print("\nThroughput: all of it (moto in-process included), and cobranca's own share (time outside moto)")
    for r in results:
        own = r["run_s"] - r["run_moto_s"]
        what = "actions queued" if r["full_run"] else "actions planned (reads only)"
        scan = f", Scan {r['scan_s']:.0f} s" if r["scan_s"] is not None else ""
        print(
            f"{r['size']:>9,} titles: run {r['actions'] / r['run_s']:,.0f} {what}/s "
            f"(own {r['actions'] / own:,.0f}/s); seeding {r['seed_s']:.0f} s{scan}"
        )
    first = results[0]
    own = first["send_s"] - first["send_moto_s"]
    print(
        f"   sender: {first['delivered']} messages in {first['send_s']:.1f} s → "
        f"{first['delivered'] / first['send_s']:,.1f}/s "
        f"(own {first['delivered'] / own:,.1f}/s), one invocation at a time; by wire: "
        f"{dict(first['sent_by_channel'])} + e-mails (SES) and letters (PDF to S3)"
    )

    r = results[0]
    actions, delivered = r["actions"], r["delivered"]
    run_ddb = sum(n for op, n in r["run_calls"].items() if op.startswith("dynamodb:"))
    run_sqs = sum(n for op, n in r["run_calls"].items() if op.startswith("sqs:"))
    send_ddb = sum(n for op, n in r["send_calls"].items() if op.startswith("dynamodb:"))
    send_sqs = sum(n for op, n in r["send_calls"].items() if op.startswith("sqs:"))
    send_ses = r["send_calls"].get("ses:SendRawEmail", 0)
    print(
        f"\nAWS calls per action ({r['size']:,} titles; run over {actions:,} actions, "
        f"sender over {delivered:,})"
    )
    per = {
        "run: DynamoDB requests": run_ddb / actions,
        "run: items read": r["run_read"] / actions,
        "run: write units": r["run_written"] / actions,
        "run: SQS requests": run_sqs / actions,
        "sender: DynamoDB requests": send_ddb / delivered,
        "sender: items read": r["send_read"] / delivered,
        "sender: write units": r["send_written"] / delivered,
        "sender: SQS requests (receive, delete)": send_sqs / delivered,
        "sender: SES e-mails": send_ses / delivered,
    }
    for label, value in per.items():
        print(f"  {label:<40} {value:6.2f}")
    print("  run calls:   ", dict(sorted(r["run_calls"].items())))
    print("  sender calls:", dict(sorted(r["send_calls"].items())))

    # 100,000 debtors, each reached by the four steps once a month: 400,000 actions
    monthly_actions = 100_000 * len(OFFSETS)
    reads = (per["run: items read"] + per["sender: items read"]) * monthly_actions
    writes = (per["run: write units"] + per["sender: write units"]) * monthly_actions
    sqs_requests = (
        per["run: SQS requests"] + per["sender: SQS requests (receive, delete)"]
    ) * monthly_actions
    batches = monthly_actions / 10
    gb_seconds = batches * (r["send_s"] / max(1, delivered / 10)) * 0.5  # measured time per batch, 512 MB
    cost = {
        "DynamoDB reads (1 RRU per item, strongly consistent ≤4 KB: an upper bound)": reads * PRICE_RRU,
        "DynamoDB writes (1 WRU per item ≤1 KB, transactions ×2)": writes * PRICE_WRU,
        "SQS requests": sqs_requests * PRICE_SQS,
        "Lambda sender (requests + GB-s at the measured time per batch)": batches * PRICE_LAMBDA_REQ
        + gb_seconds * PRICE_LAMBDA_GBS,
        "SES (the quarter of actions that are e-mails)": monthly_actions / 4 * PRICE_SES,
    }
    print(
        f"\nMonthly AWS cost for 100,000 debtors × {len(OFFSETS)} steps = {monthly_actions:,} actions "
        "(us-east-1 list prices)"
    )
    for label, value in cost.items():
        print(f"  {label:<75} ${value:8.2f}")
    print(f"  {'total':<75} ${sum(cost.values()):8.2f}  (SMS/WhatsApp provider fees not included)")


if __name__ == "__main__":
    main()
