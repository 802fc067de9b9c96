"""reportlab renderers: the debt statement, the agreement term, the letters and the creditor's statement of
account, A4, pt-BR."""

from __future__ import annotations

import io
from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from typing import Any
from xml.sax.saxutils import escape

from reportlab.lib import colors
from reportlab.lib.pagesizes import A4, landscape
from reportlab.lib.styles import ParagraphStyle, getSampleStyleSheet
from reportlab.lib.units import mm
from reportlab.platypus import Flowable, PageBreak, Paragraph, SimpleDocTemplate, Spacer, Table, TableStyle

from cobranca.domain.account import COLUMNS as ACCOUNT_COLUMNS
from cobranca.domain.account import MONEY as ACCOUNT_MONEY
from cobranca.domain.account import StatementOfAccount, cell, total_row
from cobranca.domain.company import Collector, reach
from cobranca.domain.debt import date_in_words
from cobranca.domain.money import brl
from cobranca.domain.statement import Statement, StatementLine, StatementTotals

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


_HEADER = ParagraphStyle("header", parent=_STYLES["BodyText"], fontSize=7, leading=8.5)
_HEAD = ParagraphStyle("head", parent=_STYLES["BodyText"], fontSize=7.5, leading=9, fontName="Helvetica-Bold")
_CELL = ParagraphStyle("cell", parent=_STYLES["BodyText"], fontSize=7.5, leading=9)
_CALLOUT = ParagraphStyle("callout", parent=_STYLES["BodyText"], fontSize=13, leading=17)
_CALLOUT_BOX = TableStyle(
    [
        ("BOX", (0, 0), (-1, -1), 0.8, colors.HexColor("#0B5CAD")),
        ("BACKGROUND", (0, 0), (-1, -1), colors.HexColor("#EEF4FB")),
        ("LEFTPADDING", (0, 0), (-1, -1), 8),
        ("TOPPADDING", (0, 0), (-1, 0), 6),
    ]
)
ACCOUNT_WIDTHS = {"movement": 20, "installment": 14, "method": 11, "agreement_number": 17}  # mm; money 19


def _amount(value: Decimal) -> str:
    """A table's amount without the currency (the page says R$): "-1.234,50"."""
    return brl(value).replace("R$", "").replace("\xa0", "").strip()


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


def render_statement(s: Statement, collector: Collector | None = None, portal_url: str = "") -> bytes:
    """Demonstrativo de débito: who collects (letterhead and channels), the creditors (CDC art. 42-A),
    every title by due date with each component in R$, the total owed on the day and until when it
    holds, the rules and indices in words, and where to negotiate (link and QR code)."""
    buffer = io.BytesIO()
    story: list[Flowable] = []
    if collector is not None:
        story.append(Paragraph(_letterhead(collector), _SMALL))
        story.append(Spacer(1, 2 * mm))
    story.append(Paragraph("Demonstrativo de débito", _TITLE))
    for c in s.creditors:
        story.append(
            Paragraph(f"<b>Credor:</b> {escape(c.name)} — {c.document}<br/>{escape(c.address)}", _BODY)
        )
    story += [
        Paragraph(f"<b>Devedor:</b> {escape(s.debtor_name)} — {s.debtor_document}", _BODY),
        Spacer(1, 3 * mm),
    ]
    total = Table(
        [[Paragraph(f"Total devido em {s.date:%d/%m/%Y}: <b>{brl(s.totals.total)}</b>", _CALLOUT)],
         [Paragraph(f"Valores válidos até {s.date:%d/%m/%Y}: juros e correção correm a cada dia.", _SMALL)]],
        colWidths=[177 * mm],
    )  # fmt: skip
    total.setStyle(_CALLOUT_BOX)
    story += [total, Spacer(1, 4 * mm)]
    lines = sorted(s.lines, key=lambda x: (x.due_date, x.number))
    table = _statement_table(lines, s.totals)
    story += [table, Spacer(1, 4 * mm), Paragraph("<b>Regras e índices aplicados</b>", _BODY)]
    for line in lines:
        rules = "; ".join(f"{escape(v)}" for v in line.rules.values())
        story.append(Paragraph(f"{escape(line.number)}: {rules}", _SMALL))
    paid = [(line.number, p) for line in lines for p in line.payments]
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
    if portal_url.startswith("https://") or portal_url.startswith("http://"):
        story += [Spacer(1, 4 * mm), _portal_block(portal_url)]
    _document(buffer, "Demonstrativo de débito").build(story)
    return buffer.getvalue()


