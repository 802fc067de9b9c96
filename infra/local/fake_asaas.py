"""A loopback stand-in for Asaas API v3, speaking its wire format (see providers/asaas.py for the facts):

- `access_token` header with the key the tenant set (any `$aact_` key is accepted; others get 401);
- GET/POST /v3/customers (filter `cpfCnpj`), GET/POST /v3/payments (filter `externalReference`),
  GET/DELETE /v3/payments/{id}, GET /v3/payments/{id}/pixQrCode and /identificationField;
- list answers `{object: "list", hasMore, totalCount, limit, offset, data}`, errors
  `{errors: [{code, description}]}`; a deleted payment answers `{deleted: true, id}`.

Webhooks, as the sandbox's buttons make them: `confirm` (PIX: PAYMENT_RECEIVED; boleto: CONFIRMED then
RECEIVED with the credit on D+1; card: CONFIRMED, credited in 32 days), `overdue`, `refund`, `update`.
Each answers Asaas's event bodies (`{id: "evt_…&N", event, dateCreated: "YYYY-MM-DD HH:mm:ss",
payment}`) and, once `send_webhooks_to(url, token)` named the receiver, posts them with the
`asaas-access-token` header, retrying what is not a 200 on a compressed schedule (1, 2, 4, 8 s).
Delivery faults on demand: `duplicate` sends each event twice, `reverse` sends a batch in reverse order.

Faults on demand (`fail_next`): "503", "timeout" (the connection dropped after the payment was made: the
client sees a time-out although Asaas created it) and "429" (with RateLimit-Reset); or at random, on a
`fault_rate` share of the calls (one of the three, seeded). `payments_for(ref)`
counts what exists per externalReference, as the reliability tests need.
"""

from __future__ import annotations

import html
import itertools
import json
import random
import threading
import time
import uuid
from collections import deque
from datetime import UTC, date, datetime, timedelta
from decimal import Decimal
from typing import Any, ClassVar
from urllib.parse import parse_qs, urlsplit

from infra.local.loopback import LoopbackServer

JSON = "application/json"
PIXEL = "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAQAAAC1HAwCAAAAC0lEQVR42mNkYAAAAAYAAjCB0C8AAAAASUVORK5CYII="
BILLING_TYPES = ("BOLETO", "PIX", "CREDIT_CARD", "UNDEFINED")
NOT_FOUND = (404, {"errors": [{"code": "not_found", "description": "Recurso não encontrado"}]}, JSON)


