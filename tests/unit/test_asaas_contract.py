"""Contract tests for providers/asaas.py against Asaas v3's documented shapes (docs.asaas.com: "Eventos
para cobranças", "Criar nova cobrança", "Obter QR Code para pagamentos via Pix", "Obter linha digitável
do boleto"), not against our fake: the bodies below follow the documentation's field names, types and
formats (numbers as JSON numbers, dates `YYYY-MM-DD`, event times `YYYY-MM-DD HH:mm:ss`, event ids with
`&`, nulls where a field does not apply), and the requests are checked field by field."""

from __future__ import annotations

import json
from datetime import date
from decimal import Decimal
from typing import Any

import httpx
import pytest

from cobranca.domain.charges import ChargeRequest
from cobranca.domain.settlement import EventKind
from cobranca.providers.asaas import Asaas, AsaasPortador, AsaasRefused, AsaasUnavailable
from cobranca.providers.asaas_events import webhook_event


def documented_payment(**overrides: Any) -> dict[str, Any]:
    """A payment object with every field the documentation lists for a webhook's `payment`."""
    payment: dict[str, Any] = {
        "object": "payment",
        "id": "pay_080225913252",
        "dateCreated": "2026-04-09",
        "customer": "cus_G7Dvo4iphUNk",
        "subscription": None,
        "installment": None,
        "paymentLink": None,
        "value": 233.71,
        "netValue": 231.72,
        "originalValue": None,
        "interestValue": None,
        "description": "Condomínio: acordo A-000001, entrada",
        "billingType": "PIX",
        "canBePaidAfterDueDate": True,
        "pixTransaction": None,
        "status": "RECEIVED",
        "dueDate": "2026-04-15",
        "originalDueDate": "2026-04-15",
        "paymentDate": "2026-04-14",
        "clientPaymentDate": "2026-04-14",
        "installmentNumber": None,
        "invoiceUrl": "https://www.asaas.com/i/080225913252",
        "invoiceNumber": "00005101",
        "externalReference": "01a2373ef5f6ac7121fd1deb2845-00",
        "deleted": False,
        "anticipated": False,
        "anticipable": False,
        "creditDate": "2026-04-14",
        "estimatedCreditDate": "2026-04-14",
        "transactionReceiptUrl": "https://www.asaas.com/comprovantes/4937311816045162",
        "nossoNumero": None,
        "bankSlipUrl": None,
        "lastInvoiceViewedDate": None,
        "lastBankSlipViewedDate": None,
        "discount": {"value": 0, "limitDate": None, "dueDateLimitDays": 0, "type": "FIXED"},
        "fine": {"value": 2, "type": "PERCENTAGE"},
        "interest": {"value": 1, "type": "PERCENTAGE"},
        "postalService": False,
        "custody": None,
        "refunds": None,
    }
    return payment | overrides


def documented_event(name: str, **payment: Any) -> dict[str, Any]:
    return {
        "id": "evt_05b708f961d739ea7eba7e4db318f621&368604920",
        "event": name,
        "dateCreated": "2026-04-14 16:45:03",
        "payment": documented_payment(**payment),
    }


def test_a_received_pix_reads_as_a_payment_with_its_fee_and_credit_date():
    e = webhook_event(documented_event("PAYMENT_RECEIVED"))
    assert e is not None
    assert (e.id, e.kind, e.occurred_at) == (
        "evt_05b708f961d739ea7eba7e4db318f621&368604920",
        EventKind.PAID,
        "2026-04-14 16:45:03",
    )
    assert (e.payment_id, e.reference, e.method) == (
        "pay_080225913252",
        "01a2373ef5f6ac7121fd1deb2845-00",
        "PIX",
    )
    assert (e.value, e.net_value) == (Decimal("233.71"), Decimal("231.72"))
    assert (e.paid_on, e.credit_date) == (date(2026, 4, 14), date(2026, 4, 14))


def test_a_confirmed_boleto_has_no_credit_date_yet_but_its_estimate_and_a_card_integer_values():
    boleto = webhook_event(
        documented_event(
            "PAYMENT_CONFIRMED",
            billingType="BOLETO",
            status="CONFIRMED",
            creditDate=None,
            estimatedCreditDate="2026-04-15",
            nossoNumero="10362065",
            bankSlipUrl="https://www.asaas.com/b/pdf/080225913252",
        )
    )
    assert boleto is not None
    assert (boleto.kind, boleto.credit_date) == (EventKind.PAID, date(2026, 4, 15))
    card = webhook_event(
        documented_event("PAYMENT_CONFIRMED", billingType="CREDIT_CARD", value=100, netValue=94.51)
    )
    assert card is not None
    assert (card.value, card.net_value) == (Decimal("100.00"), Decimal("94.51"))


