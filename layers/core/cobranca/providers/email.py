"""E-mail through SES (the 'platform server' of F42): raw MIME, so PDFs go as attachments."""

from __future__ import annotations

import smtplib
import ssl
from email.message import EmailMessage
from email.utils import formataddr, formatdate, make_msgid
from typing import Any

from botocore.exceptions import ClientError

from cobranca.domain.messaging import (
    DeliveryFailed,
    EmailMode,
    EmailSettings,
    SmtpSecurity,
    SmtpSettings,
    smtp_secret_name,
)


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


class TenantEmail:
    """A tenant's collection e-mail (F42): SES with its address as sender, or its own SMTP server."""

    def __init__(self, ses_client: Any, platform_sender: str, secrets: Any, timeout: float = 20.0) -> None:
        self.ses = ses_client
        self.platform_sender = platform_sender
        self.secrets = secrets
        self.timeout = timeout

    def send_email(self, tenant: str, settings: EmailSettings, to: str, subject: str, text: str) -> str:
        sender = formataddr((settings.from_name, settings.from_address or self.platform_sender))
        if settings.mode is EmailMode.SMTP and settings.smtp is not None:
            return self._smtp(tenant, settings.smtp, sender, to, subject, text)
        try:
            return SesMailer(self.ses, sender).send(to, subject, text, [])
        except ClientError as exc:
            code = exc.response.get("Error", {}).get("Code", "")
            if code in ("Throttling", "ServiceUnavailable", "InternalFailure"):
                raise DeliveryFailed(f"SES {code}", permanent=False) from exc
            # MessageRejected (sender not verified, …) is ours to fix, not the debtor's address
            raise DeliveryFailed(f"SES {code}", permanent=True, bad_destination=False) from exc

    def _smtp(self, tenant: str, smtp: SmtpSettings, sender: str, to: str, subject: str, text: str) -> str:
        message = EmailMessage()
        message["From"], message["To"], message["Subject"] = sender, to, subject
        message["Date"] = formatdate(usegmt=True)
        message["Message-ID"] = make_msgid(domain=sender.rpartition("@")[2].rstrip(">") or None)
        message.set_content(text, charset="utf-8", cte="quoted-printable")
        password = self.secrets.get(smtp_secret_name(tenant)) if smtp.password_set else None
        use_ssl = smtp.security is SmtpSecurity.SSL or (
            smtp.security is SmtpSecurity.AUTO and smtp.port == 465
        )
        try:
            client_class = smtplib.SMTP_SSL if use_ssl else smtplib.SMTP
            with client_class(smtp.host, smtp.port, timeout=self.timeout) as client:
                client.ehlo()
                if not use_ssl and (smtp.security is SmtpSecurity.STARTTLS or client.has_extn("starttls")):
                    client.starttls(context=ssl.create_default_context())
                    client.ehlo()
                if smtp.user and password:
                    client.login(smtp.user, password)
                client.send_message(message)
        except smtplib.SMTPRecipientsRefused as exc:
            raise DeliveryFailed(f"SMTP recusou o destinatário: {exc.recipients}", permanent=True) from exc
        except smtplib.SMTPResponseException as exc:
            permanent = 500 <= exc.smtp_code < 600
            reason = f"SMTP {exc.smtp_code}: {exc.smtp_error!r}"[:300]
            raise DeliveryFailed(reason, permanent=permanent, bad_destination=False) from exc
        except (OSError, smtplib.SMTPException) as exc:
            raise DeliveryFailed(f"SMTP indisponível: {type(exc).__name__}", permanent=False) from exc
        return str(message["Message-ID"])
