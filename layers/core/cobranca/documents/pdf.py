"""reportlab renderers: the debt statement, the agreement term, the letters and the creditor's statement of
account, A4, pt-BR."""

from __future__ import annotations

import io
from datetime import date
from decimal import Decimal
from xml.sax.saxutils import escape

from reportlab.lib import colors
from reportlab.lib.pagesizes import A4, landscape
from reportlab.lib.styles import ParagraphStyle, getSampleStyleSheet
from reportlab.lib.units import mm
from reportlab.platypus import Flowable, PageBreak, Paragraph, SimpleDocTemplate, Spacer, Table, TableStyle

from cobranca.domain.account import COLUMNS as ACCOUNT_COLUMNS
from cobranca.domain.account import MONEY as ACCOUNT_MONEY
from cobranca.domain.account import StatementOfAccount
from cobranca.domain.money import brl
from cobranca.domain.statement import Statement

_STYLES = getSampleStyleSheet()
_BODY = ParagraphStyle("body", parent=_STYLES["BodyText"], fontSize=9.5, leading=13)
_SMALL = ParagraphStyle(
    "small", parent=_BODY, fontSize=7.5, leading=9.5, textColor=colors.HexColor("#444444")
)
_TITLE = ParagraphStyle("title", parent=_STYLES["Heading2"], fontSize=13)
_CODE = ParagraphStyle("code", parent=_SMALL, fontName="Courier", wordWrap="CJK")  # breaks anywhere
_GRID = TableStyle(
    [
        ("FONTSIZE", (0, 0), (-1, -1), 7.5),
        ("BACKGROUND", (0, 0), (-1, 0), colors.HexColor("#E8EEF4")),
        ("GRID", (0, 0), (-1, -1), 0.25, colors.HexColor("#999999")),
        ("ALIGN", (2, 1), (-1, -1), "RIGHT"),
        ("VALIGN", (0, 0), (-1, -1), "TOP"),
        ("FONTNAME", (0, -1), (-1, -1), "Helvetica-Bold"),
    ]
)


def _document(buffer: io.BytesIO, title: str) -> SimpleDocTemplate:
    return SimpleDocTemplate(
        buffer,
        pagesize=A4,
        leftMargin=15 * mm,
        rightMargin=15 * mm,
        topMargin=15 * mm,
        bottomMargin=15 * mm,
        title=title,
        author="cobranca",
    )


def _money(value: Decimal) -> str:
    return brl(value).removeprefix("R$ ")


def render_statement(s: Statement) -> bytes:
    """Demonstrativo de débito: identifies the creditor (CDC art. 42-A) and shows every component."""
    buffer = io.BytesIO()
    story: list[Flowable] = [Paragraph("Demonstrativo de débito", _TITLE)]
    for c in s.creditors:
        story.append(
            Paragraph(f"<b>Credor:</b> {escape(c.name)} — {c.document}<br/>{escape(c.address)}", _BODY)
        )
    story += [
        Paragraph(f"<b>Devedor:</b> {escape(s.debtor_name)} — {s.debtor_document}", _BODY),
        Paragraph(f"<b>Data do cálculo:</b> {s.date:%d/%m/%Y}", _BODY),
        Spacer(1, 4 * mm),
    ]
    rows = [
        ["Título", "Vencimento", "Original", "Dias", "Corrigido", "Multa", "Juros", "Honorários", "Total"]
    ]
    for line in s.lines:
        rows.append(
            [
                f"{line.number} (prescrito)" if line.prescribed else line.number,
                f"{line.due_date:%d/%m/%Y}",
                _money(line.original_amount),
                str(line.days_late),
                _money(line.corrected),
                _money(line.fine),
                _money(line.interest),
                _money(line.fees),
                _money(line.total),
            ]
        )
    t = s.totals
    rows.append(
        [
            "Total",
            "",
            _money(t.original_amount),
            "",
            _money(t.corrected),
            _money(t.fine),
            _money(t.interest),
            _money(t.fees),
            _money(t.total),
        ]
    )
    table = Table(
        rows,
        repeatRows=1,
        colWidths=[32 * mm, 18 * mm, 20 * mm, 10 * mm, 20 * mm, 17 * mm, 17 * mm, 20 * mm, 22 * mm],
    )
    table.setStyle(_GRID)
    story += [table, Spacer(1, 4 * mm), Paragraph("<b>Regras e índices aplicados</b>", _BODY)]
    for line in s.lines:
        rules = "; ".join(f"{escape(v)}" for v in line.rules.values())
        story.append(Paragraph(f"{escape(line.number)}: {rules}", _SMALL))
    paid = [(line.number, p) for line in s.lines for p in line.payments]
    if paid:
        story.append(
            Paragraph("<b>Pagamentos abatidos</b> (CC art. 354: juros e multa, depois o principal)", _BODY)
        )
        for number, p in paid:
            story.append(
                Paragraph(f"{escape(number)}: {brl(p.amount)} pagos em {p.paid_on:%d/%m/%Y}", _SMALL)
            )
    for warning in s.warnings:
        story.append(Paragraph(f"<b>Atenção:</b> {escape(warning)}", _SMALL))
    if any(line.prescribed for line in s.lines):
        story.append(
            Paragraph(
                "Títulos marcados como prescritos venceram há mais de 5 anos (Código Civil, art. 206, "
                "§5º, I) e não podem ser cobrados extrajudicialmente.",
                _SMALL,
            )
        )
    story.append(Spacer(1, 3 * mm))
    story.append(
        Paragraph(
            "Valores atualizados até a data do cálculo. Correção monetária pelo índice indicado, do mês "
            "de vencimento até o mês anterior ao do cálculo; juros simples pro rata die; arredondamento "
            "a cada etapa.",
            _SMALL,
        )
    )
    _document(buffer, "Demonstrativo de débito").build(story)
    return buffer.getvalue()


