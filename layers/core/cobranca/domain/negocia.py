"""Negocia Online (F21): how a debtor proves who they are without a password.

A 6-digit code goes to the contact on file; it is valid 10 minutes and used once. Five wrong codes for
a document within 15 minutes lock it; an IP address gets a wider limit. Every answer about a document
is the same whether or not it exists (no enumeration of who owes).
"""

from __future__ import annotations

import hashlib
import hmac
import secrets

CODE_DIGITS = 6
CODE_MINUTES = 10
SESSION_MINUTES = 30
FAILURE_WINDOW_MINUTES = 15
MAX_FAILURES_PER_DOCUMENT = 5
MAX_FAILURES_PER_IP = 20
MAX_CODES_PER_DOCUMENT = 3  # per CODE_MINUTES: no one floods a debtor's inbox

CODE_SENT_MESSAGE = (
    "Se o documento estiver cadastrado, enviamos um código de 6 dígitos para o e-mail informado "
    "no cadastro. Ele vale por 10 minutos."
)
WRONG_CODE_MESSAGE = "código inválido ou expirado"
LOCKED_MESSAGE = "muitas tentativas: aguarde 15 minutos e peça um novo código"


def new_code() -> str:
    return f"{secrets.randbelow(10**CODE_DIGITS):0{CODE_DIGITS}d}"


def code_digest(tenant: str, document: str, code: str) -> str:
    """Codes are stored hashed, bound to tenant and document."""
    return hashlib.sha256(f"{tenant}|{document}|{code}".encode()).hexdigest()


def codes_match(stored_digest: str, tenant: str, document: str, code: str) -> bool:
    return hmac.compare_digest(stored_digest, code_digest(tenant, document, code.strip()))


def new_session_token() -> str:
    return secrets.token_urlsafe(32)


def token_digest(token: str) -> str:
    """Sessions are stored by the token's hash: a leaked table does not leak live sessions."""
    return hashlib.sha256(token.encode()).hexdigest()


def window(epoch_seconds: float, minutes: int) -> int:
    """The fixed time window a counter belongs to."""
    return int(epoch_seconds // (minutes * 60))
