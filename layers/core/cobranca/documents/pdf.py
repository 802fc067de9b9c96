"""reportlab renderers: the agreement's termo, the first payment's page and the collection letters,
A4, pt-BR (the demonstrativo and the prestação de contas have modules of their own)."""

from __future__ import annotations

import io
from dataclasses import dataclass
from datetime import date
from typing import Any
from xml.sax.saxutils import escape

from reportlab.lib import colors
from reportlab.lib.pagesizes import A4
from reportlab.lib.units import mm
from reportlab.platypus import Flowable, PageBreak, Paragraph, Spacer

from cobranca.documents.layout import BODY, CODE, TITLE, document, letterhead, portal_block, qr
from cobranca.domain.company import Collector
from cobranca.domain.indices import date_in_words


def render_term(text: str, title: str) -> bytes:
    """The filled term: one paragraph per block of text, payment lines kept as written."""
    buffer = io.BytesIO()
    story: list[Flowable] = []
    for index, block in enumerate(text.strip().split("\n\n")):
        content = escape(block).replace("\n", "<br/>")
        story.append(Paragraph(content, TITLE if index == 0 else BODY))
        story.append(Spacer(1, 3 * mm))
    document(buffer, title).build(story)
    return buffer.getvalue()


def render_payment(heading: str, lines: list[str], pix: str | None) -> bytes:
    """One page with what the debtor pays the first installment with: the PIX QR to scan (with its copia
    e cola beneath), or the boleto's line and link, or the card checkout link."""
    buffer = io.BytesIO()
    story: list[Flowable] = [Paragraph(escape(heading), TITLE)]
    story += [Paragraph(escape(line), BODY) for line in lines]
    if pix:
        story += [Spacer(1, 4 * mm), qr(pix, 55 * mm), Spacer(1, 3 * mm)]
        story.append(Paragraph("<b>PIX copia e cola</b>", BODY))
        story.append(Paragraph(escape(pix), CODE))
    document(buffer, heading).build(story)
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
                letterhead(collector) + (f"<br/>{escape(collector.address)}" if collector.address else ""),
                BODY,
            )
            _, h = head.wrap(width - 30 * mm, 30 * mm)
            head.drawOn(canvas, 15 * mm, height - 12 * mm - h)
            canvas.setStrokeColor(colors.HexColor("#0B5CAD"))
            canvas.line(15 * mm, height - 14 * mm - h, width - 15 * mm, height - 14 * mm - h)
        place = f"{collector.city}, " if collector is not None and collector.city else ""
        canvas.setFont("Helvetica", 9.5)
        canvas.drawRightString(width - 15 * mm, height - 40 * mm, place + date_in_words(letter.on))
        block = Paragraph(escape(letter.address).replace("\n", "<br/>"), BODY)
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
            story += [Paragraph(escape(block).replace("\n", "<br/>"), BODY), Spacer(1, 3 * mm)]
        if letter.link:
            story += [Spacer(1, 3 * mm), portal_block(letter.link)]
        signer = escape(collector.name) if collector is not None else "Departamento de cobrança"
        story += [
            Spacer(1, 8 * mm),
            Paragraph(f"Atenciosamente,<br/><br/><b>{signer}</b><br/>Departamento de cobrança", BODY),
        ]
    doc.build(story)
    return buffer.getvalue()
