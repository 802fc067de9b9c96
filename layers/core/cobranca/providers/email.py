"""E-mail through SES (the 'platform server' of F42): raw MIME, so PDFs go as attachments."""

from __future__ import annotations

import smtplib
import socket
import ssl
from collections.abc import Callable
from email.message import EmailMessage
from email.utils import formataddr, formatdate, make_msgid
from typing import Any

from botocore.exceptions import ClientError

from cobranca import secret_names
from cobranca.domain.company import MAIL_FROM_LABEL
from cobranca.domain.messages import DeliveryFailed
from cobranca.domain.sending import EmailMode, EmailSettings, SmtpSecurity, SmtpSettings, public_address


def mime(
    sender: str, to: str, subject: str, text: str, html: str = "", unsubscribe: str = ""
) -> EmailMessage:
    """The message: plain text, with `html` as its alternative; a List-Unsubscribe URL that mail
    clients offer as one click (RFC 8058: they POST 'List-Unsubscribe=One-Click' to it)."""
    message = EmailMessage()
    message["From"], message["To"], message["Subject"] = sender, to, subject
    message["Date"] = formatdate(usegmt=True)
    message["Message-ID"] = make_msgid(domain=sender.rpartition("@")[2].rstrip(">") or None)
    if unsubscribe:
        message["List-Unsubscribe"] = f"<{unsubscribe}>"
        message["List-Unsubscribe-Post"] = "List-Unsubscribe=One-Click"
    message.set_content(text, charset="utf-8", cte="quoted-printable")  # 7-bit safe accents
    if html:
        message.add_alternative(html, subtype="html", charset="utf-8", cte="quoted-printable")
    return message


class SesMailer:
    def __init__(self, client: Any, sender: str) -> None:
        self.client = client
        self.sender = sender

    def send(
        self, to: str, subject: str, text: str, attachments: list[tuple[str, bytes, str]], html: str = ""
    ) -> str:
        message = mime(self.sender, to, subject, text, html)
        for filename, content, kind in attachments:
            maintype, _, subtype = kind.partition("/")
            message.add_attachment(content, maintype=maintype, subtype=subtype, filename=filename)
        return self.send_message(to, message)

    def send_message(self, to: str, message: EmailMessage) -> str:
        response = self.client.send_raw_email(
            Source=self.sender, Destinations=[to], RawMessage={"Data": message.as_bytes()}
        )
        return str(response["MessageId"])


def resolves_to_public(host: str, port: int) -> bool:
    """Every address the host resolves to is public (checked right before connecting)."""
    try:
        infos = socket.getaddrinfo(host, port, type=socket.SOCK_STREAM)
    except OSError:
        return False
    return bool(infos) and all(public_address(str(info[4][0])) for info in infos)


class SesIdentities:
    """SES's verified identities: an address is usable as From when it, or its domain, is verified."""

    def __init__(self, client: Any) -> None:
        self.client = client
        self.region = str(client.meta.region_name)

    def register_domain(self, domain: str) -> tuple[str, list[str]]:
        """Starts SES's verification of `domain` with Easy DKIM and a MAIL FROM subdomain; returns the
        TXT verification token and the DKIM tokens (calling it again returns the same ones)."""
        token = self.client.verify_domain_identity(Domain=domain)["VerificationToken"]
        dkim = list(self.client.verify_domain_dkim(Domain=domain)["DkimTokens"])
        self.client.set_identity_mail_from_domain(
            Identity=domain,
            MailFromDomain=f"{MAIL_FROM_LABEL}.{domain}",
            BehaviorOnMXFailure="UseDefaultValue",
        )
        return str(token), [str(t) for t in dkim]

    def domain_status(self, domains: list[str]) -> dict[str, tuple[str, str]]:
        """Each domain's (verification, DKIM) status as SES says it: Success, Pending, Failed, …"""
        if not domains:
            return {}
        found = self.client.get_identity_verification_attributes(Identities=domains)["VerificationAttributes"]
        dkim = self.client.get_identity_dkim_attributes(Identities=domains)["DkimAttributes"]
        return {
            d: (
                str(found.get(d, {}).get("VerificationStatus", "NotStarted")),
                str(dkim.get(d, {}).get("DkimVerificationStatus", "NotStarted")),
            )
            for d in domains
        }

    def verified(self, address: str) -> bool:
        candidates = [address, address.rpartition("@")[2]]
        found = self.client.get_identity_verification_attributes(Identities=candidates)
        statuses = found.get("VerificationAttributes", {})
        return any(statuses.get(c, {}).get("VerificationStatus") == "Success" for c in candidates)


