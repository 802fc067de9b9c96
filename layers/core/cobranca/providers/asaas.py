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

from decimal import Decimal
from typing import Any

import httpx

from cobranca.domain.charges import ChargeRequest, PortadorPayment
from cobranca.domain.settlement import PaymentEvent
from cobranca.gateways import PortadorRefused, PortadorUnavailable
from cobranca.providers.asaas_events import CONFIRMING_STATUSES, webhook_event

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
