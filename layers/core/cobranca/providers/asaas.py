"""Asaas API v3: the only module that speaks its wire format (customers, payments, the boleto's line and
the PIX code; `AsaasPortador` is the charger's gateways.Portador over it). Facts from Asaas's public docs:

- every request carries the account's key in the `access_token` header; bodies and answers are JSON;
- errors answer 4xx `{"errors": [{"code", "description"}]}`; 401 is a wrong key;
- 429 is a rate limit, a concurrency limit (50 GETs at once) or the 12-hour quota (25,000 requests per
  account); `RateLimit-Reset` says in how many seconds the limit resets;
- lists answer `{"object": "list", "hasMore", "totalCount", "limit", "offset", "data": [...]}` and
  filter by query parameters (`cpfCnpj` for customers, `externalReference` for payments);
- Asaas does not dedupe customers: look one up by `cpfCnpj` before creating it;
- dates are `YYYY-MM-DD`; values are decimal numbers in reais.

A retryable failure (time-out, 5xx, 429) raises AsaasUnavailable with the seconds to wait; a refusal
(another 4xx) raises AsaasRefused with Asaas's codes, so a job can tell a retry from a dead letter.
"""

from __future__ import annotations

import re
from datetime import date
from decimal import Decimal
from typing import Any

import httpx

from cobranca.domain.charges import ChargeRequest, PortadorPayment
from cobranca.domain.payments import AccountHolder
from cobranca.domain.settlement import EventKind, PaymentEvent
from cobranca.gateways import PortadorRefused, PortadorUnavailable

SANDBOX_URL = "https://api-sandbox.asaas.com"
PRODUCTION_URL = "https://api.asaas.com"
JSON = "application/json"
DEFAULT_WAIT = 5.0  # seconds to wait after a 5xx or a time-out before trying again


class AsaasUnavailable(PortadorUnavailable):
    """Try again after `wait` seconds (a 429's RateLimit-Reset, or DEFAULT_WAIT)."""

    def __init__(self, reason: str, wait: float = DEFAULT_WAIT) -> None:
        super().__init__(reason)
        self.wait = wait


class AsaasRefused(PortadorRefused):
    """Asaas refused the request; trying it again as it is would be refused again."""

    def __init__(self, status: int, errors: list[tuple[str, str]]) -> None:
        described = "; ".join(f"{code}: {text}" for code, text in errors) or f"HTTP {status}"
        super().__init__(described[:500])
        self.status = status
        self.errors = errors


def money(value: Decimal) -> float:
    """A value as Asaas takes it (a JSON number in reais, two decimals)."""
    return float(value.quantize(Decimal("0.01")))