def _statement_table(lines: list[StatementLine], t: StatementTotals) -> Table:
    """The demonstrativo's titles by due date (number and description), each component in R$."""
    header = ["Título", "Venc.", "Original", "Dias", "Corrigido", "Multa", "Juros", "Honorários"]
    rows: list[list[Any]] = [[Paragraph(h, _HEAD) for h in [*header, "Total"]]]
    for line in lines:
        name = escape(line.number) + (" (prescrito)" if line.prescribed else "")
        if line.description:
            name += f"<br/><font size=6.5>{escape(line.description)}</font>"
        rows.append(
            [
                Paragraph(name, _CELL),
                f"{line.due_date:%d/%m/%Y}",
                brl(line.original_amount),
                str(line.days_late),
                brl(line.corrected),
                brl(line.fine),
                brl(line.interest),
                brl(line.fees),
                brl(line.total),
            ]
        )
    money = (t.original_amount, t.corrected, t.fine, t.interest, t.fees, t.total)
    rows.append(["Total", "", brl(money[0]), "", *(brl(v) for v in money[1:])])
    table = Table(
        rows,
        repeatRows=1,
        colWidths=[29 * mm, 17 * mm, 20 * mm, 10 * mm, 21 * mm, 18 * mm, 18 * mm, 21 * mm, 23 * mm],
    )
    table.setStyle(_GRID)
    return table


def _letterhead(c: Collector) -> str:
    """The collecting agency's identity and channels, at the top of a document."""
    kind = "CNPJ" if "/" in c.document else "CPF"
    return f"<b>{escape(c.name)}</b> — {kind} {c.document}<br/>" + escape(reach(c))


def _qr(payload: str, side: float) -> Flowable:
    from reportlab.graphics.barcode.qr import QrCodeWidget
    from reportlab.graphics.shapes import Drawing

    widget = QrCodeWidget(payload, barLevel="M")
    x0, y0, x1, y1 = widget.getBounds()
    drawing = Drawing(side, side, transform=[side / (x1 - x0), 0, 0, side / (y1 - y0), 0, 0])
    drawing.add(widget)
    return drawing


def _portal_block(url: str) -> Flowable:
    """Where to negotiate: the portal's link beside its QR code."""
    text = Paragraph(
        f"<b>Negocie e pague online</b>, com desconto à vista ou em parcelas:<br/>{escape(url)}<br/>"
        "Aponte a câmera do celular para o código ao lado.",
        _BODY,
    )
    block = Table([[text, _qr(url, 28 * mm)]], colWidths=[145 * mm, 35 * mm])
    block.setStyle(TableStyle([("VALIGN", (0, 0), (-1, -1), "MIDDLE")]))
    return block


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
    buffer = io.BytesIO()
    story: list[Flowable] = [Paragraph(escape(heading), _TITLE)]
    story += [Paragraph(escape(line), _BODY) for line in lines]
    if pix:
        story += [Spacer(1, 4 * mm), _qr(pix, 55 * mm), Spacer(1, 3 * mm)]
        story.append(Paragraph("<b>PIX copia e cola</b>", _BODY))
        story.append(Paragraph(escape(pix), _CODE))
    _document(buffer, heading).build(story)
    return buffer.getvalue()


@dataclass(frozen=True, slots=True)
class Letter:
    """One collection letter: to whom (the address block), what it says, when, where to negotiate."""

    address: str  # the debtor's name, then the postal address, one line each
    text: str
    on: date
    link: str = ""  # the debtor's personal Negocia Online link (printed and as a QR code)


# A4 folded in three into a window envelope (DL/"envelope janela", window 20 mm from the left edge,
# 45-90 mm from the top): the address block sits there; the text starts below the first fold.
WINDOW_LEFT, WINDOW_TOP, WINDOW_WIDTH, WINDOW_HEIGHT = 20 * mm, 47 * mm, 90 * mm, 38 * mm
TEXT_TOP = 100 * mm
LETTER_FOOTER = (
    "Pague somente pelos documentos e links enviados por este sistema; dúvidas, fale com o atendimento."
)


