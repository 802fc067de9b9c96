"""Termo PDF: ms per document with reportlab (what cobranca uses) vs an HTML->PDF engine (WeasyPrint)
on the same filled template. WeasyPrint comes from the optional `bench` extra."""

from __future__ import annotations

import statistics
import time
from collections.abc import Callable
from datetime import date, timedelta
from decimal import Decimal
from html import escape

from cobranca.documents.pdf import render_term
from cobranca.domain.money import amount_in_words, brl
from cobranca.domain.templating import fill
from cobranca.domain.term import DEFAULT_TEMPLATE


def filled_term() -> str:
    payments = [(0, date(2026, 12, 1), Decimal("233.71"))] + [
        (n, date(2026, 12, 1) + timedelta(days=30 * n), Decimal("324.16")) for n in range(1, 13)
    ]
    total = sum((p[2] for p in payments), Decimal(0))
    lines = [
        f"{'Entrada' if n == 0 else f'Parcela {n}/12'}: vencimento {d:%d/%m/%Y}, {brl(v)}"
        for n, d, v in payments
    ]
    return fill(
        DEFAULT_TEMPLATE,
        {
            "#NOME_DEVEDOR#": "José da Silva Santos",
            "#DOCUMENTO#": "529.982.247-25",
            "#CREDOR#": "Acme Educação Ltda (CPF/CNPJ 11.222.333/0001-81)",
            "#VALOR_TOTAL#": brl(total),
            "#VALOR_EXTENSO#": amount_in_words(total),
            "#PARCELAS#": "\n".join(lines),
            "#NOME_USUARIO#": "operador@demo.local",
            "#DATA#": "22/11/2026",
            "#NUMERO_ACORDO#": "A-000123",
        },
    )


def as_html(text: str) -> str:
    blocks = text.strip().split("\n\n")
    body = f"<h2>{escape(blocks[0])}</h2>" + "".join(
        f"<p>{escape(b).replace(chr(10), '<br/>')}</p>" for b in blocks[1:]
    )
    style = (
        "@page{size:A4;margin:15mm}"
        "body{font-family:Helvetica,Arial,sans-serif;font-size:9.5pt;line-height:13pt}"
    )
    head = f"<head><meta charset='utf-8'><style>{style}</style></head>"
    return f"<!doctype html><html>{head}<body>{body}</body></html>"


def timed(fn: Callable[[], object], runs: int) -> float:
    fn()  # warm-up (fonts, caches)
    samples = []
    for _ in range(runs):
        start = time.perf_counter()
        fn()
        samples.append((time.perf_counter() - start) * 1000)
    return statistics.median(samples)


def main() -> None:
    text = filled_term()
    ours = timed(lambda: render_term(text, "Termo de acordo A-000123"), 200)
    print(f"termo PDF (13 payments), reportlab: {ours:.2f} ms per document (median of 200)")
    try:
        import weasyprint
    except ImportError:
        print("  WeasyPrint not installed: pip install -e '.[bench]' to compare")
        return
    html = as_html(text)
    theirs = timed(lambda: weasyprint.HTML(string=html).write_pdf(), 30)
    print(f"same content, WeasyPrint {weasyprint.__version__}: {theirs:.2f} ms per document (median of 30)")
    print(f"  reportlab is {theirs / ours:.1f}x faster   (target >= 10x)")


if __name__ == "__main__":
    main()