class Asaas:
    def __init__(
        self, base_url: str, api_key: str, timeout: float = 10.0, client: httpx.Client | None = None
    ):
        self.client = client or httpx.Client(base_url=base_url.rstrip("/"), timeout=timeout)
        self.headers = {"access_token": api_key, "User-Agent": "cobranca", "Content-Type": "application/json"}

    def _call(self, method: str, path: str, *, json: Any = None, params: Any = None) -> Any:
        try:
            response = self.client.request(
                method, f"/v3{path}", json=json, params=params, headers=self.headers
            )
        except httpx.TimeoutException as exc:
            raise AsaasUnavailable(f"Asaas não respondeu a tempo ({type(exc).__name__})") from exc
        except httpx.TransportError as exc:
            raise AsaasUnavailable(f"Asaas indisponível ({type(exc).__name__})") from exc
        if response.status_code == 429:
            reset = response.headers.get("RateLimit-Reset", "")
            wait = float(reset) if reset.replace(".", "", 1).isdigit() else 60.0
            raise AsaasUnavailable("limite de requisições do Asaas", wait=max(wait, 1.0))
        if response.status_code >= 500:
            raise AsaasUnavailable(f"Asaas respondeu {response.status_code}")
        if response.status_code >= 400:
            raise AsaasRefused(response.status_code, _errors(response))
        return response.json() if response.content else None

    # ------------------------------------------------------------- customers
    def find_customer(self, cpf_cnpj: str) -> str | None:
        found = self._call("GET", "/customers", params={"cpfCnpj": cpf_cnpj, "limit": 1})
        data = found.get("data") or []
        return str(data[0]["id"]) if data else None

    def create_customer(self, name: str, cpf_cnpj: str, email: str | None, reference: str) -> str:
        """Asaas's own notices off: cobranca sends its messages itself, within the legal hours."""
        body = {
            "name": name,
            "cpfCnpj": cpf_cnpj,
            "email": email,
            "externalReference": reference,
            "notificationDisabled": True,
        }
        return str(
            self._call("POST", "/customers", json={k: v for k, v in body.items() if v is not None})["id"]
        )

    def customer_for(self, name: str, cpf_cnpj: str, email: str | None, reference: str) -> str:
        return self.find_customer(cpf_cnpj) or self.create_customer(name, cpf_cnpj, email, reference)

    # ------------------------------------------------------------- sub-accounts (the root account's key)
    def find_account(self, cpf_cnpj: str) -> dict[str, Any] | None:
        found = self._call("GET", "/accounts", params={"cpfCnpj": cpf_cnpj, "limit": 1})
        data = found.get("data") or []
        return data[0] if data else None

    def create_account(self, body: dict[str, Any]) -> dict[str, Any]:
        """POST /v3/accounts: the answer carries the sub-account's apiKey, the only time Asaas gives it."""
        created: dict[str, Any] = self._call("POST", "/accounts", json=body)
        return created

    # ------------------------------------------------------------- payments
    def find_payment(self, external_reference: str) -> dict[str, Any] | None:
        """The payment made for our reference (an installment's id), if one exists and is not deleted."""
        found = self._call("GET", "/payments", params={"externalReference": external_reference, "limit": 2})
        data = [p for p in found.get("data") or [] if not p.get("deleted")]
        return data[0] if data else None

    def find_payments(self, external_reference: str) -> list[dict[str, Any]]:
        """Every payment under our reference that is not deleted (an instalment plan's parts)."""
        found = self._call("GET", "/payments", params={"externalReference": external_reference, "limit": 100})
        return [p for p in found.get("data") or [] if not p.get("deleted")]

    def create_payment(self, body: dict[str, Any]) -> dict[str, Any]:
        created: dict[str, Any] = self._call("POST", "/payments", json=body)
        return created

    def get_payment(self, payment_id: str) -> dict[str, Any]:
        found: dict[str, Any] = self._call("GET", f"/payments/{payment_id}")
        return found

    def delete_payment(self, payment_id: str) -> None:
        """Removes a pending payment; one already gone (404) is what was wanted."""
        try:
            self._call("DELETE", f"/payments/{payment_id}")
        except AsaasRefused as exc:
            if exc.status != 404:
                raise

    def pix_qr_code(self, payment_id: str) -> dict[str, Any]:
        """{encodedImage (PNG, base64), payload (copia e cola), expirationDate}."""
        found: dict[str, Any] = self._call("GET", f"/payments/{payment_id}/pixQrCode")
        return found

    def identification_field(self, payment_id: str) -> dict[str, Any]:
        """The boleto's {identificationField (linha digitável), nossoNumero, barCode}."""
        found: dict[str, Any] = self._call("GET", f"/payments/{payment_id}/identificationField")
        return found


BILLING_TYPES = {"boleto": "BOLETO", "pix": "PIX", "card": "CREDIT_CARD"}


class AsaasPortador:
    """gateways.Portador over the client: the charger's requests in Asaas's payment format."""

    def __init__(self, client: Asaas) -> None:
        self.client = client

    def customer_for(self, name: str, cpf_cnpj: str, email: str | None, reference: str) -> str:
        return self.client.customer_for(name, cpf_cnpj, email, reference)

    def find_payment(self, reference: str) -> PortadorPayment | None:
        found = self.client.find_payment(reference)
        return _payment(found) if found else None

    def plan_parts(self, reference: str) -> list[PortadorPayment]:
        """An instalment plan's payments (they share its externalReference), in part order."""
        parts = [_payment(p) for p in self.client.find_payments(reference)]
        return sorted(parts, key=lambda p: p.part or 0)

    def create_payment(self, request: ChargeRequest) -> PortadorPayment:
        return _payment(self.client.create_payment(payment_body(request)))

    def delete_payment(self, payment_id: str) -> None:
        self.client.delete_payment(payment_id)

    def pix_code(self, payment_id: str) -> str | None:
        return self.client.pix_qr_code(payment_id).get("payload")

    def boleto_line(self, payment_id: str) -> str | None:
        return self.client.identification_field(payment_id).get("identificationField")

    def confirmed(self, event: PaymentEvent) -> PaymentEvent | None:
        """GET /v3/payments/{id}: the event as Asaas's record of the payment tells it now. A payment of
        another account (404), under another reference, removed, or in a status that contradicts the
        event (received while Asaas says it is still pending) is not confirmed."""
        try:
            found = self.client.get_payment(event.payment_id)
        except AsaasRefused as exc:
            if exc.status in (403, 404):
                return None
            raise
        status = str(found.get("status") or "")
        allowed = CONFIRMING_STATUSES.get(event.kind) if event.kind else None
        if found.get("deleted") or found.get("externalReference") != event.reference or allowed is None:
            return None
        if status not in allowed:
            return None
        body = {"id": event.id, "event": event.name, "dateCreated": event.occurred_at, "payment": found}
        return webhook_event(body)


