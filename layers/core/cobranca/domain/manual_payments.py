"""How a creditor without a portador is paid, and a payment registered by hand (issue 28 §2).

Until own-bank boletos exist, a creditor charged by nobody has payment instructions (a PIX key, bank
transfer data): the portal, the termo e-mail and the console show them with the amount and the
agreement's number, and someone who saw the money registers it — with the same effects as a portador's
settlement (history, ERP notice, the agreement paid when it was the last one)."""

from __future__ import annotations

import base64
import binascii
from datetime import date
from decimal import Decimal
from enum import StrEnum
from typing import Annotated

from pydantic import Field

from cobranca.domain.agreements import Agreement, Charge, Installment, charge_reference
from cobranca.domain.contacts import phone_to_dial
from cobranca.domain.dates import sao_paulo_date
from cobranca.domain.errors import Conflict, InvalidInput
from cobranca.domain.ids import new_id
from cobranca.domain.messages import Task, TaskKind
from cobranca.domain.model import Command
from cobranca.domain.money import brl
from cobranca.domain.portfolio import Debtor
from cobranca.domain.settlement import EventKind, PaymentEvent
from cobranca.domain.text import Description


class ManualMethod(StrEnum):
    PIX = "pix"
    TRANSFER = "transferencia"
    CASH = "dinheiro"
    CREDITOR_BOLETO = "boleto_credor"
    OTHER = "outro"


MAX_RECEIPT_BYTES = 2 * 1024 * 1024
RECEIPT_TYPES = {
    b"%PDF-": ("application/pdf", "pdf"),
    b"\x89PNG": ("image/png", "png"),
    b"\xff\xd8\xff": ("image/jpeg", "jpg"),
}


class Receipt(Command):
    """The proof of payment (comprovante) the operator has: a PDF or a photo, base64 in the request."""

    filename: Annotated[str, Field(max_length=120)] = ""
    content: Annotated[str, Field(min_length=8, max_length=MAX_RECEIPT_BYTES * 4 // 3 + 4)] = Field(
        description="the file, base64"
    )


def receipt_file(r: Receipt) -> tuple[bytes, str, str]:
    """(bytes, content type, extension) of a receipt, known by its first bytes, never by its name."""
    try:
        data = base64.b64decode(r.content, validate=True)
    except (binascii.Error, ValueError):
        raise InvalidInput("receipt.content", "comprovante ilegível: envie o arquivo em base64") from None
    if len(data) > MAX_RECEIPT_BYTES:
        raise InvalidInput("receipt.content", "comprovante acima de 2 MB: envie uma foto menor ou o PDF")
    for magic, (content_type, extension) in RECEIPT_TYPES.items():
        if data.startswith(magic):
            return data, content_type, extension
    raise InvalidInput("receipt.content", "envie o comprovante em PDF, JPG ou PNG")


class ManualPaymentIn(Command):
    paid_on: date = Field(description="when the debtor paid")
    amount: Annotated[Decimal, Field(gt=0, max_digits=14, decimal_places=2)] = Field(
        description="what the debtor paid (late charges included)"
    )
    method: ManualMethod
    note: Description = ""
    receipt: Receipt | None = Field(None, description="the comprovante, kept with the installment")


def manual_event(
    a: Agreement, inst: Installment, body: ManualPaymentIn, today: date, at: str
) -> PaymentEvent:
    """The payment as the settlement's state machine reads a portador's (once per installment: its id
    is the installment's), after the checks a person's registration needs."""
    charge: Charge | None = inst.charge
    manual = f"manual-{a.id}-{inst.number:02d}"
    if charge is not None and charge.provider_id and charge.provider_id != manual:
        raise Conflict(
            "esta parcela é cobrada pelo portador (Asaas): o pagamento é registrado por ele — cancele a "
            "cobrança lá antes de registrar à mão"
        )
    closed = sao_paulo_date(a.created_at)
    if not closed <= body.paid_on <= today:
        raise InvalidInput("paid_on", f"informe uma data entre {closed:%d/%m/%Y} (o acordo) e hoje")
    if body.amount < inst.amount:
        owed = brl(inst.amount)
        raise InvalidInput("amount", f"o valor é menor que a parcela ({owed}): registre o pagamento integral")
    return PaymentEvent(
        id=manual,
        name=f"MANUAL_{body.method.value.upper()}",
        kind=EventKind.PAID,
        occurred_at=at,
        payment_id=manual,
        reference=charge_reference(a.id, inst.number),
        method=f"MANUAL_{body.method.value.upper()}",
        value=body.amount,
        net_value=body.amount,
        paid_on=body.paid_on,
        credit_date=body.paid_on,
    )


def payment_task(a: Agreement, debtor: Debtor, operator: str | None, now: str, today: date) -> Task:
    """The task an agreement without a portador gives the operator who closed it (the shared queue when
    the debtor closed it alone): send the debtor how to pay it."""
    first = min(a.installments, key=lambda i: i.number)
    what = f"{brl(first.amount)} até {first.due_date:%d/%m/%Y}"
    return Task(
        id=new_id(),
        kind=TaskKind.PAYMENT,
        debtor_id=a.debtor_id,
        debtor_name=debtor.name,
        phone=phone_to_dial(debtor.contacts, None),
        operator_id=operator,
        step=f"enviar a forma de pagamento do acordo {a.number} ({what})",
        run_date=today,
        items=[],
        created_at=now,
    )