def render_letters(letters: list[Letter], collector: Collector | None = None) -> bytes:
    """Collection letters for printing, each starting on a new page: the agency's letterhead, place
    and date, the debtor's address in the envelope's window, the text, how to negotiate and pay (link
    and QR code) and the signature."""
    from reportlab.platypus import BaseDocTemplate, Frame, NextPageTemplate, PageTemplate

    buffer = io.BytesIO()
    width, height = A4
    queue = list(letters)

    def first_page(canvas: Any, _doc: Any) -> None:
        letter = queue.pop(0)
        canvas.saveState()
        if collector is not None:
            head = Paragraph(
                _letterhead(collector) + (f"<br/>{escape(collector.address)}" if collector.address else ""),
                _BODY,
            )
            _, h = head.wrap(width - 30 * mm, 30 * mm)
            head.drawOn(canvas, 15 * mm, height - 12 * mm - h)
            canvas.setStrokeColor(colors.HexColor("#0B5CAD"))
            canvas.line(15 * mm, height - 14 * mm - h, width - 15 * mm, height - 14 * mm - h)
        place = f"{collector.city}, " if collector is not None and collector.city else ""
        canvas.setFont("Helvetica", 9.5)
        canvas.drawRightString(width - 15 * mm, height - 40 * mm, place + date_in_words(letter.on))
        block = Paragraph(escape(letter.address).replace("\n", "<br/>"), _BODY)
        block.wrap(WINDOW_WIDTH - 6 * mm, WINDOW_HEIGHT)
        block.drawOn(canvas, WINDOW_LEFT + 3 * mm, height - WINDOW_TOP - 4 * mm - block.height)
        canvas.setFont("Helvetica", 6.5)
        canvas.setFillColor(colors.HexColor("#666666"))
        canvas.drawString(15 * mm, 10 * mm, LETTER_FOOTER)
        canvas.restoreState()

    body = Frame(15 * mm, 15 * mm, width - 30 * mm, height - TEXT_TOP - 15 * mm, id="letter")
    rest = Frame(15 * mm, 15 * mm, width - 30 * mm, height - 30 * mm, id="more")
    doc = BaseDocTemplate(buffer, pagesize=A4, title="Cartas de cobrança", author="cobranca")
    doc.addPageTemplates([PageTemplate("first", [body], onPage=first_page), PageTemplate("more", [rest])])
    story: list[Flowable] = []
    for n, letter in enumerate(letters):
        if n:
            story += [NextPageTemplate("first"), PageBreak()]
        story.append(NextPageTemplate("more"))
        for block in letter.text.strip().split("\n\n"):
            story += [Paragraph(escape(block).replace("\n", "<br/>"), _BODY), Spacer(1, 3 * mm)]
        if letter.link:
            story += [Spacer(1, 3 * mm), _portal_block(letter.link)]
        signer = escape(collector.name) if collector is not None else "Departamento de cobrança"
        story += [
            Spacer(1, 8 * mm),
            Paragraph(f"Atenciosamente,<br/><br/><b>{signer}</b><br/>Departamento de cobrança", _BODY),
        ]
    doc.build(story)
    return buffer.getvalue()


def render_account(s: StatementOfAccount) -> bytes:
    """Prestação de contas: each movement of the creditor's money (payments, refunds) and where it went
    (landscape: fifteen columns)."""
    buffer = io.BytesIO()
    doc = _document(buffer, f"Prestação de contas - {s.creditor_name}")
    doc.pagesize = landscape(A4)
    story: list[Flowable] = [
        Paragraph("Prestação de contas", _TITLE),
        Paragraph(f"<b>Credor:</b> {escape(s.creditor_name)} — {s.creditor_document}", _BODY),
        Paragraph(f"<b>Período:</b> movimentos de {s.date_from:%d/%m/%Y} a {s.date_to:%d/%m/%Y}", _BODY),
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
    header: list[Any] = [Paragraph(label, _HEADER) for _, label in ACCOUNT_COLUMNS]
    rows: list[list[Any]] = [header]
    for line in s.lines:
        rows.append([cell(name, getattr(line, name), _amount) for name, _ in ACCOUNT_COLUMNS])
    rows.append(total_row(t, _amount))
    widths = [
        (19 if name in ACCOUNT_MONEY else ACCOUNT_WIDTHS.get(name, 16)) * mm for name, _ in ACCOUNT_COLUMNS
    ]
    table = Table(rows, colWidths=widths, repeatRows=1)
    first_money = next(i for i, (name, _) in enumerate(ACCOUNT_COLUMNS) if name in ACCOUNT_MONEY)
    table.setStyle(_GRID)
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
            _SMALL,
        )
    )
    doc.build(story)
    return buffer.getvalue()
