"""Charges at Asaas (F30, B4) on the moto world and the loopback fake: closing an agreement for a creditor
charged through Asaas queues its charges; the charger gives every installment exactly one payment with
the creditor's split fixed at negotiation, whatever fails where, and a cancelled agreement's payments
are deleted."""

from __future__ import annotations

from decimal import Decimal

import pytest

from cobranca import bootstrap
from cobranca.gateways import PortadorUnavailable
from cobranca.jobs import ChargeJob
from infra.local.fake_asaas import FakeAsaas
from tests.integration.conftest import Stack
from tests.integration.test_agreements_api import close
from tests.integration.test_negotiation_api import POLICY, setup

KEY = "$aact_local_key_0000000000000000"
WALLET = "48548710-9baa-4ec1-a11f-9010193527c6"


def on_asaas(stack: Stack) -> tuple[dict, dict, dict]:
    cred, d, title = setup(stack)
    policy = {"policy": {**POLICY, "commission_percent": "15"}, "portador": "asaas", "wallet_id": WALLET}
    assert stack.api.call(stack.admin, "PATCH", f"/api/v1/creditors/{cred['id']}", policy).status == 200
    settings = {"environment": "sandbox", "api_key": KEY, "webhook_token": "t" * 40}
    assert stack.api.call(stack.admin, "PUT", "/api/v1/payment-settings", settings).status == 200
    return cred, d, title


def agreement(stack: Stack, agreement_id: str) -> dict:
    return stack.api.call(stack.admin, "GET", f"/api/v1/agreements/{agreement_id}").body


def test_each_installment_gets_one_payment_with_the_split_fixed_at_negotiation(stack: Stack, fake: FakeAsaas):
    _, d, title = on_asaas(stack)
    closed = close(stack, d, title, "key-charge-1", payment_method="pix")
    assert closed.status == 201, closed.body
    parts = closed.body["installments"]
    assert {p["charge"]["status"] for p in parts} == {"pending"}  # queued, the close did not wait
    splits = [Decimal(p["charge"]["split_value"]) for p in parts]
    expected = Decimal(closed.body["creditor_share"]) * Decimal("0.85")
    assert abs(sum(splits) - expected) <= Decimal("0.01")  # the share less the 15 % commission
    assert all(s <= Decimal(p["amount"]) - Decimal("1.99") for s, p in zip(splits, parts, strict=True))

    assert stack.run_queue("ChargeQueue") == 1
    charged = agreement(stack, closed.body["id"])["installments"]
    assert {p["charge"]["status"] for p in charged} == {"created"}
    assert all(p["charge"]["pix_payload"].startswith("000201") for p in charged)
    for p, split in zip(charged, splits, strict=True):
        [made] = fake.payments_for(p["charge"]["reference"])
        assert made["id"] == p["charge"]["provider_id"]
        assert made["billingType"] == "PIX"
        assert made["split"] == [{"walletId": WALLET, "fixedValue": float(split)}]
        assert (made["fine"], made["interest"]) == ({"value": 2.0}, {"value": 1.0})
    [customer] = fake.customers.values()
    assert customer["notificationDisabled"] is True

    # the job again (a redelivery): nothing new at Asaas
    before = len(fake.payments)
    bootstrap.services().charger.run(ChargeJob(tenant="demo", agreement_id=closed.body["id"]))
    assert len(fake.payments) == before


def test_a_time_out_after_asaas_made_the_payment_and_5xx_and_429_never_make_a_second_one(
    stack: Stack, fake: FakeAsaas
):
    _, d, title = on_asaas(stack)
    closed = close(stack, d, title, "key-charge-2", payment_method="boleto").body
    job = ChargeJob(tenant="demo", agreement_id=closed["id"])
    charger = bootstrap.services().charger
    # each time the job fails, and SQS hands it over again. First a time-out on the first creation:
    # Asaas made the payment, its answer never arrived (customer lookup, customer, payment lookup, …)
    fake.fail_next("", "", "", "timeout")
    with pytest.raises(PortadorUnavailable):
        charger.run(job)
    assert len(fake.payments) == 1
    fake.fail_next("503")
    with pytest.raises(PortadorUnavailable):
        charger.run(job)
    fake.fail_next("429")
    with pytest.raises(PortadorUnavailable) as limited:
        charger.run(job)
    assert limited.value.wait == 2.0
    assert charger.run(job) == f"{len(closed['installments'])} charge(s)"
    charged = agreement(stack, closed["id"])["installments"]
    for p in charged:
        assert len(fake.payments_for(p["charge"]["reference"])) == 1  # exactly one each
        assert len(p["charge"]["boleto_line"]) == 47


