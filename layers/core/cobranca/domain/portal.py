"""Negocia Online (F21): how a debtor proves who they are without a password.

A 6-digit code goes to the debtor's login contact; it is valid 10 minutes and used once. Every attempt
is counted before the code is looked at: five attempts for a document within 15 minutes lock it, an IP
address gets a wider limit. Every answer about a document is the same whether or not it exists (no
enumeration of who owes): the code is sent later, by a queue worker, so both paths do the same work.
"""

from __future__ import annotations

import hashlib
import hmac
import secrets
from collections.abc import Iterable
from datetime import datetime, timedelta

from cobranca.domain.contacts import Contact, ContactKind, is_mobile
from cobranca.domain.privacy import mask_email, mask_phone

CODE_DIGITS = 6
CODE_MINUTES = 10
SESSION_MINUTES = 30
FAILURE_WINDOW_MINUTES = 15
MAX_FAILURES_PER_DOCUMENT = 5
MAX_FAILURES_PER_IP = 20
MAX_CODES_PER_DOCUMENT = 3  # per CODE_MINUTES: no one floods a debtor's inbox
CODE_RATE_MINUTES = 60
MAX_DOCUMENTS_PER_IP = 10  # distinct documents asked for by one address per CODE_RATE_MINUTES
MAX_CODES_PER_TENANT = 2000  # per CODE_RATE_MINUTES: bounds what a flood costs in e-mail and SMS
MAX_CODES_PER_IP = 30  # codes one address gets sent per CODE_RATE_MINUTES: 1.5 % of the tenant's budget
NEW_CONTACT_HOURS = 24  # a contact added this recently never receives a login code

PORTAL_ACTOR = "negocia-online"  # who acts for the debtor on the portal (history, agreements)
SELF_SERVICE_ACTORS = frozenset({PORTAL_ACTOR})  # the debtor alone (the WhatsApp assistant joins it)


def acts_alone(actor: str) -> bool:
    """Is the debtor negotiating alone (no operator), so only self-service offers apply?"""
    return actor in SELF_SERVICE_ACTORS


CODE_SENT_MESSAGE = (
    "Se o documento estiver cadastrado, enviamos um código de 6 dígitos para o e-mail ou o celular "
    "do cadastro. Ele vale por 10 minutos."
)
WRONG_CODE_MESSAGE = "código inválido ou expirado"
LOCKED_MESSAGE = "muitas tentativas: aguarde 15 minutos e peça um novo código"
TOO_MANY_CODES_MESSAGE = "muitos pedidos de código: aguarde alguns minutos e tente de novo"
BUSY_MESSAGE = "o serviço está recebendo muitos pedidos: tente de novo em alguns minutos"


def personal_link(portal_url: str, debtor_id: str) -> str:
    """The portal with this debtor's document already filled in (masked), for a message: it carries
    the debtor's unguessable id, never the document, and logs no one in (the code still goes to the
    contact on file). Without a portal address there is no link."""
    return f"{portal_url}?d={debtor_id}" if portal_url else ""


def verification_link(portal_url: str, code: str) -> str:
    """The public page that confirms a termo exists (/verificar/{code}) on the portal's own host."""
    host = _host(portal_url)
    return f"{host}/verificar/{code}" if host else ""


def _host(portal_url: str) -> str:
    scheme, sep, rest = portal_url.partition("://")
    return f"{scheme}://{rest.split('/', 1)[0]}" if sep and rest else ""


def opt_out_token(key: bytes, tenant: str, debtor_id: str, channel: str) -> str:
    """What an e-mail's "não quero mais receber" link carries: the debtor, the channel and an HMAC that
    binds them to the tenant (no one stops another person's e-mails by editing the link)."""
    mac = hmac.new(key, f"optout|{tenant}|{debtor_id}|{channel}".encode(), hashlib.sha256).hexdigest()
    return f"{debtor_id}.{channel}.{mac[:32]}"


def read_opt_out_token(key: bytes, tenant: str, token: str) -> tuple[str, str] | None:
    """The (debtor id, channel) a token names, or None when it was not made with this key for this
    tenant."""
    debtor_id, _, rest = token.partition(".")
    channel, _, _ = rest.partition(".")
    if not debtor_id or not channel:
        return None
    expected = opt_out_token(key, tenant, debtor_id, channel)
    return (debtor_id, channel) if hmac.compare_digest(expected, token) else None


def opt_out_link(portal_url: str, tenant: str, token: str) -> str:
    host = _host(portal_url)
    return f"{host}/descadastrar/{tenant}/{token}" if host else ""


def new_code() -> str:
    return f"{secrets.randbelow(10**CODE_DIGITS):0{CODE_DIGITS}d}"


def code_digest(key: bytes, tenant: str, document: str, code: str) -> str:
    """Codes are stored as an HMAC with a secret key, bound to tenant and document: a million codes
    are a second of SHA-256, so a bare hash in a leaked table would give every live code away."""
    return hmac.new(key, f"{tenant}|{document}|{code}".encode(), hashlib.sha256).hexdigest()


def codes_match(key: bytes, stored_digest: str, tenant: str, document: str, code: str) -> bool:
    return hmac.compare_digest(stored_digest, code_digest(key, tenant, document, code.strip()))


def login_contact(contacts: Iterable[Contact], now: datetime) -> Contact | None:
    """Who receives the login code: the contact an operator designated, else the oldest valid e-mail,
    else the oldest valid mobile (by SMS). Never a contact added in the last 24 hours: one CSV row or
    one careless operator must not be able to redirect a debtor's login."""
    cutoff = (now - timedelta(hours=NEW_CONTACT_HOURS)).isoformat()
    usable = sorted(
        (c for c in contacts if c.valid and c.created_at <= cutoff and _reachable(c)),
        key=lambda c: c.created_at,
    )
    designated = [c for c in usable if c.login]
    emails = [c for c in usable if c.kind is ContactKind.EMAIL]
    for choice in (designated, emails, usable):
        if choice:
            return choice[0]
    return None


def _reachable(c: Contact) -> bool:
    return c.kind is ContactKind.EMAIL or (c.kind is ContactKind.PHONE and is_mobile(c.value))


def masked(c: Contact) -> str:
    return mask_email(c.value) if c.kind is ContactKind.EMAIL else mask_phone(c.value)


def document_tag(key: bytes, document: str) -> str:
    """A short keyed tag of a document, for counters that must tell documents apart without holding them."""
    return hmac.new(key, document.encode(), hashlib.sha256).hexdigest()[:16]


def new_session_token() -> str:
    return secrets.token_urlsafe(32)


def token_digest(token: str) -> str:
    """Sessions are stored by the token's hash: a leaked table does not leak live sessions."""
    return hashlib.sha256(token.encode()).hexdigest()


def window(epoch_seconds: float, minutes: int) -> int:
    """The fixed time window a counter belongs to."""
    return int(epoch_seconds // (minutes * 60))


def retry_after(epoch_seconds: float, minutes: int, windows: int = 1) -> int:
    """Seconds until a counter of `windows` fixed windows forgets this moment (the Retry-After header)."""
    size = minutes * 60
    return int(size * windows - epoch_seconds % size) or 1
