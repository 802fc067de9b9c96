"""E-mail through SES (the 'platform server' of F42): raw MIME, so PDFs go as attachments."""

from __future__ import annotations

from email.message import EmailMessage
from email.utils import formatdate
from typing import Any


class SesMailer:
    def __init__(self, client: Any, sender: str) -> None:
        self.client = client
        self.sender = sender

    def send(self, to: str, subject: str, text: str, attachments: list[tuple[str, bytes, str]]) -> str:
        message = EmailMessage()
        message["From"], message["To"], message["Subject"] = self.sender, to, subject
        message["Date"] = formatdate(usegmt=True)
        message.set_content(text, charset="utf-8", cte="quoted-printable")  # 7-bit safe accents
        for filename, content, mime in attachments:
            maintype, _, subtype = mime.partition("/")
            message.add_attachment(content, maintype=maintype, subtype=subtype, filename=filename)
        response = self.client.send_raw_email(
            Source=self.sender, Destinations=[to], RawMessage={"Data": message.as_bytes()}
        )
        return str(response["MessageId"])