def test_a_cancelled_agreement_deletes_its_payments_and_a_creditor_off_asaas_charges_nothing(
    stack: Stack, fake: FakeAsaas
):
    _, d, title = on_asaas(stack)
    closed = close(stack, d, title, "key-charge-3", payment_method="pix").body
    stack.run_queue("ChargeQueue")
    cancelled = stack.api.call(stack.operator, "POST", f"/api/v1/agreements/{closed['id']}/cancel")
    assert cancelled.status == 200, cancelled.body
    stack.run_queue("ChargeQueue")
    parts = agreement(stack, closed["id"])["installments"]
    assert {p["charge"]["status"] for p in parts} == {"cancelled"}
    assert all(fake.payments_for(p["charge"]["reference"]) == [] for p in parts)


def test_without_the_asaas_key_the_installments_say_so(stack: Stack, fake: FakeAsaas):
    cred, d, title = setup(stack)
    policy = {"portador": "asaas", "wallet_id": WALLET}
    stack.api.call(stack.admin, "PATCH", f"/api/v1/creditors/{cred['id']}", policy)
    closed = close(stack, d, title, "key-charge-4").body
    stack.run_queue("ChargeQueue")
    parts = agreement(stack, closed["id"])["installments"]
    assert {p["charge"]["status"] for p in parts} == {"failed"}
    assert parts[0]["charge"]["reason"] == "pagamentos não configurados: cadastre a chave do Asaas"
    assert fake.requests == 0


def test_with_asaas_failing_a_third_of_the_calls_every_installment_ends_with_exactly_one_payment(
    stack: Stack, fake: FakeAsaas
):
    from tests.fakes import a_cpf
    from tests.integration.test_portfolio_api import debtor

    cred, first, title = on_asaas(stack)
    agreements = [close(stack, first, title, "key-many-0", payment_method="boleto").body]
    for n in range(1, 5):
        d = debtor(stack, document=a_cpf(n, base=600000000), name=f"Devedor {n}")
        body = {
            "creditor_id": cred["id"],
            "number": f"NF-M{n}",
            "original_amount": "800.00",
            "due_date": "2026-01-10",
        }
        made = stack.api.call(stack.admin, "POST", f"/api/v1/debtors/{d['id']}/titles", body)
        assert made.status == 201, made.body
        t = made.body
        agreements.append(close(stack, d, t, f"key-many-{n}", payment_method="pix").body)
    fake.fault_rate, fake.drop_seconds = 0.3, 0.05
    charger = bootstrap.services().charger
    attempts = 0
    # SQS hands a failed job over again (ten receives, then the dead-letter queue, whence an operator
    # redrives it): a job is run again until it goes through, as many times as that takes
    for a in agreements:
        for _ in range(60):
            attempts += 1
            try:
                charger.run(ChargeJob(tenant="demo", agreement_id=a["id"]))
                break
            except PortadorUnavailable:
                continue
    assert attempts > len(agreements)  # the faults did happen
    references = [
        p["charge"]["reference"] for a in agreements for p in agreement(stack, a["id"])["installments"]
    ]
    assert len(references) >= 16
    for a in agreements:
        assert {p["charge"]["status"] for p in agreement(stack, a["id"])["installments"]} == {"created"}
    assert all(len(fake.payments_for(ref)) == 1 for ref in references)  # none lost, none twice
    assert len(fake.customers) == len(agreements)  # one customer per debtor, never a second


def test_the_ruler_reads_each_charged_installment_with_its_pix_code_and_link(stack: Stack, fake: FakeAsaas):
    from datetime import date

    _, d, title = on_asaas(stack)
    closed = close(stack, d, title, "key-charge-ruler", payment_method="pix").body
    stack.run_queue("ChargeQueue")
    first = agreement(stack, closed["id"])["installments"][0]
    due = bootstrap.services().messaging_store.due_items("demo", date.fromisoformat(first["due_date"]))
    [found] = [i for i in due if i.id == f"{closed['id']}.{first['number']}"]
    assert found.pix_payload == first["charge"]["pix_payload"]
    assert found.payment_url == first["charge"]["invoice_url"]


