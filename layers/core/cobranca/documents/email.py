"""A collection e-mail as it goes out: a plain-text part and a responsive HTML part with the same words,
the collecting agency's signature and contact line, links instead of attachments, and the link that
stops e-mails ("não quero mais receber e-mails"). Inline styles only: mail clients drop <style> blocks
and never run scripts."""

from __future__ import annotations

import re
from dataclasses import dataclass
from html import escape

from cobranca.domain.company import Collector, reach

OPT_OUT_TEXT = "Não quero mais receber e-mails"
_URL = re.compile(r"https?://[^\s<>\"')]+")


@dataclass(frozen=True, slots=True)
class Email:
    text: str
    html: str
    opt_out_url: str = ""  # also the List-Unsubscribe header


def contact_line(c: Collector) -> str:
    ways = reach(c)
    return f"Atendimento: {ways}" if ways else ""


def _linked(line: str) -> str:
    """A line of text as HTML, its addresses made links."""
    out, last = [], 0
    for m in _URL.finditer(line):
        url = m.group(0).rstrip(".,;:")
        out.append(escape(line[last : m.start()]))
        out.append(f'<a href="{escape(url)}" style="color:#0b5cad">{escape(url)}</a>')
        last = m.start() + len(url)
    out.append(escape(line[last:]))
    return "".join(out)


def _paragraphs(text: str) -> str:
    blocks = [b for b in re.split(r"\n\s*\n", text.strip()) if b.strip()]
    return "".join(
        '<p style="margin:0 0 14px">' + "<br>".join(_linked(line) for line in b.splitlines()) + "</p>"
        for b in blocks
    )


def compose(text: str, collector: Collector | None, opt_out_url: str = "") -> Email:
    """The message's `text` (a filled template) with the signature, the contact line and the opt-out."""
    signature = [collector.name, f"CNPJ {collector.document}"] if collector else []
    contact = contact_line(collector) if collector else ""
    plain = text.rstrip() + "\n\n--\n" + "\n".join([*signature, contact] if contact else signature)
    if opt_out_url:
        plain += f"\n\n{OPT_OUT_TEXT}: {opt_out_url}"
    footer = "".join(
        f'<p style="margin:0 0 4px;color:#5b6573;font-size:13px">{_linked(line)}</p>'
        for line in [*signature, contact]
        if line
    )
    opt_out = (
        f'<p style="margin:16px 0 0;font-size:12px;color:#5b6573"><a href="{escape(opt_out_url)}" '
        f'style="color:#5b6573">{OPT_OUT_TEXT}</a> '
        "(você continua podendo ser contatado por outros canais)</p>"
        if opt_out_url
        else ""
    )
    html = (
        '<!doctype html><html lang="pt-BR"><head><meta charset="utf-8">'
        '<meta name="viewport" content="width=device-width,initial-scale=1"></head>'
        '<body style="margin:0;padding:0;background:#f4f6f9">'
        '<table role="presentation" width="100%" cellpadding="0" cellspacing="0" style="background:#f4f6f9">'
        '<tr><td align="center" style="padding:16px 8px">'
        '<table role="presentation" width="100%" cellpadding="0" cellspacing="0" '
        'style="max-width:600px;background:#ffffff;border-radius:8px">'
        '<tr><td style="padding:24px;font-family:Arial,Helvetica,sans-serif;font-size:16px;'
        f'line-height:1.5;color:#1b1f24">{_paragraphs(text)}'
        f'<div style="border-top:1px solid #dde2e8;margin-top:20px;padding-top:12px">{footer}</div>'
        f"{opt_out}</td></tr></table></td></tr></table></body></html>"
    )
    return Email(plain, html, opt_out_url)
