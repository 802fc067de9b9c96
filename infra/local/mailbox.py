"""The local stack's mailbox: every e-mail sent through (moto's) SES, readable at /local/mailbox."""

from __future__ import annotations

import email
from email import policy
from email.utils import parsedate_to_datetime
from html import escape
from typing import Any

from moto.core import DEFAULT_ACCOUNT_ID
from moto.ses.models import ses_backends


def _messages(region: str) -> list[Any]:
    return list(ses_backends[DEFAULT_ACCOUNT_ID][region].sent_messages)


def messages(region: str) -> list[dict[str, Any]]:
    """[{to, subject, text, html, attachments, sent_at}], newest first."""
    out = []
    for index, sent in enumerate(_messages(region)):
        raw = getattr(sent, "raw_data", None)
        if raw is None:  # a simple (non-raw) message
            out.append(
                {
                    "id": index,
                    "to": list(sent.destinations.get("ToAddresses", [])),
                    "subject": sent.subject,
                    "text": sent.body,
                    "html": "",
                    "attachments": [],
                    "sent_at": None,
                }
            )
            continue
        parsed = email.message_from_string(raw, policy=policy.default)
        text_part = parsed.get_body(("plain",))
        html_part = parsed.get_body(("html",))
        out.append(
            {
                "id": index,
                "to": [a.strip() for a in str(parsed.get("To", "")).split(",") if a.strip()],
                "subject": str(parsed.get("Subject", "")),
                "text": text_part.get_content() if text_part else "",
                "html": html_part.get_content() if html_part else "",
                "attachments": [
                    {
                        "filename": part.get_filename(),
                        "content_type": part.get_content_type(),
                        "size": len(part.get_payload(decode=True) or b""),
                        "url": f"/local/mailbox/{index}/{part.get_filename()}",
                    }
                    for part in parsed.iter_attachments()
                ],
                "sent_at": parsedate_to_datetime(parsed["Date"]).isoformat() if parsed.get("Date") else None,
            }
        )
    return list(reversed(out))


def attachment(region: str, index: int, filename: str) -> tuple[bytes, str] | None:
    sent = _messages(region)
    if not 0 <= index < len(sent) or getattr(sent[index], "raw_data", None) is None:
        return None
    parsed = email.message_from_string(sent[index].raw_data, policy=policy.default)
    for part in parsed.iter_attachments():
        if part.get_filename() == filename:
            payload = part.get_payload(decode=True)
            return (payload if isinstance(payload, bytes) else b""), part.get_content_type()
    return None


def html_page(region: str) -> str:
    rows = []
    for m in messages(region):
        files = " ".join(
            f'<a href="{escape(a["url"])}">{escape(a["filename"])}</a>' for a in m["attachments"]
        )
        rows.append(
            f"<article><h3>{escape(m['subject'])}</h3><p><b>Para:</b> {escape(', '.join(m['to']))} · "
            f"<small>{escape(m['sent_at'] or '')}</small></p><pre>{escape(m['text'])}</pre><p>{files}</p></article>"
        )
    body = "".join(rows) or "<p>Nenhum e-mail enviado ainda.</p>"
    return (
        "<!doctype html><html lang='pt-BR'><meta charset='utf-8'><title>Caixa de saída (local)</title>"
        "<style>body{font-family:system-ui;max-width:48rem;margin:2rem auto;padding:0 1rem}"
        "article{border-bottom:1px solid #ddd;padding:.5rem 0}pre{white-space:pre-wrap}</style>"
        f"<h1>E-mails enviados (stack local)</h1>{body}</html>"
    )