def test_the_termo_email_waits_for_the_first_charge_and_carries_its_pix_code_once(
    stack: Stack, fake: FakeAsaas
):
    from infra.local.mailbox import messages

    _, d, title = on_asaas(stack)
    closed = close(stack, d, title, "key-charge-term", payment_method="pix").body
    assert not [m for m in messages("us-east-1") if m["subject"] == f"Termo de acordo {closed['number']}"]
    stack.run_queue("ChargeQueue")
    bootstrap.services().charger.run(ChargeJob(tenant="demo", agreement_id=closed["id"]))  # a retried job
    mails = [m for m in messages("us-east-1") if m["subject"] == f"Termo de acordo {closed['number']}"]
    assert len(mails) == 1
    first = agreement(stack, closed["id"])["installments"][0]
    assert first["charge"]["pix_payload"] in mails[0]["text"]
    assert "vence em" in mails[0]["text"]
    assert [f["filename"] for f in mails[0]["attachments"]] == [
        f"termo-{closed['number']}.pdf",
        f"pagamento-{closed['number']}.pdf",
    ]


def test_an_exhausted_asaas_quota_puts_the_job_back_to_wait_and_nothing_is_called(
    stack: Stack, fake: FakeAsaas
):
    import boto3

    from cobranca.domain.dates import CLOCK
    from cobranca.store import keys as k
    from cobranca.store.models import QuotaItem

    _, d, title = on_asaas(stack)
    QuotaItem(k.tenant_pk("demo"), k.quota_sk("asaas"), tokens=0, at=CLOCK.now().timestamp()).save()
    closed = close(stack, d, title, "key-charge-quota", payment_method="pix").body
    fake.requests = 0
    assert stack.run_queue("ChargeQueue") == 1  # handled: put back, not failed
    assert fake.requests == 0  # no request spent at Asaas
    assert {p["charge"]["status"] for p in agreement(stack, closed["id"])["installments"]} == {"pending"}
    attributes = boto3.client("sqs").get_queue_attributes(
        QueueUrl=stack.resources.refs["ChargeQueue"], AttributeNames=["ApproximateNumberOfMessagesDelayed"]
    )["Attributes"]
    assert attributes["ApproximateNumberOfMessagesDelayed"] == "1"
    # the bucket refills (here: hours later); the job goes through
    CLOCK.pin("2026-04-09T18:00:00-03:00")
    assert (
        bootstrap.services()
        .charger.handle(ChargeJob(tenant="demo", agreement_id=closed["id"], hops=1))
        .endswith("charge(s)")
    )
    assert {p["charge"]["status"] for p in agreement(stack, closed["id"])["installments"]} == {"created"}


def test_a_card_agreement_is_one_instalment_plan_charged_once_and_each_part_settles_its_installment(
    stack: Stack, fake: FakeAsaas
):
    from datetime import date, timedelta

    from cobranca.domain.portfolio import Service, Tenant
    from tests.integration.test_settlement import deliver

    _, d, title = on_asaas(stack)
    repo = bootstrap.services().portfolio.repo
    repo.put_tenant(Tenant(slug="demo", name="Demo", services=list(Service)))  # card contracted
    answer = close(stack, d, title, "key-charge-card", payment_method="card")
    assert answer.status == 201, answer.body
    closed = answer.body
    count = len(closed["installments"])
    assert 2 <= count <= 12
    fake.requests = 0
    assert stack.run_queue("ChargeQueue") == 1
    reference = f"{closed['id']}-cartao"
    parts = fake.payments_for(reference)
    assert [p["installmentNumber"] for p in parts] == list(range(1, count + 1))
    assert len({p["installment"] for p in parts}) == 1  # one plan
    assert sum(round(p["value"] * 100) for p in parts) == round(Decimal(closed["total"]) * 100)
    # the agreement's installments are the plan's parts, value for value (equal, centavos on the last)
    assert [Decimal(i["amount"]) for i in closed["installments"]] == [Decimal(str(p["value"])) for p in parts]
    assert len({i["amount"] for i in closed["installments"][:-1]}) == 1
    charged = agreement(stack, closed["id"])["installments"]
    assert [c["charge"]["provider_id"] for c in charged] == [p["id"] for p in parts]
    assert {c["charge"]["status"] for c in charged} == {"created"}
    # the split: the same on every part, as recorded, never above a part's net (the plan's card tier)
    assert [Decimal(str(p["split"][0]["fixedValue"])) for p in parts] == [
        Decimal(c["charge"]["split_value"]) for c in charged
    ]
    assert all(Decimal(str(p["split"][0]["fixedValue"])) <= Decimal(str(p["netValue"])) for p in parts)
    # a retried job makes no second plan
    bootstrap.services().charger.run(ChargeJob(tenant="demo", agreement_id=closed["id"]))
    assert len(fake.payments_for(reference)) == count

    # the debtor pays at the checkout once: every part is confirmed, each credited a month apart
    events = fake.confirm(parts[0]["id"], on=date(2026, 4, 15))
    assert len(events) == count
    deliver(stack, events)
    done = agreement(stack, closed["id"])
    assert done["status"] == "paid"
    credits = [date.fromisoformat(i["charge"]["credit_date"]) for i in done["installments"]]
    assert credits == [date(2026, 4, 15) + timedelta(days=32 + 30 * k) for k in range(count)]


