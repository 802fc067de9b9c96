"""Prestação de contas (F34) on the moto world: the payments Asaas settled for a creditor, each split into
where its money went, as JSON, CSV, XLSX and PDF, with totals that reconcile to the centavo."""

from __future__ import annotations

import io
import re
import zipfile
from datetime import date
from decimal import Decimal

from pypdf import PdfReader

from cobranca.domain.account import MONEY
from infra.local.fake_asaas import FakeAsaas
from tests.integration.conftest import Stack
from tests.integration.test_agreements_api import close
from tests.integration.test_charges import agreement, on_asaas
from tests.integration.test_company import COMPANY
from tests.integration.test_settlement import deliver


def account(stack: Stack, creditor_id: str, **query: str):
    return stack.api.call(
        stack.admin, "GET", f"/api/v1/creditors/{creditor_id}/statement-of-account", query=query
    )


def test_the_statement_of_account_lists_each_payment_and_reconciles_in_every_format(
    stack: Stack, fake: FakeAsaas
):
    cred, d, title = on_asaas(stack)
    assert stack.api.call(stack.admin, "PUT", "/api/v1/company", COMPANY).status == 200
    closed = close(stack, d, title, "key-account", payment_method="pix").body
    stack.run_queue("ChargeQueue")
    parts = agreement(stack, closed["id"])["installments"]
    deliver(stack, fake.confirm(parts[0]["charge"]["provider_id"], on=date(2026, 4, 9)))
    deliver(stack, fake.confirm(parts[1]["charge"]["provider_id"], on=date(2026, 5, 20)))

    body = account(stack, cred["id"], **{"from": "2026-04-01", "to": "2026-05-31"}).body
    lines, t = body["lines"], {k: Decimal(v) for k, v in body["totals"].items()}
    assert [(x["installment"], x["paid_on"]) for x in lines] == [
        (parts[0]["number"], "2026-04-09"),
        (parts[1]["number"], "2026-05-20"),
    ]
    for line, part in zip(lines, parts, strict=False):
        m = {k: Decimal(v) for k, v in line.items() if k in t}
        assert m["split"] == Decimal(part["charge"]["split_value"])
        assert m["fee"] == Decimal("1.99")
        assert m["net"] + m["fee"] == m["paid"]
        assert m["split"] + m["commission"] + m["fees"] + m["late_charges"] - m["fee"] == m["net"]
        assert m["split"] + m["agency"] == m["net"]
        assert m["split"] <= m["net"]
    assert t["net"] + t["fee"] == t["paid"]
    assert t["split"] + t["agency"] == t["net"]
    assert t["paid"] == sum(Decimal(p["amount"]) for p in parts[:2])
    assert lines[0]["available_on"] == "2026-04-09"  # PIX: D+0

    only_may = account(stack, cred["id"], **{"from": "2026-05-01", "to": "2026-05-31"}).body
    assert [x["paid_on"] for x in only_may["lines"]] == ["2026-05-20"]
    refused = account(stack, cred["id"], **{"from": "2026-05-31", "to": "2026-05-01"})
    assert (refused.status, refused.body["errors"][0]["field"]) == (422, "to")

    csv = account(stack, cred["id"], **{"from": "2026-04-01", "to": "2026-05-31", "format": "csv"})
    assert csv.status == 200
    text = _raw(stack).decode()
    rows = [r.split(";") for r in text.lstrip("\ufeff").strip().split("\r\n")]
    assert rows[0][:6] == ["Data", "Movimento", "Acordo", "Devedor", "Títulos", "Parcela"]
    assert rows[1][3:5] == [
        f"{d['name']} (***.{d['document'][3:6]}.{d['document'][6:9]}-**)",
        title["number"],
    ]
    assert d["document"] not in text  # the CPF is masked (LGPD)
    disposition = stack.api.last_raw["headers"]["Content-Disposition"]
    assert f"prestacao-de-contas-{cred['code']}-20260401-20260531.csv" in disposition
    assert len(rows) == 4  # header, two payments, total
    assert rows[-1][0] == "Total"
    assert rows[-1][rows[0].index("Valor pago")] == f"{t['paid']:.2f}".replace(".", ",")
    assert rows[1][:2] == ["09/04/2026", "Pagamento"]
    assert rows[1][rows[0].index("Meio")] == "PIX"

    xlsx = account(stack, cred["id"], **{"from": "2026-04-01", "to": "2026-05-31", "format": "xlsx"})
    assert xlsx.status == 200
    raw = _raw(stack)
    sheet = zipfile.ZipFile(io.BytesIO(raw)).read("xl/worksheets/sheet1.xml").decode()
    numbers = [Decimal(v) for v in re.findall(r"<v>([0-9.]+)</v>", sheet)]
    assert float(t["split"]) in [float(n) for n in numbers]

    pdf = account(stack, cred["id"], **{"from": "2026-04-01", "to": "2026-05-31", "format": "pdf"})
    assert pdf.status == 200
    words = PdfReader(io.BytesIO(_raw(stack))).pages[0].extract_text()
    assert "Prestação de contas" in words
    assert d["name"] in words
    assert "Demo Cobranças — CNPJ 11.222.333/0001-81" in words  # the agency's letterhead
    assert f"{t['split']:.2f}".replace(".", ",") in words


