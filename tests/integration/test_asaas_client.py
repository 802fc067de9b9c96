"""The Asaas v3 client against the loopback fake: the documented wire shapes (the `access_token` header,
list pages, `{errors: [{code, description}]}`), a customer looked up before it is created, a payment
found by its externalReference, and every failure told apart: a refusal from something to retry later
(5xx, a time-out, 429 with RateLimit-Reset)."""

from __future__ import annotations

from collections.abc import Iterator
from decimal import Decimal

import pytest

from cobranca.providers.asaas import Asaas, AsaasRefused, AsaasUnavailable, money
from infra.local.fake_asaas import FakeAsaas

KEY = "$aact_local_key_0000000000000000"


@pytest.fixture
def fake() -> Iterator[FakeAsaas]:
    server = FakeAsaas(drop_seconds=0.5)
    yield server
    server.stop()


@pytest.fixture
def asaas(fake: FakeAsaas) -> Asaas:
    return Asaas(fake.url, KEY, timeout=0.3)


def payment(customer: str, reference: str, value: str = "150.00", **extra) -> dict:
    body = {
        "customer": customer,
        "billingType": "PIX",
        "value": money(Decimal(value)),
        "dueDate": "2026-12-15",
        "externalReference": reference,
        "description": "Acordo A-000001, parcela 1/3 - Acme",
    }
    return {**body, **extra}


def test_a_customer_is_looked_up_by_document_before_it_is_created(asaas: Asaas, fake: FakeAsaas):
    first = asaas.customer_for("José da Silva", "52998224725", "jose@example.com", "debtor-1")
    again = asaas.customer_for("José da Silva", "52998224725", "jose@example.com", "debtor-1")
    assert first == again
    assert first.startswith("cus_")
    [stored] = fake.customers.values()
    assert stored["notificationDisabled"] is True  # cobranca sends its own notices, within legal hours


def test_a_payment_is_found_by_its_reference_and_gives_the_pix_code_and_the_boleto_line(asaas: Asaas):
    customer = asaas.customer_for("Ana", "11144477735", None, "debtor-2")
    assert asaas.find_payment("inst-1") is None
    made = asaas.create_payment(payment(customer, "inst-1"))
    assert made["status"] == "PENDING"
    found = asaas.find_payment("inst-1")
    assert found is not None
    assert found["id"] == made["id"]
    pix = asaas.pix_qr_code(made["id"])
    assert pix["payload"].startswith("000201")
    assert pix["encodedImage"]
    boleto = asaas.create_payment(payment(customer, "inst-2", billingType="BOLETO"))
    line = asaas.identification_field(boleto["id"])
    assert len(line["identificationField"]) == 47
    asaas.delete_payment(made["id"])
    assert asaas.find_payment("inst-1") is None  # a deleted payment is not the installment's any more
    asaas.delete_payment(made["id"])  # again: nothing to do, no error
    asaas.delete_payment("pay_does_not_exist")


def test_a_refusal_carries_asaas_codes_and_a_wrong_key_is_refused(asaas: Asaas, fake: FakeAsaas):
    customer = asaas.customer_for("Ana", "11144477735", None, "debtor-2")
    with pytest.raises(AsaasRefused) as refused:
        asaas.create_payment(payment(customer, "inst-3", value="2.00"))
    assert refused.value.status == 400
    assert refused.value.errors[0][0] == "invalid_value"
    with pytest.raises(AsaasRefused) as split:
        asaas.create_payment(payment(customer, "inst-4", split=[{"walletId": "w", "fixedValue": 149.00}]))
    assert split.value.errors[0][0] == "invalid_split"  # the split is taken from the net value
    with pytest.raises(AsaasRefused) as key:
        Asaas(fake.url, "wrong-key").find_customer("11144477735")
    assert key.value.status == 401


def test_5xx_a_time_out_and_429_are_to_be_retried_and_a_time_out_may_have_created_the_payment(
    asaas: Asaas, fake: FakeAsaas
):
    customer = asaas.customer_for("Ana", "11144477735", None, "debtor-2")
    fake.fail_next("503")
    with pytest.raises(AsaasUnavailable):
        asaas.find_payment("inst-5")
    fake.fail_next("429")
    with pytest.raises(AsaasUnavailable) as limited:
        asaas.find_payment("inst-5")
    assert limited.value.wait == 2.0  # RateLimit-Reset
    fake.fail_next("timeout")
    with pytest.raises(AsaasUnavailable):
        asaas.create_payment(payment(customer, "inst-5"))
    # Asaas made it although the answer never came: a retry must look it up before creating another
    assert [p["externalReference"] for p in fake.payments_for("inst-5")] == ["inst-5"]
    assert asaas.find_payment("inst-5") is not None
