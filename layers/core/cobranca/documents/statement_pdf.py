"""The demonstrativo de débito as a PDF (F11): who collects, the creditors, each title with each
component, the agreements in progress and their balance, the rules, and where to negotiate."""

from __future__ import annotations

import io
from decimal import Decimal
from typing import Any
from xml.sax.saxutils import escape

from reportlab.lib.units import mm
from reportlab.platypus import Flowable, Paragraph, Spacer, Table, TableStyle

from cobranca.documents.layout import (
    BODY,
    CALLOUT,
    CALLOUT_BOX,
    CELL,
    GRID,
    HEAD,
    SMALL,
    TITLE,
    document,
    letterhead,
    portal_block,
)
from cobranca.domain.company import Collector
from cobranca.domain.money import brl
from cobranca.domain.statement import AgreementBalance, Statement, StatementLine, StatementTotals


def render_statement(s: Statement, collector: Collector | None = None, portal_url: str = "") -> bytes:
    """Demonstrativo de débito: who collects (letterhead and channels), the creditors (CDC art. 42-A),
    every title by due date with each component in R$, the total owed on the day and until when it
    holds, the rules and indices in words, and where to negotiate (link and QR code)."""
    buffer = io.BytesIO()
    story: list[Flowable] = []
    if collector is not None:
        story.append(Paragraph(letterhead(collector), SMALL))
        story.append(Spacer(1, 2 * mm))
    story.append(Paragraph("Demonstrativo de débito", TITLE))
    for c in s.creditors:
        story.append(
            Paragraph(f"<b>Credor:</b> {escape(c.name)} — {c.document}<br/>{escape(c.address)}", BODY)
        )
    story += [
        Paragraph(f"<b>Devedor:</b> {escape(s.debtor_name)} — {s.debtor_document}", BODY),
        Spacer(1, 3 * mm),
    ]
    story += [_callout(s), Spacer(1, 4 * mm)]
    lines = sorted(s.lines, key=lambda x: (x.due_date, x.number))
    if lines:
        story += [_statement_table(lines, s.totals), Spacer(1, 4 * mm)]
    else:
        story += [Paragraph("Nenhum título em aberto fora de acordo.", BODY), Spacer(1, 2 * mm)]
    if s.agreements:
        story += [Paragraph("<b>Acordos em andamento</b>", BODY), _agreements_table(s.agreements)]
        story += [Spacer(1, 4 * mm)]
    story += _rules_and_payments(lines)
    for warning in s.warnings:
        story.append(Paragraph(f"<b>Atenção:</b> {escape(warning)}", SMALL))
    if any(line.prescribed for line in s.lines):
        story.append(
            Paragraph(
                "Títulos marcados como prescritos venceram há mais de 5 anos (Código Civil, art. 206, "
                "§5º, I) e não podem ser cobrados extrajudicialmente.",
                SMALL,
            )
        )
    story.append(Spacer(1, 3 * mm))
    story.append(
        Paragraph(
            ""
            if not lines
            else "Valores atualizados até a data do cálculo. Correção monetária pelo índice indicado, do mês "
            "de vencimento até o mês anterior ao do cálculo; juros simples pro rata die; arredondamento "
            "a cada etapa.",
            SMALL,
        )
    )
    if portal_url.startswith("https://") or portal_url.startswith("http://"):
        story += [Spacer(1, 4 * mm), portal_block(portal_url)]
    document(buffer, "Demonstrativo de débito").build(story)
    return buffer.getvalue()


def _rules_and_payments(lines: list[StatementLine]) -> list[Flowable]:
    """The rules and indices behind each title, and the payments imputed to them (CC art. 354)."""
    story: list[Flowable] = []
    if lines:
        story.append(Paragraph("<b>Regras e índices aplicados</b>", BODY))
    for line in lines:
        rules = "; ".join(f"{escape(v)}" for v in line.rules.values())
        story.append(Paragraph(f"{escape(line.number)}: {rules}", SMALL))
    paid = [(line.number, p) for line in lines for p in line.payments]
    if paid:
        story.append(
            Paragraph("<b>Pagamentos abatidos</b> (CC art. 354: juros e multa, depois o principal)", BODY)
        )
    for number, p in paid:
        story.append(Paragraph(f"{escape(number)}: {brl(p.amount)} pagos em {p.paid_on:%d/%m/%Y}", SMALL))
    return story


def _callout(s: Statement) -> Table:
    """The figure the debtor looks for: the total owed on the day, and what is left of the agreements
    (or only that, when every title is in one)."""
    in_agreements = sum((a.balance for a in s.agreements), Decimal("0.00"))
    rows: list[list[Any]] = []
    if s.lines or not s.agreements:
        rows.append([Paragraph(f"Total devido em {s.date:%d/%m/%Y}: <b>{brl(s.totals.total)}</b>", CALLOUT)])
        rows.append(
            [Paragraph(f"Valores válidos até {s.date:%d/%m/%Y}: juros e correção correm a cada dia.", SMALL)]
        )
    if s.agreements:
        label = "Saldo dos acordos" if len(s.agreements) > 1 else "Saldo do acordo"
        text = f"{label} em {s.date:%d/%m/%Y}: <b>{brl(in_agreements)}</b>"
        rows.append([Paragraph(text, CALLOUT if not s.lines else BODY)])
        rows.append([Paragraph("Parcelas pagas em dia não têm acréscimos: veja a próxima abaixo.", SMALL)])
    box = Table(rows, colWidths=[177 * mm])
    box.setStyle(CALLOUT_BOX)
    return box


def _agreements_table(agreements: list[AgreementBalance]) -> Table:
    """Each agreement in progress: its number and creditor, what was agreed, paid and is left, and the
    next installment (late ones say so)."""
    header = ["Acordo", "Credor", "Total", "Pago", "Saldo", "Parcelas pagas", "Próxima parcela"]
    rows: list[list[Any]] = [[Paragraph(h, HEAD) for h in header]]
    for a in agreements:
        following = "—"
        if a.next_due is not None and a.next_amount is not None:
            part = "Entrada" if a.next_number == 0 else f"Parcela {a.next_number}"
            late = " (vencida)" if a.late else ""
            following = f"{part}: {brl(a.next_amount)} em {a.next_due:%d/%m/%Y}{late}"
        rows.append(
            [
                a.number,
                Paragraph(escape(a.creditor_name), CELL),
                brl(a.total),
                brl(a.paid),
                brl(a.balance),
                f"{a.paid_count} de {a.installments}",
                Paragraph(following, CELL),
            ]
        )
    widths = [22 * mm, 36 * mm, 22 * mm, 22 * mm, 22 * mm, 17 * mm, 36 * mm]
    table = Table(rows, repeatRows=1, colWidths=widths)
    table.setStyle(GRID)
    table.setStyle(TableStyle([("FONTNAME", (0, -1), (-1, -1), "Helvetica")]))  # no totals row here
    return table


def _statement_table(lines: list[StatementLine], t: StatementTotals) -> Table:
    """The demonstrativo's titles by due date (number and description), each component in R$."""
    header = ["Título", "Venc.", "Original", "Dias", "Corrigido", "Multa", "Juros", "Honorários"]
    rows: list[list[Any]] = [[Paragraph(h, HEAD) for h in [*header, "Total"]]]
    for line in lines:
        name = escape(line.number) + (" (prescrito)" if line.prescribed else "")
        if line.description:
            name += f"<br/><font size=6.5>{escape(line.description)}</font>"
        rows.append(
            [
                Paragraph(name, CELL),
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
    table.setStyle(GRID)
    return table
