"""The prestação de contas as a PDF: each movement of a creditor's money and where it went."""

from __future__ import annotations

import io
from typing import Any
from xml.sax.saxutils import escape

from reportlab.lib.pagesizes import A4, landscape
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.platypus import Flowable, Paragraph, Spacer, Table, TableStyle

from cobranca.documents.layout import BODY, CELL, GRID, HEADER, SMALL, TITLE, amount, document, letterhead
from cobranca.domain.account import COLUMNS as ACCOUNT_COLUMNS
from cobranca.domain.account import MONEY as ACCOUNT_MONEY
from cobranca.domain.account import StatementOfAccount, cell, total_row
from cobranca.domain.company import Collector
from cobranca.domain.money import brl

# mm, on a landscape A4's 267 mm; each money column 15.5 mm
ACCOUNT_WIDTHS = {
    "on": 15,
    "movement": 17,
    "agreement_number": 16,
    "debtor": 28,
    "titles": 16,
    "installment": 11,
    "paid_on": 15,
    "available_on": 15,
    "method": 10,
}
WRAPPED = {"debtor", "titles", "movement"}  # long text: wrapped in its cell
LINE = ParagraphStyle("account-line", parent=CELL, fontSize=6.5, leading=8)


def render_account(s: StatementOfAccount, collector: Collector | None = None) -> bytes:
    """Prestação de contas under the agency's letterhead: each movement of the creditor's money
    (payments, refunds), whose it was (debtor, titles, agreement) and where it went (landscape)."""
    buffer = io.BytesIO()
    doc = document(buffer, f"Prestação de contas - {s.creditor_name}")
    doc.pagesize = landscape(A4)
    story: list[Flowable] = []
    if collector is not None:
        story += [Paragraph(letterhead(collector), SMALL), Spacer(1, 2 * mm)]
    story += [
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
        values = ((name, cell(name, getattr(line, name), amount)) for name, _ in ACCOUNT_COLUMNS)
        rows.append([Paragraph(escape(v), LINE) if name in WRAPPED else v for name, v in values])
    rows.append(total_row(t, amount))
    widths = [
        (15.5 if name in ACCOUNT_MONEY else ACCOUNT_WIDTHS.get(name, 15)) * mm for name, _ in ACCOUNT_COLUMNS
    ]
    table = Table(rows, colWidths=widths, repeatRows=1)
    first_money = next(i for i, (name, _) in enumerate(ACCOUNT_COLUMNS) if name in ACCOUNT_MONEY)
    table.setStyle(GRID)
    table.setStyle(
        TableStyle(
            [
                ("ALIGN", (0, 1), (first_money - 1, -1), "LEFT"),
                ("FONTSIZE", (0, 1), (-1, -1), 6.5),
                ("LEFTPADDING", (0, 0), (-1, -1), 3),
                ("RIGHTPADDING", (0, 0), (-1, -1), 3),
            ]
        )
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
