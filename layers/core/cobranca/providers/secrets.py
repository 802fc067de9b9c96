"""Secrets Manager: provider tokens and tenants' SMTP passwords (never in the table or the logs)."""

from __future__ import annotations

import json
from collections.abc import Callable
from functools import lru_cache
from typing import Any

from cobranca.gateways import SecretStore


class SecretsManagerStore:
    def __init__(self, client: Any) -> None:
        self.client = client

    def put(self, name: str, value: str) -> None:
        try:
            self.client.put_secret_value(SecretId=name, SecretString=value)
        except self.client.exceptions.ResourceNotFoundException:
            self.client.create_secret(Name=name, SecretString=value)

    def get(self, name: str) -> str | None:
        try:
            return str(self.client.get_secret_value(SecretId=name)["SecretString"])
        except self.client.exceptions.ResourceNotFoundException:
            return None


def secret_key(secrets: SecretStore, name: str) -> Callable[[], bytes]:
    """A secret read once, on first use: requests that never need it never wait for Secrets Manager."""

    @lru_cache(maxsize=1)
    def key() -> bytes:
        value = secrets.get(name)
        if not value:
            raise RuntimeError(f"secret {name} is missing or empty")
        return str(value).encode()

    return key


def provider_tokens(secrets: SecretStore, name: str) -> dict[str, str]:
    """The platform's provider tokens (Zenvia, WhatsApp), one JSON secret."""
    tokens: dict[str, str] = json.loads(secrets.get(name) or "{}")
    return tokens
