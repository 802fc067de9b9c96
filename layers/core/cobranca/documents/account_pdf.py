"""The prestação de contas as a PDF: each movement of a creditor's money and where it went."""

from __future__ import annotations

import io
from typing import Any
from xml.sax.saxutils import escape

from reportlab.lib.pagesizes import A4, landscape
from reportlab.lib.units import mm
from reportlab.platypus import Flowable, Paragraph, Spacer, Table, TableStyle

from cobranca.documents.layout import BODY, GRID, HEADER, SMALL, TITLE, amount, document
from cobranca.domain.account import COLUMNS as ACCOUNT_COLUMNS
from cobranca.domain.account import MONEY as ACCOUNT_MONEY
from cobranca.domain.account import StatementOfAccount, cell, total_row
from cobranca.domain.money import brl

ACCOUNT_WIDTHS = {"movement": 20, "installment": 14, "method": 11, "agreement_number": 17}  # mm; money 19


def render_account(s: StatementOfAccount) -> bytes:
    """Prestação de contas: each movement of the creditor's money (payments, refunds) and where it went
    (landscape: fifteen columns)."""
    buffer = io.BytesIO()
    doc = document(buffer, f"Prestação de contas - {s.creditor_name}")
    doc.pagesize = landscape(A4)
    story: list[Flowable] = [
        Paragraph("Prestação de contas", TITLE),
        Paragraph(f"<b>Credor:</b> {escape(s.creditor_name)} — {s.creditor_document}", BODY),
        Paragraph(f"<b>Período:</b> movimentos de {s.date_from:%d/%m/%Y} a {s.date_to:%d/%m/%Y}", BODY),
        Spacer(1, 3 * mm),
    ]
    t = s.totals
    story.append(
        Paragraph(
            f"Recebido <b>{brl(t.paid)}</b> · taxas do portador {brl(t.fee)} · líquido {brl(t.net)} · "
            f"<b>repasse ao credor {brl(t.split)}</b> · retido pela agência {brl(t.agency)} "
            f"(retido do repasse {brl(t.commission)}, honorários {brl(t.fees)}, encargos "
            f"{brl(t.late_charges)}, menos as taxas)",
            BODY,
        )
    )
    story.append(Spacer(1, 3 * mm))
    header: list[Any] = [Paragraph(label, HEADER) for _, label in ACCOUNT_COLUMNS]
    rows: list[list[Any]] = [header]
    for line in s.lines:
        rows.append([cell(name, getattr(line, name), amount) for name, _ in ACCOUNT_COLUMNS])
    rows.append(total_row(t, amount))
    widths = [
        (19 if name in ACCOUNT_MONEY else ACCOUNT_WIDTHS.get(name, 16)) * mm for name, _ in ACCOUNT_COLUMNS
    ]
    table = Table(rows, colWidths=widths, repeatRows=1)
    first_money = next(i for i, (name, _) in enumerate(ACCOUNT_COLUMNS) if name in ACCOUNT_MONEY)
    table.setStyle(GRID)
    table.setStyle(
        TableStyle([("ALIGN", (0, 1), (first_money - 1, -1), "LEFT"), ("FONTSIZE", (0, 1), (-1, -1), 7)])
    )
    story.append(table)
    story.append(Spacer(1, 3 * mm))
    story.append(
        Paragraph(
            "Em cada linha: repasse + retido do repasse + honorários + encargos − taxa = líquido; líquido + "
            "taxa = valor pago. Retido do repasse: a comissão da agência sobre a parte do credor e, quando "
            "ela não cobre a taxa do portador, a taxa (o repasse nunca passa do valor líquido da parcela). "
            "Encargos de atraso pagos numa parcela ficam com a agência (não entram no repasse). Estorno: o "
            "pagamento com os valores negativos, no dia do estorno (o repasse volta do credor; a taxa do "
            "portador não é devolvida). Estorno parcial: sai da parte da agência, o repasse não muda. "
            "Valores em R$.",
            SMALL,
        )
    )
    doc.build(story)
    return buffer.getvalue()
