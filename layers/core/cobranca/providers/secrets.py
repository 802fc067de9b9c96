"""Secrets Manager: provider tokens and tenants' SMTP passwords (never in the table or the logs)."""

from __future__ import annotations

from typing import Any


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
