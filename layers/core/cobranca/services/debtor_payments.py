"""An agreement as its debtor pays it (Negocia Online: Meus acordos, the first payment): each installment's
state and, while it is open, its PIX code and QR, boleto or card checkout — or, for a creditor without a
portador, its payment instructions."""

from __future__ import annotations

from cobranca.documents.qr import qr_svg
from cobranca.domain.agreements import (
    Agreement,
    AgreementStatus,
    ChargeStatus,
    Installment,
    InstallmentStatus,
)
from cobranca.domain.payments import PaymentInstructions, instructions_lines
from cobranca.domain.portfolio import Creditor
from cobranca.schemas.portal import DebtorAgreement, NextPayment


def debtor_agreement(a: Agreement, creditor: Creditor | None) -> DebtorAgreement:
    """One agreement in Meus acordos, each installment with its state and, while open, how to pay it."""
    how = creditor.payment_instructions if creditor else None
    ended = a.status is not AgreementStatus.ACTIVE
    return DebtorAgreement(
        id=a.id,
        number=a.number,
        status=a.status,
        created_at=a.created_at,
        total=a.total,
        payment_method=a.payment_method,
        creditor_name=creditor.name if creditor else "",
        installments=[
            payment_of(a, i, settled=i.status is InstallmentStatus.PAID, ended=ended, how=how)
            for i in sorted(a.installments, key=lambda i: i.number)
        ],
    )


def payment_of(
    a: Agreement,
    inst: Installment,
    *,
    settled: bool,
    ended: bool = False,
    how: PaymentInstructions | None = None,
) -> NextPayment:
    """One installment as the debtor pays it: its state ("paid", "ready" with the PIX code, boleto or
    checkout, "pending" while issued, "failed", "none" without a portador — with the creditor's
    instructions `how`, when it has them —, "ended" once the agreement is no longer active) and, when
    ready, the means."""
    c = inst.charge
    if settled:
        state = "paid"
    elif ended:
        state = "ended"
    else:
        state = "none" if c is None else CHARGE_STATES.get(c.status, "pending")
    ready = state == "ready" and c is not None
    return NextPayment(
        agreement_number=a.number,
        number=inst.number,
        due_date=inst.due_date,
        amount=inst.amount,
        method=a.payment_method,
        charge=state,
        pix_payload=c.pix_payload if ready and c else None,
        pix_qr_svg=qr_svg(c.pix_payload) if ready and c and c.pix_payload else None,
        boleto_line=c.boleto_line if ready and c else None,
        boleto_url=c.boleto_url if ready and c else None,
        invoice_url=c.invoice_url if ready and c else None,
        instructions=instructions_lines(how, a.number, inst.amount) if state == "none" and how else None,
    )


CHARGE_STATES = {
    ChargeStatus.CREATED: "ready",
    ChargeStatus.OVERDUE: "ready",
    ChargeStatus.FAILED: "failed",
    ChargeStatus.CANCELLED: "failed",
    ChargeStatus.REFUNDED: "failed",
    ChargeStatus.PAID: "paid",
}
