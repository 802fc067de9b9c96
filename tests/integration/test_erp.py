"""Notices to the tenant's ERP (F04) on the moto world, with a loopback ERP that checks the signature:
closing and paying tell it once each (a redelivered payment tells nothing new), a failing ERP is tried
again after its delay, a failed notice can be sent again, and no private address is a target in AWS."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import timedelta

import pytest

from cobranca import bootstrap
from cobranca.domain.dates import CLOCK, iso_utc
from cobranca.jobs import ErpDeliveryJob
from infra.local.fake_asaas import FakeAsaas
from infra.local.fake_erp import FakeErp
from tests.integration.conftest import Stack
from tests.integration.test_agreements_api import close
from tests.integration.test_charges import agreement, on_asaas
from tests.integration.test_settlement import deliver

SECRET = "s" * 32


@pytest.fixture
def erp(stack: Stack, fake: FakeAsaas, monkeypatch: pytest.MonkeyPatch) -> Iterator[FakeErp]:
    """The ERP on loopback, allowed as a target as in the local stack (COBRANCA_LOCAL)."""
    server = FakeErp(SECRET, lambda: CLOCK.now().timestamp())
    monkeypatch.setenv("COBRANCA_LOCAL", "1")
    bootstrap.reset()
    hook = {"url": server.url + "/cobranca", "secret": SECRET}
    answer = stack.api.call(stack.admin, "PUT", "/api/v1/erp-webhook", hook)
    assert answer.status == 200, answer.body
    assert answer.body["secret_last4"] == "ssss"
    assert "secret" not in answer.body
    yield server
    server.stop()


def deliveries(stack: Stack, **query: str) -> list[dict]:
    answer = stack.api.call(stack.admin, "GET", "/api/v1/erp-deliveries", query=query)
    assert answer.status == 200, answer.body
    return answer.body["items"]


def test_no_private_or_plain_http_target_outside_the_local_stack(stack: Stack):
    for url in ("https://127.0.0.1/hook", "https://169.254.169.254/latest", "http://example.com/hook"):
        refused = stack.api.call(stack.admin, "PUT", "/api/v1/erp-webhook", {"url": url, "secret": SECRET})
        assert refused.status == 422, url
        assert refused.body["errors"][0]["field"] == "url"
    assert stack.api.call(stack.operator, "GET", "/api/v1/erp-deliveries").status == 403


def test_closing_and_paying_tell_the_erp_once_each_signed(stack: Stack, fake: FakeAsaas, erp: FakeErp):
    _, d, title = on_asaas(stack)
    answer = close(stack, d, title, "key-erp-notices", payment_method="pix")
    assert answer.status == 201, answer.body
    closed = answer.body
    assert stack.run_queue("ChargeQueue") == 1
    parts = agreement(stack, closed["id"])["installments"]
    events = fake.confirm(parts[0]["charge"]["provider_id"])
    deliver(stack, events)
    deliver(stack, events * 3)  # Asaas resends: nothing new for the ERP
    assert stack.run_queue("ErpDeliveryQueue") == 2

    told = erp.notices()
    assert [n["event"] for n in told] == ["agreement.created", "installment.paid"]
    assert all(r["valid"] for r in erp.received)
    paid = told[1]["data"]
    assert (paid["agreement_id"], paid["installment"]) == (closed["id"], parts[0]["number"])
    assert paid["titles"] == [{"id": title["id"], "number": title["number"]}]
    assert paid["paid_amount"] == parts[0]["amount"]
    assert paid["fee"] == "1.99"
    assert told[1]["id"] == erp.received[1]["delivery"]  # the body names its delivery (the dedupe key)
    listed = deliveries(stack)
    assert [x["status"] for x in listed] == ["delivered", "delivered"]
    assert {x["event"] for x in listed} == {"agreement.created", "installment.paid"}

    # every installment paid: the agreement and its title are told paid
    for p in parts[1:]:
        deliver(stack, fake.confirm(p["charge"]["provider_id"]))
    stack.run_queue("ErpDeliveryQueue")
    names = [n["event"] for n in erp.notices()]
    assert names.count("installment.paid") == len(parts)
    assert names.count("agreement.paid") == 1
    assert names.count("title.paid") == 1


def test_a_failing_erp_is_tried_again_after_its_delay_and_a_failed_notice_can_be_resent(
    stack: Stack, fake: FakeAsaas, erp: FakeErp
):
    erp.fail_next(1)
    _, d, title = on_asaas(stack)
    close(stack, d, title, "key-erp-failing", payment_method="pix")
    stack.run_queue("ErpDeliveryQueue")  # 500: kept pending, queued again with its delay
    [pending] = deliveries(stack)
    assert (pending["status"], pending["attempts"], pending["last_status"]) == ("pending", 1, 500)
    service = bootstrap.services().erp
    job = ErpDeliveryJob(tenant="demo", delivery_id=pending["id"])
    assert service.deliver(job) == "waiting"  # not yet: a minute after the failure
    CLOCK.pin(iso_utc(CLOCK.now() + timedelta(minutes=2)))
    assert service.deliver(job) == "delivered"
    assert service.deliver(job) == "nothing to do"  # a second copy of the job sends nothing
    assert [r["status"] for r in erp.received] == [500, 200]
    assert erp.received[0]["delivery"] == erp.received[1]["delivery"]

    conflict = stack.api.call(stack.admin, "POST", f"/api/v1/erp-deliveries/{pending['id']}/retry")
    assert conflict.status == 409

    # an ERP down for three days: the notice ends failed, and someone sends it again
    stack.run_queue("ChargeQueue")
    [closed] = stack.api.call(stack.admin, "GET", "/api/v1/agreements").body["items"][:1]
    first = agreement(stack, closed["id"])["installments"][0]
    erp.fail_next(100)
    deliver(stack, fake.confirm(first["charge"]["provider_id"]))
    stack.run_queue("ErpDeliveryQueue")
    [down] = deliveries(stack, status="pending")
    CLOCK.pin(iso_utc(CLOCK.now() + timedelta(days=3)))
    assert service.deliver(ErpDeliveryJob(tenant="demo", delivery_id=down["id"])) == "failed"
    [failed] = deliveries(stack, status="failed")
    assert failed["id"] == down["id"]
    erp.fail_next(0)
    again = stack.api.call(stack.admin, "POST", f"/api/v1/erp-deliveries/{down['id']}/retry")
    assert (again.status, again.body["status"]) == (200, "pending")
    assert stack.run_queue("ErpDeliveryQueue") == 1
    assert [n["event"] for n in erp.notices()] == ["agreement.created", "installment.paid"]


def test_a_notice_goes_to_the_address_that_was_checked_not_to_a_second_dns_answer():
    """DNS rebinding: the host is resolved once, checked, and that address is the one connected to (the
    Host header and TLS name stay the host's), so the name is never looked up again."""
    from infra.local.loopback import LoopbackServer

    class Receiver(LoopbackServer):
        def __init__(self) -> None:
            super().__init__()
            self.hosts: list[str] = []

        def handle(self, method: str, path: str, headers: dict[str, str], body: bytes) -> tuple:
            self.hosts.append(headers.get("Host", ""))
            return 204, "", "text/plain"

    from cobranca.providers.erp import post

    receiver = Receiver()
    try:
        port = receiver.url.rsplit(":", 1)[1]
        url = f"http://erp.rebinding.invalid:{port}/hook"  # a name no resolver knows
        assert post(url, "127.0.0.1", {"Content-Type": "application/json"}, "{}") == 204
        assert receiver.hosts == [f"erp.rebinding.invalid:{port}"]
    finally:
        receiver.stop()
