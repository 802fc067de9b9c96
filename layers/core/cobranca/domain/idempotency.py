"""Doing a thing once per Idempotency-Key (agreements, batch actions, and next the webhooks and charges):
the client's key names what it created; the same key with another request is refused."""

from __future__ import annotations

import hashlib
import json

from pydantic import BaseModel

from cobranca.domain.errors import Conflict, InvalidInput


class IdempotentReplay(Exception):
    """The key was used before: what it created and the fingerprint of that request."""

    def __init__(self, target_id: str, fingerprint: str) -> None:
        super().__init__(target_id)
        self.target_id = target_id
        self.fingerprint = fingerprint

    def same_or_conflict(self, fingerprint: str, what: str) -> str:
        """The id the key created, if this is the same request; else 409 naming what the key is for."""
        if self.fingerprint != fingerprint:
            raise Conflict(f"esta Idempotency-Key já foi usada para {what}")
        return self.target_id


def require_idempotency_key(value: str | None, per: str) -> str:
    """The client's Idempotency-Key header: required, 8 to 100 characters, one per `per`."""
    key = (value or "").strip()
    if not 8 <= len(key) <= 100:
        raise InvalidInput("Idempotency-Key", f"cabeçalho obrigatório (8 a 100 caracteres), único por {per}")
    return key


def request_fingerprint(body: BaseModel) -> str:
    """Identifies a request's content, so one key can't be reused for another request."""
    canonical = json.dumps(body.model_dump(mode="json"), sort_keys=True, separators=(",", ":"))
    return hashlib.sha256(canonical.encode()).hexdigest()