def test_refunds_chargebacks_and_undone_cash_reverse_and_the_documented_refund_list_is_summed():
    partial = documented_event(
        "PAYMENT_PARTIALLY_REFUNDED",
        status="RECEIVED",
        refunds=[
            {"dateCreated": "2026-04-20 10:00:00", "status": "DONE", "value": 50, "description": None},
            {"dateCreated": "2026-04-21 10:00:00", "status": "DONE", "value": 20.5, "description": None},
        ],
    )
    parsed = webhook_event(partial)
    assert parsed is not None
    assert (parsed.kind, parsed.refunded) == (EventKind.PARTIALLY_REFUNDED, Decimal("70.50"))
    for name in ("PAYMENT_REFUNDED", "PAYMENT_CHARGEBACK_REQUESTED", "PAYMENT_RECEIVED_IN_CASH_UNDONE"):
        reversed_ = webhook_event(documented_event(name))
        assert reversed_ is not None
        assert reversed_.kind is EventKind.REVERSED


def test_events_cobranca_does_not_act_on_and_payments_not_ours_are_read_but_not_acted_on():
    viewed = webhook_event(documented_event("PAYMENT_BANK_SLIP_VIEWED"))
    assert viewed is not None
    assert viewed.kind is None
    foreign = webhook_event(documented_event("PAYMENT_CREATED", externalReference=None))
    assert foreign is not None
    assert foreign.reference is None
    account = {"id": "evt_1&2", "event": "ACCOUNT_STATUS_UPDATED", "dateCreated": "2026-04-14 10:00:00"}
    assert webhook_event(account) is None


class Recorder:
    """An httpx transport answering as the documentation shows, recording each request."""

    def __init__(self, answers: dict[tuple[str, str], tuple[int, Any]]) -> None:
        self.answers = answers
        self.requests: list[httpx.Request] = []

    def __call__(self, request: httpx.Request) -> httpx.Response:
        self.requests.append(request)
        status, body = self.answers[(request.method, request.url.path)]
        return httpx.Response(status, json=body, headers={"RateLimit-Reset": "7"} if status == 429 else {})


def client(answers: dict[tuple[str, str], tuple[int, Any]]) -> tuple[AsaasPortador, Recorder]:
    recorder = Recorder(answers)
    http = httpx.Client(base_url="https://api-sandbox.asaas.com", transport=httpx.MockTransport(recorder))
    return AsaasPortador(Asaas("https://api-sandbox.asaas.com", "$aact_test", client=http)), recorder


def test_creating_a_payment_sends_the_documented_body_and_reads_the_documented_answer():
    portador, recorder = client(
        {
            ("POST", "/v3/payments"): (200, documented_payment(status="PENDING", paymentDate=None)),
            ("GET", "/v3/payments/pay_080225913252/pixQrCode"): (
                200,
                {
                    "encodedImage": "iVBORw0KGgo=",
                    "payload": "00020101021226820014br.gov.bcb.pix",
                    "expirationDate": "2027-04-15 23:59:59",
                },
            ),
            ("GET", "/v3/payments/pay_080225913252/identificationField"): (
                200,
                {
                    "identificationField": "00190000090275928800021932978170187890000005000",
                    "nossoNumero": "6543",
                    "barCode": "0019",
                },
            ),
        }
    )
    request = ChargeRequest(
        customer="cus_G7Dvo4iphUNk",
        method="pix",
        amount=Decimal("233.71"),
        due_date=date(2026, 4, 15),
        reference="01a2373ef5f6ac7121fd1deb2845-00",
        description="Condomínio: acordo A-000001, entrada",
        fine_percent=Decimal(2),
        interest_percent_month=Decimal(1),
        split_wallet="0b3c5e2a-8f4d-4c61-9a7e-2d1f6b8c9e01",
        split_value=Decimal("174.95"),
    )
    made = portador.create_payment(request)
    sent = json.loads(recorder.requests[0].content)
    assert recorder.requests[0].headers["access_token"] == "$aact_test"
    assert sent == {
        "customer": "cus_G7Dvo4iphUNk",
        "billingType": "PIX",
        "value": 233.71,
        "dueDate": "2026-04-15",
        "externalReference": "01a2373ef5f6ac7121fd1deb2845-00",
        "description": "Condomínio: acordo A-000001, entrada",
        "fine": {"value": 2.0},
        "interest": {"value": 1.0},
        "split": [{"walletId": "0b3c5e2a-8f4d-4c61-9a7e-2d1f6b8c9e01", "fixedValue": 174.95}],
    }
    assert (made.id, made.invoice_url) == ("pay_080225913252", "https://www.asaas.com/i/080225913252")
    assert portador.pix_code(made.id) == "00020101021226820014br.gov.bcb.pix"
    assert portador.boleto_line(made.id) == "00190000090275928800021932978170187890000005000"


