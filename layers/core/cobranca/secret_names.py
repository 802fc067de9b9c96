"""Where secrets live in Secrets Manager: under the stage, so a stage's policy (cobranca/{stage}/*)
reaches its own secrets and no other stage's."""

from __future__ import annotations


def smtp_password(stage: str, tenant: str) -> str:
    """A tenant's SMTP password (F42)."""
    return f"cobranca/{stage}/tenants/{tenant}/smtp-password"


def asaas_api_key(stage: str, tenant: str) -> str:
    """A tenant's Asaas API key (F30): it charges in the tenant's account."""
    return f"cobranca/{stage}/tenants/{tenant}/asaas-api-key"


def asaas_webhook_token(stage: str, tenant: str) -> str:
    """The token Asaas sends with the tenant's webhooks (asaas-access-token)."""
    return f"cobranca/{stage}/tenants/{tenant}/asaas-webhook-token"


def asaas_root_key(stage: str) -> str:
    """The platform's own Asaas (root) account: it creates the tenants' sub-accounts (F30)."""
    return f"cobranca/{stage}/platform/asaas-root-key"


def creditor_asaas_key(stage: str, tenant: str, creditor_id: str) -> str:
    """A creditor's own Asaas account key, made by cobranca (Asaas gives it only once)."""
    return f"cobranca/{stage}/tenants/{tenant}/creditors/{creditor_id}/asaas-api-key"


def erp_webhook_secret(stage: str, tenant: str) -> str:
    """The key a tenant's ERP notices are signed with (Cobranca-Signature)."""
    return f"cobranca/{stage}/tenants/{tenant}/erp-webhook-secret"
