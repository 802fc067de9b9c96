"""Settings from the environment, read once (template.yaml's Globals and each function's Environment
set them in AWS; the local stack sets the same names). Nothing else reads os.environ."""

from __future__ import annotations

import os
from collections.abc import Mapping
from dataclasses import dataclass, fields
from functools import lru_cache
from typing import Any


@dataclass(frozen=True)
class Settings:
    stage: str = "dev"  # the template's Stage: in secret names and metric namespaces
    table_name: str = "cobranca"
    documents_bucket: str = "cobranca-documents"
    import_queue_url: str = ""
    send_queue_url: str = ""
    batch_queue_url: str = ""
    login_code_queue_url: str = ""
    charge_queue_url: str = ""
    payment_event_queue_url: str = ""
    erp_delivery_queue_url: str = ""
    negocia_key_secret: str = "cobranca/negocia-key"  # noqa: S105 - the name of the login codes' HMAC key
    zenvia_base_url: str = "https://api.zenvia.com"
    whatsapp_base_url: str = "https://graph.facebook.com"
    provider_secret: str = "cobranca/providers"  # noqa: S105 - a name; JSON {"zenvia_token", "whatsapp_token"}
    user_pool_id: str = ""
    user_pool_client_id: str = ""
    cognito_issuer: str = ""  # https://cognito-idp.<region>.amazonaws.com/<pool>: what its tokens say
    cognito_jwks_url: str = ""  # the pool's keys (<issuer>/.well-known/jwks.json; moto's in the local stack)
    erp_token_url: str = ""  # the pool domain's /oauth2/token, shown to whoever makes an ERP client
    mail_from: str = "nao-responda@cobranca.example"
    sgs_base_url: str = "https://api.bcb.gov.br"
    asaas_base_url: str = "https://api.asaas.com"  # the local stack points it at its fake
    aws_region: str = "us-east-1"  # AWS_REGION (Lambda), else AWS_DEFAULT_REGION
    aws_endpoint_url: str | None = None  # honoured by boto3 itself; the local stack points it at moto
    cobranca_local: bool = False  # True only inside the local stack (Swagger UI, …)
    aws_lambda_initialization_type: str = ""  # set by Lambda: on-demand, provisioned-concurrency, snap-start
    cobranca_now: str | None = None  # pins the clock (ISO-8601): the local stack and demos only

    @classmethod
    def from_environ(cls, environ: Mapping[str, str]) -> Settings:
        """Each field from the variable of the same name in upper case; unset keeps the default."""
        values: dict[str, Any] = {}
        for f in fields(cls):
            raw = environ.get(f.name.upper())
            if raw is None:
                continue
            values[f.name] = raw.strip().lower() in ("1", "true", "yes") if f.type == "bool" else raw
        region = environ.get("AWS_REGION") or environ.get("AWS_DEFAULT_REGION")
        if region:
            values["aws_region"] = region
        return cls(**values)


@lru_cache(maxsize=1)
def settings() -> Settings:
    return Settings.from_environ(os.environ)