class FakeAsaas(LoopbackServer):
    def __init__(self, drop_seconds: float = 0.3, fault_rate: float = 0.0, seed: int = 7) -> None:
        self.fault_rate = fault_rate
        self.random = random.Random(seed)
        self.customers: dict[str, dict[str, Any]] = {}
        self.accounts: dict[str, dict[str, Any]] = {}  # sub-accounts made under this (root) account
        self.payments: dict[str, dict[str, Any]] = {}
        self.faults: deque[str] = deque()
        self.requests = 0
        self.drop_seconds = drop_seconds
        self.lock = threading.Lock()
        self._ids = itertools.count(5219613)
        self._events = itertools.count(368604920)
        self._clock = datetime.now(UTC).replace(microsecond=0) - timedelta(hours=3)  # São Paulo's wall time
        self.target: tuple[str, str] | None = None
        self.events: list[dict[str, Any]] = []
        self.deliveries: list[tuple[str, int]] = []  # (event id, the receiver's status) per attempt
        self.retry_seconds = (1.0, 2.0, 4.0, 8.0)
        super().__init__()

    # ------------------------------------------------------------- test helpers
    def fail_next(self, *faults: str) -> None:
        self.faults.extend(faults)

    def payments_for(self, reference: str) -> list[dict[str, Any]]:
        return [p for p in self.payments.values() if p["externalReference"] == reference and not p["deleted"]]

    # ------------------------------------------------------------- webhooks
    def send_webhooks_to(self, url: str, token: str) -> None:
        self.target = (url, token)

    def confirm(self, payment_id: str, on: date | None = None, **delivery: bool) -> list[dict[str, Any]]:
        """The debtor paid: what Asaas sends for the payment's billing type."""
        p = self.payments[payment_id]
        paid = on or self._clock.date()
        p.update(
            paymentDate=paid.isoformat(), clientPaymentDate=paid.isoformat(), confirmedDate=paid.isoformat()
        )
        if p["billingType"] == "CREDIT_CARD":
            plan = [
                q
                for q in self.payments.values()
                if p.get("installment") and q.get("installment") == p["installment"]
            ]
            events = []
            for q in sorted(plan or [p], key=lambda q: q.get("installmentNumber") or 1):
                k = (q.get("installmentNumber") or 1) - 1  # Asaas releases each part about a month apart
                q.update(
                    status="CONFIRMED",
                    paymentDate=paid.isoformat(),
                    clientPaymentDate=paid.isoformat(),
                    confirmedDate=paid.isoformat(),
                    estimatedCreditDate=(paid + timedelta(days=32 + 30 * k)).isoformat(),
                )
                events.append(self.event("PAYMENT_CONFIRMED", q))
            return self.emit(events, **delivery)
        if p["billingType"] == "BOLETO":
            p.update(status="CONFIRMED", estimatedCreditDate=(paid + timedelta(days=1)).isoformat())
            confirmed = self.event("PAYMENT_CONFIRMED", p)
            p.update(status="RECEIVED", creditDate=(paid + timedelta(days=1)).isoformat())
            return self.emit([confirmed, self.event("PAYMENT_RECEIVED", p)], **delivery)
        p.update(status="RECEIVED", creditDate=paid.isoformat(), estimatedCreditDate=paid.isoformat())
        return self.emit([self.event("PAYMENT_RECEIVED", p)], **delivery)

    def overdue(self, payment_id: str, **delivery: bool) -> list[dict[str, Any]]:
        p = self.payments[payment_id]
        p["status"] = "OVERDUE"
        return self.emit([self.event("PAYMENT_OVERDUE", p)], **delivery)

    def refund(self, payment_id: str, **delivery: bool) -> list[dict[str, Any]]:
        p = self.payments[payment_id]
        p["status"] = "REFUNDED"
        return self.emit([self.event("PAYMENT_REFUNDED", p)], **delivery)

    def partial_refund(
        self, payment_id: str, value: Decimal = Decimal("10.00"), **delivery: bool
    ) -> list[dict[str, Any]]:
        """Part of a received payment given back: its `refunds` list grows; the status stays."""
        p = self.payments[payment_id]
        refund = {"dateCreated": self._clock.date().isoformat(), "status": "DONE", "value": float(value)}
        p["refunds"] = [*(p.get("refunds") or []), refund]
        return self.emit([self.event("PAYMENT_PARTIALLY_REFUNDED", p)], **delivery)

    def update(self, payment_id: str, **changes: Any) -> list[dict[str, Any]]:
        """A change of value or due date (the boleto line and the PIX code change with it)."""
        p = self.payments[payment_id]
        p.update(changes)
        return self.emit([self.event("PAYMENT_UPDATED", p)])

    def event(self, name: str, payment: dict[str, Any]) -> dict[str, Any]:
        """One event body as Asaas sends it; the fake's clock moves a second per event, so their
        dateCreated orders them as Asaas's would."""
        with self.lock:
            self._clock += timedelta(seconds=1)
            body = {
                "id": f"evt_{uuid.uuid4().hex}&{next(self._events)}",
                "event": name,
                "dateCreated": self._clock.strftime("%Y-%m-%d %H:%M:%S"),
                "payment": json.loads(json.dumps(payment)),
            }
            self.events.append(body)
        return body

    def emit(
        self, events: list[dict[str, Any]], duplicate: bool = False, reverse: bool = False
    ) -> list[dict[str, Any]]:
        """Delivers the events to the receiver (if one is set) in the background, and answers them."""
        order = list(reversed(events)) if reverse else list(events)
        if duplicate:
            order = [e for e in order for _ in range(2)]
        if self.target:
            threading.Thread(target=self._deliver, args=(order,), daemon=True).start()
        return events

    def _deliver(self, events: list[dict[str, Any]]) -> None:
        import httpx

        assert self.target is not None
        url, token = self.target
        for body in events:
            for wait in (0.0, *self.retry_seconds):
                time.sleep(wait)
                try:
                    status = httpx.post(
                        url, json=body, headers={"asaas-access-token": token}, timeout=10
                    ).status_code
                except httpx.HTTPError:
                    status = 0
                self.deliveries.append((body["id"], status))
                if status == 200:
                    break

    # ------------------------------------------------------------- the /local/asaas page
    ACTIONS: ClassVar[dict[str, str]] = {
        "confirm": "Confirmar pagamento",
        "overdue": "Vencer",
        "refund": "Estornar",
        "partial_refund": "Estornar R$ 10",
    }
    MODES: ClassVar[dict[str, str]] = {"": "normal", "duplicate": "duplicada", "reverse": "fora de ordem"}
    FAULTS: ClassVar[dict[str, str]] = {
        "503": "503 na próxima chamada",
        "429": "429 (RateLimit-Reset)",
        "timeout": "time-out após o efeito",
    }

    def act(self, payment_id: str, action: str, mode: str = "") -> list[dict[str, Any]] | None:
        """A button of the page: the payment's events, delivered as `mode` says (None: no such thing)."""
        found = self.payments.get(payment_id)
        if found is None or found["deleted"] or action not in self.ACTIONS or mode not in self.MODES:
            return None
        delivery = {mode: True} if mode else {}
        done: list[dict[str, Any]] = getattr(self, action)(payment_id, **delivery)
        return done

    def page(self) -> str:
        """Every payment with the sandbox's buttons; the next call's fault; the deliveries so far."""
        esc = html.escape
        modes = "".join(f"<option value='{k}'>{v}</option>" for k, v in self.MODES.items())
        rows = []
        for p in sorted(self.payments.values(), key=lambda p: (p["dueDate"] or "", p["id"])):
            buttons = "".join(
                f"<button data-pay='{esc(p['id'])}' data-action='{k}'>{v}</button> "
                for k, v in self.ACTIONS.items()
            )
            status = "REMOVIDA" if p["deleted"] else p["status"]
            rows.append(
                f"<tr><td><code>{esc(p['id'])}</code></td><td>{esc(p['externalReference'] or '')}</td>"
                f"<td>{esc(p['description'] or '')}</td><td>{esc(p['billingType'])}</td>"
                f"<td class=n>R$ {p['value']:.2f}</td><td>{esc(p['dueDate'] or '')}</td><td>{esc(status)}</td>"
                f"<td>{'' if p['deleted'] else buttons}</td></tr>"
            )
        faults = "".join(f"<button data-fault='{k}'>{v}</button> " for k, v in self.FAULTS.items())
        sent = "".join(
            f"<li><code>{esc(event_id)}</code> → {status or 'sem resposta'}</li>"
            for event_id, status in self.deliveries[-30:][::-1]
        )
        target = esc(self.target[0]) if self.target else "nenhum (send_webhooks_to)"
        return f"""<!doctype html><html lang=pt-BR><meta charset=utf-8><title>Asaas (local)</title>
<style>body{{font:14px system-ui;margin:1.5rem}}table{{border-collapse:collapse}}td,th{{border:1px solid #ccc;
padding:4px 6px;text-align:left}}.n{{text-align:right}}button{{margin:1px}}</style>
<h1>Asaas (local): cobranças</h1>
<p>Webhooks para <code>{target}</code>. Entrega: <select id=mode aria-label=Entrega>{modes}</select>
Falha na próxima chamada da API: {faults}</p>
<table><tr><th>id</th><th>externalReference</th><th>descrição</th><th>forma</th><th>valor</th>
<th>vencimento</th><th>status</th><th>ações</th></tr>{"".join(rows)}</table>
<h2>Entregas de webhook (últimas 30)</h2><ul>{sent}</ul>
<script>
document.addEventListener('click', async (e) => {{
  const b = e.target.closest('button'); if (!b) return;
  const mode = document.getElementById('mode').value;
  const path = b.dataset.fault ? `/local/asaas/fault/${{b.dataset.fault}}`
    : `/local/asaas/${{b.dataset.pay}}/${{b.dataset.action}}` + (mode ? `/${{mode}}` : '');
  await fetch(path, {{method: 'POST'}}); setTimeout(() => location.reload(), 600);
}});
</script></html>"""

    # ------------------------------------------------------------- the API
    def handle(self, method: str, path: str, headers: dict[str, str], body: bytes) -> Any:
        with self.lock:
            self.requests += 1
            fault = self.faults.popleft() if self.faults else None
            if fault is None and self.fault_rate and self.random.random() < self.fault_rate:
                fault = self.random.choice(("503", "429", "timeout"))
        if fault == "503":
            return 503, {"errors": [{"code": "unavailable", "description": "Serviço indisponível"}]}, JSON
        if fault == "429":
            errors = {"errors": [{"code": "too_many_requests", "description": "Limite de requisições"}]}
            return (
                429,
                errors,
                JSON,
                {"RateLimit-Limit": "100", "RateLimit-Remaining": "0", "RateLimit-Reset": "2"},
            )
        key = {k.lower(): v for k, v in headers.items()}.get("access_token", "")
        if not key.startswith("$aact_"):
            return (
                401,
                {"errors": [{"code": "invalid_access_token", "description": "Chave de API inválida"}]},
                JSON,
            )
        url = urlsplit(path)
        query = {k: v[0] for k, v in parse_qs(url.query).items()}
        parts = [p for p in url.path.split("/") if p]
        try:
            payload = json.loads(body) if body else {}
        except ValueError:
            return 400, {"errors": [{"code": "invalid_json", "description": "JSON inválido"}]}, JSON
        answer = self.route(method, parts, query, payload)
        if fault == "timeout":  # the effect happened; the answer never arrives
            time.sleep(self.drop_seconds)
            return None
        return answer

    def route(self, method: str, parts: list[str], query: dict[str, str], body: dict[str, Any]) -> Any:
        if parts == ["v3", "customers"]:
            if method == "GET":
                return 200, self.listed(self.customers.values(), query, "cpfCnpj"), JSON
            return self.create_customer(body) if method == "POST" else NOT_FOUND
        if parts == ["v3", "payments"]:
            if method == "GET":
                return 200, self.listed(self.payments.values(), query, "externalReference"), JSON
            return self.create_payment(body) if method == "POST" else NOT_FOUND
        if parts == ["v3", "accounts"]:
            if method == "GET":
                return 200, self.listed(self.accounts.values(), query, "cpfCnpj"), JSON
            return self.create_account(body) if method == "POST" else NOT_FOUND
        if parts[:2] == ["v3", "payments"] and len(parts) >= 3:
            return self.one_payment(method, self.payments.get(parts[2]), parts[3:])
        return NOT_FOUND

    def one_payment(self, method: str, found: dict[str, Any] | None, rest: list[str]) -> Any:
        if found is None:
            return 404, {"errors": [{"code": "not_found", "description": "Cobrança não encontrada"}]}, JSON
        if not rest and method == "DELETE":
            found["deleted"] = True
            return 200, {"deleted": True, "id": found["id"]}, JSON
        views = {(): lambda p: p, ("pixQrCode",): self.pix, ("identificationField",): self.line}
        view = views.get(tuple(rest))
        return (200, view(found), JSON) if view and method == "GET" else NOT_FOUND

    @staticmethod
    def listed(items: Any, query: dict[str, str], by: str) -> dict[str, Any]:
        wanted = [i for i in items if by not in query or i.get(by) == query[by]]
        offset, limit = int(query.get("offset", 0)), int(query.get("limit", 10))
        page = wanted[offset : offset + limit]
        return {
            "object": "list",
            "hasMore": offset + limit < len(wanted),
            "totalCount": len(wanted),
            "limit": limit,
            "offset": offset,
            "data": page,
        }

    REQUIRED_ACCOUNT = ("name", "email", "cpfCnpj", "mobilePhone", "address", "addressNumber", "province")

    def create_account(self, body: dict[str, Any]) -> Any:
        """POST /v3/accounts (a sub-account under the caller's root account): the apiKey is answered once."""
        missing = [f for f in (*self.REQUIRED_ACCOUNT, "postalCode", "incomeValue") if not body.get(f)]
        if missing:
            errors = [{"code": "invalid_object", "description": f"Informe {f}."} for f in missing]
            return 400, {"errors": errors}, JSON
        if any(a["cpfCnpj"] == body["cpfCnpj"] for a in self.accounts.values()):
            errors = [{"code": "invalid_cpfCnpj", "description": "Já existe uma conta com este CPF/CNPJ."}]
            return 400, {"errors": errors}, JSON
        n = next(self._ids)
        account_id = f"acc_{n:012d}"
        account = {
            "object": "account",
            "id": account_id,
            "walletId": str(uuid.uuid5(uuid.NAMESPACE_URL, f"wallet-{n}")),
            **{k: body.get(k) for k in (*self.REQUIRED_ACCOUNT, "postalCode", "incomeValue", "companyType")},
            "webhooks": body.get("webhooks") or [],
        }
        self.accounts[account_id] = account
        return 200, {**account, "apiKey": f"$aact_sub_{n:012d}_{uuid.uuid4().hex}"}, JSON

    def create_customer(self, body: dict[str, Any]) -> Any:
        if not body.get("name") or not body.get("cpfCnpj"):
            errors = [{"code": "invalid_object", "description": "Informe o nome e o CPF/CNPJ do cliente."}]
            return 400, {"errors": errors}, JSON
        customer = {
            "object": "customer",
            "id": f"cus_{next(self._ids):012d}",
            "dateCreated": datetime.now(UTC).strftime("%Y-%m-%d"),
            "name": body["name"],
            "cpfCnpj": body["cpfCnpj"],
            "email": body.get("email"),
            "externalReference": body.get("externalReference"),
            "notificationDisabled": bool(body.get("notificationDisabled")),
            "deleted": False,
        }
        self.customers[customer["id"]] = customer
        return 200, customer, JSON

    def create_payment(self, body: dict[str, Any]) -> Any:
        count = int(body.get("installmentCount") or 1)
        if count > 1:
            return self.create_plan(body, count)
        errors = []
        if body.get("customer") not in self.customers:
            errors.append({"code": "invalid_customer", "description": "Cliente inválido ou não informado."})
        if body.get("billingType") not in BILLING_TYPES:
            errors.append({"code": "invalid_billingType", "description": "Forma de pagamento inválida."})
        value = float(body.get("value") or 0)
        if value < 5:  # Asaas's minimum charge value
            errors.append(
                {"code": "invalid_value", "description": "O valor mínimo de uma cobrança é R$ 5,00."}
            )
        split_total = sum(float(s.get("fixedValue") or 0) for s in body.get("split") or [])
        net = round(value - fee(body.get("billingType", ""), value, int(body.get("_parts") or 1)), 2)
        if split_total > net:
            errors.append(
                {"code": "invalid_split", "description": "O valor do split excede o valor líquido."}
            )
        if errors:
            return 400, {"errors": errors}, JSON
        number = next(self._ids)
        payment = {
            "object": "payment",
            "id": f"pay_{number:012d}",
            "dateCreated": datetime.now(UTC).strftime("%Y-%m-%d"),
            "customer": body["customer"],
            "value": value,
            "netValue": net,
            "billingType": body["billingType"],
            "status": "PENDING",
            "dueDate": body.get("dueDate"),
            "description": body.get("description"),
            "externalReference": body.get("externalReference"),
            "invoiceUrl": f"https://sandbox.asaas.com/i/{number}",
            "bankSlipUrl": f"https://sandbox.asaas.com/b/pdf/{number}"
            if body["billingType"] == "BOLETO"
            else None,
            "fine": body.get("fine"),
            "interest": body.get("interest"),
            "split": body.get("split") or [],
            "deleted": False,
        }
        self.payments[payment["id"]] = payment
        return 200, payment, JSON

    def create_plan(self, body: dict[str, Any], count: int) -> Any:
        """A card instalment plan (installmentCount + totalValue): `count` payments under one installment
        id, a month apart, the same externalReference, the split's total spread over them; the answer is
        the first part, as Asaas's."""
        if body.get("billingType") != "CREDIT_CARD" or not 2 <= count <= 21:
            return (
                400,
                {"errors": [{"code": "invalid_installmentCount", "description": "Parcelamento inválido."}]},
                JSON,
            )
        total = float(body.get("totalValue") or 0)
        cents = round(total * 100)  # equal parts, the centavos left over on the last
        values = [cents // count / 100] * (count - 1) + [(cents - cents // count * (count - 1)) / 100]
        split = (body.get("split") or [{}])[0]
        per_part = float(split.get("fixedValue") or 0)  # the documented two ways: per part, or a total
        shares = [per_part] * count
        if split.get("totalFixedValue"):
            total_split = round(float(split["totalFixedValue"]) * 100)
            shares = [total_split // count / 100] * (count - 1) + [
                (total_split - total_split // count * (count - 1)) / 100
            ]
        plan = f"ins_{next(self._ids):012d}"
        first = None
        due = date.fromisoformat(str(body.get("dueDate")))
        for n, (value, part_split) in enumerate(zip(values, shares, strict=True), start=1):
            made = self.create_payment(
                {
                    **{k: v for k, v in body.items() if k not in ("installmentCount", "totalValue", "split")},
                    "_parts": count,
                    "value": value,
                    "dueDate": (due + timedelta(days=30 * (n - 1))).isoformat(),
                    "split": [{"walletId": split.get("walletId"), "fixedValue": part_split}]
                    if part_split
                    else [],
                }
            )
            if made[0] != 200:
                return made
            made[1].update(installment=plan, installmentNumber=n)
            first = first or made[1]
        return 200, first, JSON

    @staticmethod
    def pix(payment: dict[str, Any]) -> dict[str, Any]:
        value = f"{payment['value']:.2f}"
        payload = f"00020101021226800014br.gov.bcb.pix2558pix.asaas.com/qr/{payment['id']}5204000053039865406{value}"
        return {
            "encodedImage": PIXEL,
            "payload": payload + "5802BR6304ABCD",
            "expirationDate": f"{payment['dueDate']} 23:59:59",
        }

    @staticmethod
    def line(payment: dict[str, Any]) -> dict[str, Any]:
        digits = f"{int(payment['id'][4:]):011d}"
        field = f"00190000090{digits}10000000000000000{int(payment['value'] * 100):010d}"[:47]
        return {"identificationField": field, "nossoNumero": digits[-9:], "barCode": field[:44]}


def fee(billing_type: str, value: float, parts: int = 1) -> float:
    """Asaas's fee as the fake charges it (boleto and PIX R$ 1,99; card 2,99 % + R$ 0,49 à vista,
    3,49 % in 2–6 parts, 3,99 % in 7–12)."""
    if billing_type == "CREDIT_CARD":
        percent = 0.0299 if parts == 1 else 0.0349 if parts <= 6 else 0.0399
        return round(value * percent + 0.49, 2)
    return 1.99
