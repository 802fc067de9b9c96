"""The first payment as the termo e-mail shows it: its due date and amount, and what pays it — the PIX
copia e cola, the boleto's line and PDF or the card checkout once the portador made the charge, or the
creditor's payment instructions when no portador charges it — and the one-page PDF with the PIX QR."""

from __future__ import annotations

from cobranca.domain.agreements import Agreement, Charge, ChargeStatus, Installment
from cobranca.domain.charges import grouped_line
from cobranca.domain.money import brl
from cobranca.domain.payments import PaymentInstructions, instructions_lines


def instructions_text(a: Agreement, how: PaymentInstructions | None) -> str:
    """The creditor's payment instructions for the first installment (empty without them)."""
    if how is None:
        return ""
    first = min(a.installments, key=lambda i: i.number)
    label = "A entrada" if first.number == 0 else "A primeira parcela"
    lines = instructions_lines(how, a.number, first.amount)
    return f"\n{label} vence em {first.due_date:%d/%m/%Y}.\n" + "\n".join(lines) + "\n"


def _first_charged(a: Agreement) -> tuple[Installment, Charge | None]:
    """The first installment and its charge once the portador made it (else None)."""
    first = min(a.installments, key=lambda i: i.number)
    charge = first.charge
    return first, charge if charge is not None and charge.status is ChargeStatus.CREATED else None


def _other_ways(charge: Charge) -> list[str]:
    """What else than PIX pays it: the boleto's grouped line and PDF, or the card checkout."""
    lines = []
    if charge.boleto_line:
        lines.append(f"Linha digitável do boleto: {grouped_line(charge.boleto_line)}")
    if charge.boleto_url:
        lines.append(f"Boleto em PDF: {charge.boleto_url}")
    elif charge.invoice_url and not charge.pix_payload:
        lines.append(f"Pague com cartão: {charge.invoice_url}")
    return lines


def first_payment_text(a: Agreement) -> str:
    """The first installment as the e-mail shows it: due date, amount and what to pay it with."""
    first, charge = _first_charged(a)
    label = "A entrada" if first.number == 0 else "A primeira parcela"
    text = f"\n{label}, de {brl(first.amount)}, vence em {first.due_date:%d/%m/%Y}.\n"
    if charge is None:
        return text + "A cobrança será enviada em seguida; você também a encontra no Negocia Online.\n"
    if charge.pix_payload:
        text += f"\nPIX copia e cola:\n{charge.pix_payload}\n"
    others = _other_ways(charge)
    return text + ("\n" + "\n".join(others) + "\n" if others else "")


def first_payment_pdf(a: Agreement) -> bytes | None:
    """The first installment's payment page (the e-mail's second attachment), once its charge exists."""
    first, charge = _first_charged(a)
    if charge is None:
        return None
    label = "Entrada" if first.number == 0 else "Primeira parcela"
    lines = [f"Acordo {a.number} · {label}: {brl(first.amount)}, vencimento {first.due_date:%d/%m/%Y}"]
    lines += _other_ways(charge)
    if charge.pix_payload:
        lines.append("Escaneie o QR Code com o app do seu banco, ou copie o código abaixo.")
    from cobranca.documents.pdf import render_payment  # reportlab loads only when a PDF is made

    return render_payment(f"Pagamento do acordo {a.number}", lines, charge.pix_payload)
