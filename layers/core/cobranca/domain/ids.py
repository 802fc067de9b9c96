"""Identifiers: time-ordered, unguessable, URL-safe."""

from __future__ import annotations

import hashlib
import secrets
import time

from cobranca.domain.errors import InvalidInput


def new_id() -> str:
    """12 hex chars of milliseconds then 8 random bytes: sorts by creation, reveals nothing else."""
    return f"{int(time.time() * 1000):012x}{secrets.token_hex(8)}"


def require_idempotency_key(value: str | None, per: str) -> str:
    """The client's Idempotency-Key header: required, 8 to 100 characters, one per `per`."""
    key = (value or "").strip()
    if not 8 <= len(key) <= 100:
        raise InvalidInput("Idempotency-Key", f"cabeçalho obrigatório (8 a 100 caracteres), único por {per}")
    return key


def id_from_key(key: str) -> str:
    """A stable identifier for what a client key creates: the same key names the same record."""
    return hashlib.sha256(key.encode()).hexdigest()[:24]