def test_a_refunded_card_part_is_owed_again_and_gets_a_checkout_of_its_own(stack: Stack, fake: FakeAsaas):
    from datetime import date

    from cobranca.domain.portfolio import Service, Tenant
    from tests.integration.test_settlement import deliver

    _, d, title = on_asaas(stack)
    repo = bootstrap.services().portfolio.repo
    repo.put_tenant(Tenant(slug="demo", name="Demo", services=list(Service)))
    closed = close(stack, d, title, "key-card-refund", payment_method="card").body
    assert stack.run_queue("ChargeQueue") == 1
    plan = fake.payments_for(f"{closed['id']}-cartao")
    deliver(stack, fake.confirm(plan[0]["id"], on=date(2026, 4, 15)))
    assert agreement(stack, closed["id"])["status"] == "paid"

    deliver(stack, fake.refund(plan[1]["id"]))  # one part given back (a chargeback, a refund)
    reopened = agreement(stack, closed["id"])
    assert reopened["status"] == "active"
    second = reopened["installments"][1]
    assert second["status"] == "pending"
    assert stack.run_queue("ChargeQueue") == 1  # queued by the reversal
    own = fake.payments_for(f"{closed['id']}-{second['number']:02d}r2")
    assert len(own) == 1
    assert (own[0]["billingType"], own[0].get("installmentCount")) == ("CREDIT_CARD", None)
    assert Decimal(str(own[0]["value"])) == Decimal(second["amount"])
    charged = agreement(stack, closed["id"])["installments"][1]["charge"]
    assert (charged["provider_id"], charged["status"]) == (own[0]["id"], "created")
    assert charged["invoice_url"]  # the checkout link the ruler's #LINK_PAGAMENTO# sends
    assert len(fake.payments_for(f"{closed['id']}-cartao")) == len(plan)  # the plan itself untouched
    bootstrap.services().charger.run(ChargeJob(tenant="demo", agreement_id=closed["id"]))  # a retry
    assert len(fake.payments_for(f"{closed['id']}-{second['number']:02d}r2")) == 1

    deliver(stack, fake.confirm(own[0]["id"], on=date(2026, 6, 1)))
    assert agreement(stack, closed["id"])["status"] == "paid"


def test_a_429_or_a_500_delays_a_charge_by_seconds_not_the_queues_visibility_timeout(
    stack: Stack, fake: FakeAsaas
):
    import time

    import boto3

    from cobranca.services.charger import retry_delay

    assert [retry_delay(2.0, h) for h in (0, 1, 2, 3)] == [2, 2, 4, 8]  # Asaas's wait, then backoff
    assert retry_delay(0.0, 40) == 900  # never past SQS's longest delay
    _, d, title = on_asaas(stack)
    started = time.monotonic()
    closed = close(stack, d, title, "key-charge-fast", payment_method="pix").body
    fake.fail_next("429")  # RateLimit-Reset: 2 (the fake's)
    assert stack.run_queue("ChargeQueue") == 1  # handled: put back with Asaas's wait, not failed
    queue = stack.resources.refs["ChargeQueue"]
    delayed = boto3.client("sqs").get_queue_attributes(
        QueueUrl=queue, AttributeNames=["ApproximateNumberOfMessagesDelayed"]
    )["Attributes"]["ApproximateNumberOfMessagesDelayed"]
    assert delayed == "1"
    fake.fail_next("", "", "503")  # the next try: customer found, payment made, then Asaas fails
    deadline = time.monotonic() + 20
    while time.monotonic() < deadline:
        stack.run_queue("ChargeQueue")
        charges = agreement(stack, closed["id"])["installments"]
        if {p["charge"]["status"] for p in charges} == {"created"}:
            break
        time.sleep(0.5)
    seconds = time.monotonic() - started
    assert {p["charge"]["status"] for p in charges} == {"created"}
    assert seconds < 20, seconds  # the visibility timeout would have been 360 s
    assert all(len(fake.payments_for(p["charge"]["reference"])) == 1 for p in charges)