def money(line: dict) -> dict[str, Decimal]:
    return {k: Decimal(v) for k, v in line.items() if k in MONEY}


def test_a_refund_is_a_line_of_its_own_day_and_the_period_already_reported_stays_as_it_was(
    stack: Stack, fake: FakeAsaas
):
    cred, d, title = on_asaas(stack)
    closed = close(stack, d, title, "key-account-refund", payment_method="pix").body
    stack.run_queue("ChargeQueue")
    parts = agreement(stack, closed["id"])["installments"]
    first, second = (p["charge"]["provider_id"] for p in parts[:2])
    deliver(stack, fake.confirm(first, on=date(2026, 4, 9)))
    deliver(stack, fake.confirm(second, on=date(2026, 4, 10)))
    april = account(stack, cred["id"], **{"from": "2026-04-01", "to": "2026-04-30"}).body

    partial = fake.partial_refund(second, Decimal("10.00"))
    deliver(stack, partial)
    refunded = fake.refund(first)
    deliver(stack, refunded)
    deliver(stack, refunded)  # a resent event adds nothing
    refund_day = refunded[0]["dateCreated"][:10]
    assert account(stack, cred["id"], **{"from": "2026-04-01", "to": "2026-04-30"}).body == april

    everything = account(stack, cred["id"], **{"from": "2026-04-01", "to": refund_day}).body
    kinds = [(x["movement"], x["installment"]) for x in everything["lines"]]
    assert kinds == [
        ("payment", parts[0]["number"]),
        ("payment", parts[1]["number"]),
        ("reversal", parts[0]["number"]),  # the same day: by agreement and installment
        ("partial_refund", parts[1]["number"]),
    ]
    paid_first, paid_second, reversal, partial_line = (money(x) for x in everything["lines"])
    assert everything["lines"][2]["on"] == everything["lines"][3]["on"] == refund_day
    assert reversal["paid"] == -paid_first["paid"]
    assert reversal["split"] == -paid_first["split"]  # Asaas reverses the split with the payment
    assert reversal["fee"] == 0  # the portador keeps its fee: the agency bears it
    assert (partial_line["paid"], partial_line["split"]) == (Decimal("-10.00"), 0)  # from the agency's part
    for m in (paid_first, paid_second, partial_line, reversal):
        assert m["split"] + m["commission"] + m["fees"] + m["late_charges"] - m["fee"] == m["net"]
        assert m["split"] + m["agency"] == m["net"]
        assert m["net"] + m["fee"] == m["paid"]
    t = money(everything["totals"])
    assert t["split"] == paid_second["split"]  # only the payment that stands reaches the creditor
    assert t["paid"] == paid_second["paid"] - Decimal("10.00")
    assert t["fee"] == paid_first["fee"] + paid_second["fee"]

    csv = account(stack, cred["id"], **{"from": "2026-04-01", "to": refund_day, "format": "csv"})
    assert csv.status == 200
    rows = [r.split(";") for r in _raw(stack).decode().lstrip("\ufeff").strip().split("\r\n")]
    assert [r[1] for r in rows[1:-1]] == ["Pagamento", "Pagamento", "Estorno", "Estorno parcial"]


def _raw(stack: Stack) -> bytes:
    import base64

    result = stack.api.last_raw
    return base64.b64decode(result["body"]) if result.get("isBase64Encoded") else result["body"].encode()