def test_the_documented_error_list_is_a_refusal_and_429_waits_for_ratelimit_reset():
    refusal = {"errors": [{"code": "invalid_customer", "description": "Cliente inválido ou não informado."}]}
    portador, _ = client({("GET", "/v3/customers"): (400, refusal)})
    with pytest.raises(AsaasRefused, match="Cliente inválido"):
        portador.customer_for("Ana", "24971563792", None, "d1")
    limited, _ = client({("GET", "/v3/customers"): (429, {"errors": []})})
    with pytest.raises(AsaasUnavailable) as waited:
        limited.customer_for("Ana", "24971563792", None, "d1")
    assert waited.value.wait == 7.0


def test_a_customer_is_looked_up_by_cpf_before_one_is_made_with_asaas_notices_off():
    portador, recorder = client(
        {
            ("GET", "/v3/customers"): (
                200,
                {"object": "list", "hasMore": False, "totalCount": 0, "limit": 1, "offset": 0, "data": []},
            ),
            ("POST", "/v3/customers"): (200, {"object": "customer", "id": "cus_000005219613", "name": "Ana"}),
        }
    )
    assert portador.customer_for("Ana Souza", "24971563792", "ana@example.com", "d1") == "cus_000005219613"
    lookup, create = recorder.requests
    assert lookup.url.params["cpfCnpj"] == "24971563792"
    assert json.loads(create.content)["notificationDisabled"] is True


def test_a_sub_account_is_asked_with_the_documented_fields_and_an_incomplete_company_is_refused():
    from dataclasses import replace

    from cobranca.domain.company import Company
    from cobranca.domain.errors import InvalidInput
    from cobranca.domain.payments import account_holder
    from cobranca.providers.asaas_accounts import subaccount_body

    company = Company.model_validate(
        {
            "legal_name": "Demo Cobranças Ltda",
            "document": "34.028.316/0001-03",
            "address": {
                "street": "Av. Rolf Wiest",
                "number": "277",
                "complement": "Sala 502",
                "district": "Bom Retiro",
                "city": "Joinville",
                "uf": "SC",
                "zip_code": "89223-005",
            },
            "phone": "(11) 3230-0606",
            "whatsapp": "(11) 98845-1155",
            "email": "financeiro@demo.example",
        }
    )
    holder = account_holder(
        company.legal_name,
        company.document,
        company.email,
        company.phone,
        company.whatsapp,
        company.address,
        Decimal("80000"),
        "LIMITED",
    )
    body = subaccount_body(replace(holder, webhook_url="https://x/webhooks/asaas/demo", webhook_token="tok"))
    assert {
        k: body[k] for k in ("name", "cpfCnpj", "companyType", "mobilePhone", "postalCode", "incomeValue")
    } == {
        "name": "Demo Cobranças Ltda",
        "cpfCnpj": "34028316000103",
        "companyType": "LIMITED",
        "mobilePhone": "11988451155",
        "postalCode": "89223005",
        "incomeValue": 80000.0,
    }
    assert (body["address"], body["addressNumber"], body["province"]) == (
        "Av. Rolf Wiest",
        "277",
        "Bom Retiro",
    )
    [hook] = body["webhooks"]
    assert (hook["url"], hook["authToken"], hook["apiVersion"], hook["enabled"]) == (
        "https://x/webhooks/asaas/demo",
        "tok",
        3,
        True,
    )
    assert "webhooks" not in subaccount_body(holder)  # a creditor's account: no webhook of ours
    with pytest.raises(InvalidInput, match="company_type"):
        account_holder("X", "34028316000103", "a@b.c", "1", "1", company.address, Decimal(1), "SA")
    with pytest.raises(InvalidInput, match="endereço"):
        account_holder("X", "34028316000103", "a@b.c", "1", "1", None, Decimal(1), "MEI")


def test_a_card_plan_is_asked_as_installment_count_and_total_value_with_the_split_on_each_part():
    from cobranca.providers.asaas import payment_body

    body = payment_body(
        ChargeRequest(
            customer="cus_1",
            method="card",
            amount=Decimal("1000.00"),
            due_date=date(2026, 5, 10),
            reference="a-cartao",
            description="acordo A-000001, 4x no cartão",
            fine_percent=Decimal(2),
            interest_percent_month=Decimal(1),
            split_wallet="0b3c5e2a-8f4d-4c61-9a7e-2d1f6b8c9e01",
            split_value=Decimal("180.00"),
            parts=4,
        )
    )
    assert (body["billingType"], body["installmentCount"], body["totalValue"]) == ("CREDIT_CARD", 4, 1000.0)
    assert "value" not in body
    assert body["split"] == [{"walletId": "0b3c5e2a-8f4d-4c61-9a7e-2d1f6b8c9e01", "fixedValue": 180.0}]


def test_a_plan_parts_event_says_which_part_it_is():
    e = webhook_event(
        documented_event(
            "PAYMENT_CONFIRMED", billingType="CREDIT_CARD", installment="ins_1", installmentNumber=2
        )
    )
    assert e is not None
    assert e.part == 2