def payment_body(r: ChargeRequest) -> dict[str, Any]:
    """POST /v3/payments: the installment, late fine and interest (percentages; the policy keeps a
    consumer's fine ≤ 2 %) and the creditor's split as a fixed value."""
    body: dict[str, Any] = {
        "customer": r.customer,
        "billingType": BILLING_TYPES[r.method],
        **(
            {"installmentCount": r.parts, "totalValue": money(r.amount)}
            if r.parts > 1
            else {"value": money(r.amount)}
        ),
        "dueDate": r.due_date.isoformat(),
        "externalReference": r.reference,
        "description": r.description,
        "fine": {"value": money(r.fine_percent)},
        "interest": {"value": money(r.interest_percent_month)},
    }
    if r.split_wallet and r.split_value and r.split_value > 0:  # in a plan: applied to each part
        body["split"] = [{"walletId": r.split_wallet, "fixedValue": money(r.split_value)}]
    return body


def _payment(found: dict[str, Any]) -> PortadorPayment:
    number = found.get("installmentNumber")
    return PortadorPayment(
        id=str(found["id"]),
        invoice_url=found.get("invoiceUrl"),
        boleto_url=found.get("bankSlipUrl"),
        part=int(number) if isinstance(number, int) else None,
    )


def _errors(response: httpx.Response) -> list[tuple[str, str]]:
    try:
        body = response.json()
    except ValueError:
        return []
    items = body.get("errors") if isinstance(body, dict) else None
    return [
        (str(e.get("code", "")), str(e.get("description", ""))) for e in items or [] if isinstance(e, dict)
    ]


# ------------------------------------------------------------- webhooks
# Asaas's payment events (docs: "Eventos para cobranças") and what each means here; any other event is
# acknowledged and logged. The body is {id: "evt_…&N", event, dateCreated: "YYYY-MM-DD HH:mm:ss", payment}.
EVENT_KINDS = {
    "PAYMENT_CREATED": EventKind.CHANGED,
    "PAYMENT_UPDATED": EventKind.CHANGED,
    "PAYMENT_RESTORED": EventKind.RESTORED,
    "PAYMENT_OVERDUE": EventKind.OVERDUE,
    "PAYMENT_DELETED": EventKind.DELETED,
    "PAYMENT_CONFIRMED": EventKind.PAID,
    "PAYMENT_RECEIVED": EventKind.PAID,
    "PAYMENT_RECEIVED_IN_CASH": EventKind.PAID,
    "PAYMENT_REFUNDED": EventKind.REVERSED,
    "PAYMENT_CHARGEBACK_REQUESTED": EventKind.REVERSED,
    "PAYMENT_RECEIVED_IN_CASH_UNDONE": EventKind.REVERSED,
    "PAYMENT_PARTIALLY_REFUNDED": EventKind.PARTIALLY_REFUNDED,
    "PAYMENT_CHARGEBACK_DISPUTE": EventKind.NOTICE,
    "PAYMENT_AWAITING_CHARGEBACK_REVERSAL": EventKind.NOTICE,
    "PAYMENT_REFUND_IN_PROGRESS": EventKind.NOTICE,
}


# Asaas's payment statuses that confirm an event moving money. Events arrive in any order, so a payment
# later refunded still confirms its having been paid, and a refund still confirms once the payment was
# paid again (a chargeback reversed).
WAS_PAID = frozenset(
    {
        "RECEIVED",
        "CONFIRMED",
        "RECEIVED_IN_CASH",
        "REFUNDED",
        "REFUND_REQUESTED",
        "REFUND_IN_PROGRESS",
        "CHARGEBACK_REQUESTED",
        "CHARGEBACK_DISPUTE",
        "AWAITING_CHARGEBACK_REVERSAL",
        "DUNNING_RECEIVED",
    }
)
CONFIRMING_STATUSES: dict[EventKind, frozenset[str]] = {
    EventKind.PAID: WAS_PAID,
    EventKind.PARTIALLY_REFUNDED: WAS_PAID,
    # refunded, charged back, or a cash receipt undone (the payment is pending or overdue again)
    EventKind.REVERSED: WAS_PAID | {"PENDING", "OVERDUE"},
}


