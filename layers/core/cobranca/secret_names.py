"""Where secrets live in Secrets Manager: under the stage, so a stage's policy (cobranca/{stage}/*)
reaches its own secrets and no other stage's."""

from __future__ import annotations


def smtp_password(stage: str, tenant: str) -> str:
    """A tenant's SMTP password (F42)."""
    return f"cobranca/{stage}/tenants/{tenant}/smtp-password"