def render_term(text: str, title: str) -> bytes:
    """The filled term: one paragraph per block of text, payment lines kept as written."""
    buffer = io.BytesIO()
    story: list[Flowable] = []
    for index, block in enumerate(text.strip().split("\n\n")):
        content = escape(block).replace("\n", "<br/>")
        story.append(Paragraph(content, _TITLE if index == 0 else _BODY))
        story.append(Spacer(1, 3 * mm))
    _document(buffer, title).build(story)
    return buffer.getvalue()


def render_payment(heading: str, lines: list[str], pix: str | None) -> bytes:
    """One page with what the debtor pays the first installment with: the PIX QR to scan (with its copia
    e cola beneath), or the boleto's line and link, or the card checkout link."""
    from reportlab.graphics.barcode.qr import QrCodeWidget
    from reportlab.graphics.shapes import Drawing

    buffer = io.BytesIO()
    story: list[Flowable] = [Paragraph(escape(heading), _TITLE)]
    story += [Paragraph(escape(line), _BODY) for line in lines]
    if pix:
        widget = QrCodeWidget(pix, barLevel="M")
        x0, y0, x1, y1 = widget.getBounds()
        side = 55 * mm
        drawing = Drawing(side, side, transform=[side / (x1 - x0), 0, 0, side / (y1 - y0), 0, 0])
        drawing.add(widget)
        story += [Spacer(1, 4 * mm), drawing, Spacer(1, 3 * mm)]
        story.append(Paragraph("<b>PIX copia e cola</b>", _BODY))
        story.append(Paragraph(escape(pix), _CODE))
    _document(buffer, heading).build(story)
    return buffer.getvalue()


def render_letters(letters: list[tuple[str, str]]) -> bytes:
    """Collection letters for printing: one page each, the address block first, then the text."""
    buffer = io.BytesIO()
    story: list[Flowable] = []
    for n, (address, text) in enumerate(letters):
        if n:
            story.append(PageBreak())
        story += [Paragraph(escape(address).replace("\n", "<br/>"), _BODY), Spacer(1, 15 * mm)]
        for block in text.strip().split("\n\n"):
            story += [Paragraph(escape(block).replace("\n", "<br/>"), _BODY), Spacer(1, 3 * mm)]
    _document(buffer, "Cartas de cobrança").build(story)
    return buffer.getvalue()


def render_account(s: StatementOfAccount) -> bytes:
    """Prestação de contas: each payment received for the creditor and where its money went (landscape:
    thirteen columns)."""
    buffer = io.BytesIO()
    doc = _document(buffer, f"Prestação de contas - {s.creditor_name}")
    doc.pagesize = landscape(A4)
    story: list[Flowable] = [
        Paragraph("Prestação de contas", _TITLE),
        Paragraph(f"<b>Credor:</b> {escape(s.creditor_name)} — {s.creditor_document}", _BODY),
        Paragraph(f"<b>Período:</b> pagamentos de {s.date_from:%d/%m/%Y} a {s.date_to:%d/%m/%Y}", _BODY),
        Spacer(1, 3 * mm),
    ]
    t = s.totals
    story.append(
        Paragraph(
            f"Recebido <b>{brl(t.paid)}</b> · taxas do portador {brl(t.fee)} · líquido {brl(t.net)} · "
            f"<b>repasse ao credor {brl(t.split)}</b> · retido pela agência {brl(t.agency)} "
            f"(retido do repasse {brl(t.commission)}, honorários {brl(t.fees)}, encargos "
            f"{brl(t.late_charges)}, menos as taxas)",
            _BODY,
        )
    )
    story.append(Spacer(1, 3 * mm))
    rows: list[list[str]] = [[label for _, label in ACCOUNT_COLUMNS]]
    for line in s.lines:
        rows.append([_cell(name, getattr(line, name)) for name, _ in ACCOUNT_COLUMNS])
    rows.append(["Total", "", "", "", ""] + [_money(getattr(t, n)) for n, _ in ACCOUNT_COLUMNS[5:]])
    table = Table(rows, repeatRows=1)
    table.setStyle(_GRID)
    story.append(table)
    story.append(Spacer(1, 3 * mm))
    story.append(
        Paragraph(
            "Em cada linha: repasse + retido do repasse + honorários + encargos − taxa = líquido; líquido + "
            "taxa = valor pago. Retido do repasse: a comissão da agência sobre a parte do credor e, quando "
            "ela não cobre a taxa do portador, a taxa (o repasse nunca passa do valor líquido da parcela). "
            "Encargos de atraso pagos numa parcela ficam com a agência (não entram no repasse).",
            _SMALL,
        )
    )
    doc.build(story)
    return buffer.getvalue()


def _cell(name: str, value: object) -> str:
    if value is None:
        return ""
    if name in ACCOUNT_MONEY and isinstance(value, Decimal):
        return _money(value)
    if isinstance(value, date):
        return f"{value:%d/%m/%Y}"
    return str(value)
