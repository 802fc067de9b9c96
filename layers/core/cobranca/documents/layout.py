"""What every cobranca PDF shares (reportlab, A4, pt-BR): the styles, the page, the agency's
letterhead, a QR code and the block that sends the reader to Negocia Online."""

from __future__ import annotations

import io
from decimal import Decimal
from xml.sax.saxutils import escape

from reportlab.lib import colors
from reportlab.lib.pagesizes import A4
from reportlab.lib.styles import ParagraphStyle, getSampleStyleSheet
from reportlab.lib.units import mm
from reportlab.platypus import Flowable, Paragraph, SimpleDocTemplate, Table, TableStyle

from cobranca.domain.company import Collector, reach
from cobranca.domain.money import brl

STYLES = getSampleStyleSheet()
BODY = ParagraphStyle("body", parent=STYLES["BodyText"], fontSize=9.5, leading=13)
SMALL = ParagraphStyle("small", parent=BODY, fontSize=7.5, leading=9.5, textColor=colors.HexColor("#444444"))
TITLE = ParagraphStyle("title", parent=STYLES["Heading2"], fontSize=13)
CODE = ParagraphStyle("code", parent=SMALL, fontName="Courier", wordWrap="CJK")  # breaks anywhere
GRID = TableStyle(
    [
        ("FONTSIZE", (0, 0), (-1, -1), 7.5),
        ("BACKGROUND", (0, 0), (-1, 0), colors.HexColor("#E8EEF4")),
        ("GRID", (0, 0), (-1, -1), 0.25, colors.HexColor("#999999")),
        ("ALIGN", (2, 1), (-1, -1), "RIGHT"),
        ("VALIGN", (0, 0), (-1, -1), "TOP"),
        ("FONTNAME", (0, -1), (-1, -1), "Helvetica-Bold"),
    ]
)


HEADER = ParagraphStyle("header", parent=STYLES["BodyText"], fontSize=7, leading=8.5)
HEAD = ParagraphStyle("head", parent=STYLES["BodyText"], fontSize=7.5, leading=9, fontName="Helvetica-Bold")
CELL = ParagraphStyle("cell", parent=STYLES["BodyText"], fontSize=7.5, leading=9)
CALLOUT = ParagraphStyle("callout", parent=STYLES["BodyText"], fontSize=13, leading=17)
CALLOUT_BOX = TableStyle(
    [
        ("BOX", (0, 0), (-1, -1), 0.8, colors.HexColor("#0B5CAD")),
        ("BACKGROUND", (0, 0), (-1, -1), colors.HexColor("#EEF4FB")),
        ("LEFTPADDING", (0, 0), (-1, -1), 8),
        ("TOPPADDING", (0, 0), (-1, 0), 6),
    ]
)


def amount(value: Decimal) -> str:
    """A table's amount without the currency (the page says R$): "-1.234,50"."""
    return brl(value).replace("R$", "").replace("\xa0", "").strip()


def document(buffer: io.BytesIO, title: str) -> SimpleDocTemplate:
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


def money(value: Decimal) -> str:
    return brl(value).removeprefix("R$ ")


def letterhead(c: Collector) -> str:
    """The collecting agency's identity and channels, at the top of a document."""
    kind = "CNPJ" if "/" in c.document else "CPF"
    return f"<b>{escape(c.name)}</b> — {kind} {c.document}<br/>" + escape(reach(c))


def qr(payload: str, side: float) -> Flowable:
    from reportlab.graphics.barcode.qr import QrCodeWidget
    from reportlab.graphics.shapes import Drawing

    widget = QrCodeWidget(payload, barLevel="M")
    x0, y0, x1, y1 = widget.getBounds()
    drawing = Drawing(side, side, transform=[side / (x1 - x0), 0, 0, side / (y1 - y0), 0, 0])
    drawing.add(widget)
    return drawing


def portal_block(url: str) -> Flowable:
    """Where to negotiate: the portal's link beside its QR code."""
    text = Paragraph(
        f"<b>Negocie e pague online</b>, com desconto à vista ou em parcelas:<br/>{escape(url)}<br/>"
        "Aponte a câmera do celular para o código ao lado.",
        BODY,
    )
    block = Table([[text, qr(url, 28 * mm)]], colWidths=[145 * mm, 35 * mm])
    block.setStyle(TableStyle([("VALIGN", (0, 0), (-1, -1), "MIDDLE")]))
    return block