class TenantEmail:
    """A tenant's collection e-mail (F42): SES with its address as sender, or its own SMTP server.

    The tenant's server is reached only at a public address and only over TLS with a verified
    certificate (SMTPS, or STARTTLS): a message or a password never crosses the network in clear.
    """

    def __init__(
        self,
        ses_client: Any,
        platform_sender: str,
        secrets: Any,
        timeout: float = 20.0,
        reachable: Callable[[str, int], bool] = resolves_to_public,
        tls: ssl.SSLContext | None = None,
        stage: str = "dev",
    ) -> None:
        self.stage = stage
        self.ses = ses_client
        self.platform_sender = platform_sender
        self.secrets = secrets
        self.timeout = timeout
        self.reachable = reachable
        self.tls = tls or ssl.create_default_context()

    def send_email(
        self,
        tenant: str,
        settings: EmailSettings,
        to: str,
        subject: str,
        text: str,
        html: str = "",
        unsubscribe: str = "",
    ) -> str:
        sender = formataddr((settings.from_name, settings.from_address or self.platform_sender))
        message = mime(sender, to, subject, text, html, unsubscribe)
        if settings.mode is EmailMode.SMTP and settings.smtp is not None:
            return self._smtp(tenant, settings.smtp, message)
        try:
            return SesMailer(self.ses, sender).send_message(to, message)
        except ClientError as exc:
            code = exc.response.get("Error", {}).get("Code", "")
            if code in ("Throttling", "ServiceUnavailable", "InternalFailure"):
                raise DeliveryFailed(f"SES {code}", permanent=False) from exc
            # MessageRejected (sender not verified, …) is ours to fix, not the debtor's address
            raise DeliveryFailed(f"SES {code}", permanent=True, bad_destination=False) from exc

    def _smtp(self, tenant: str, smtp: SmtpSettings, message: EmailMessage) -> str:
        if not self.reachable(smtp.host, smtp.port):
            raise DeliveryFailed(
                "servidor SMTP sem endereço público: envio recusado", permanent=True, bad_destination=False
            )
        password = (
            self.secrets.get(secret_names.smtp_password(self.stage, tenant)) if smtp.password_set else None
        )
        use_ssl = smtp.security is SmtpSecurity.SSL or (
            smtp.security is SmtpSecurity.AUTO and smtp.port == 465
        )
        try:
            client: smtplib.SMTP
            if use_ssl:
                client = smtplib.SMTP_SSL(smtp.host, smtp.port, timeout=self.timeout, context=self.tls)
            else:
                client = smtplib.SMTP(smtp.host, smtp.port, timeout=self.timeout)
            with client:
                client.ehlo()
                if not use_ssl:
                    if not client.has_extn("starttls"):
                        raise DeliveryFailed(
                            "servidor SMTP não oferece STARTTLS: nada é enviado sem TLS",
                            permanent=True,
                            bad_destination=False,
                        )
                    client.starttls(context=self.tls)
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
        except ssl.SSLError as exc:  # an unverifiable certificate is the server's to fix, not a retry
            reason = f"TLS do servidor SMTP recusado: {exc.__class__.__name__}"
            raise DeliveryFailed(reason, permanent=True, bad_destination=False) from exc
        except (OSError, smtplib.SMTPException) as exc:
            raise DeliveryFailed(f"SMTP indisponível: {type(exc).__name__}", permanent=False) from exc
        return str(message["Message-ID"])