def webhook_event(body: dict[str, Any]) -> PaymentEvent | None:
    """A payment event in the domain's terms; None for a body that is not one (account or transfer
    events, a malformed payload), which is acknowledged and dropped."""
    payment = body.get("payment")
    if not isinstance(payment, dict) or not body.get("id") or not payment.get("id"):
        return None
    name = str(body.get("event") or "")
    refunds = [r for r in payment.get("refunds") or [] if isinstance(r, dict)]
    refunded = sum((_decimal(r.get("value")) or Decimal(0) for r in refunds), Decimal(0)) or None
    return PaymentEvent(
        id=str(body["id"]),
        name=name,
        kind=EVENT_KINDS.get(name),
        occurred_at=str(body.get("dateCreated") or ""),
        payment_id=str(payment["id"]),
        reference=payment["externalReference"] if isinstance(payment.get("externalReference"), str) else None,
        method=str(payment.get("billingType") or ""),
        value=_decimal(payment.get("value")) or Decimal("0.00"),
        net_value=_decimal(payment.get("netValue")),
        paid_on=_first_date(payment, "paymentDate", "clientPaymentDate", "confirmedDate"),
        credit_date=_first_date(payment, "creditDate", "estimatedCreditDate"),
        refunded=refunded,
        part=payment.get("installmentNumber") if isinstance(payment.get("installmentNumber"), int) else None,
    )


def _decimal(value: Any) -> Decimal | None:
    if value is None or isinstance(value, bool):
        return None
    try:
        return Decimal(str(value)).quantize(Decimal("0.01"))
    except ArithmeticError:
        return None


def _first_date(payment: dict[str, Any], *fields: str) -> date | None:
    """The first of these fields that holds a date (YYYY-MM-DD)."""
    for field in fields:
        try:
            return date.fromisoformat(str(payment[field])[:10])
        except (KeyError, ValueError, TypeError):
            continue
    return None


# ------------------------------------------------------------- sub-accounts
class AsaasSubAccounts:
    """gateways.SubAccounts over the platform's root account."""

    def __init__(self, client: Asaas) -> None:
        self.client = client

    def find(self, document: str) -> str | None:
        found = self.client.find_account(document)
        return str(found["id"]) if found else None

    def create(self, holder: AccountHolder) -> tuple[str, str, str]:
        made = self.client.create_account(subaccount_body(holder))
        return str(made["id"]), str(made["walletId"]), str(made["apiKey"])


WEBHOOK_EVENTS = (
    "PAYMENT_CREATED",
    "PAYMENT_UPDATED",
    "PAYMENT_CONFIRMED",
    "PAYMENT_RECEIVED",
    "PAYMENT_RECEIVED_IN_CASH",
    "PAYMENT_OVERDUE",
    "PAYMENT_DELETED",
    "PAYMENT_RESTORED",
    "PAYMENT_REFUNDED",
    "PAYMENT_PARTIALLY_REFUNDED",
    "PAYMENT_REFUND_IN_PROGRESS",
    "PAYMENT_RECEIVED_IN_CASH_UNDONE",
    "PAYMENT_CHARGEBACK_REQUESTED",
    "PAYMENT_CHARGEBACK_DISPUTE",
    "PAYMENT_AWAITING_CHARGEBACK_REVERSAL",
)


def subaccount_body(h: AccountHolder) -> dict[str, Any]:
    """POST /v3/accounts (documented fields; incomeValue required since 2024), with cobranca's payment
    webhook when the holder is the tenant (a sub-account takes its own webhooks)."""
    a = h.address
    body: dict[str, Any] = {
        "name": h.name,
        "email": h.email,
        "cpfCnpj": _digits(h.document),
        "companyType": h.company_type,
        "mobilePhone": _phone(h.mobile),
        "phone": _phone(h.phone),
        "address": a.street,
        "addressNumber": a.number,
        "complement": a.complement or None,
        "province": a.district,
        "postalCode": _digits(a.zip_code),
        "incomeValue": float(h.income),
    }
    if h.webhook_url and h.webhook_token:
        body["webhooks"] = [
            {
                "name": "cobranca",
                "url": h.webhook_url,
                "email": h.email,
                "enabled": True,
                "interrupted": False,
                "apiVersion": 3,
                "authToken": h.webhook_token,
                "sendType": "SEQUENTIALLY",
                "events": list(WEBHOOK_EVENTS),
            }
        ]
    return {k: v for k, v in body.items() if v is not None}


def _digits(text: str) -> str:
    """Phones and CEPs as Asaas's examples write them: digits only."""
    return re.sub(r"\D", "", text)


def _phone(text: str) -> str:
    """DDD and number, without Brazil's country code (stored as +55…)."""
    digits = _digits(text)
    return digits[2:] if digits.startswith("55") and len(digits) > 11 else digits
