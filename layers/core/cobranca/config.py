"""Settings from the environment, parsed once (template.yaml Globals set them in AWS)."""

from __future__ import annotations

import os
from functools import lru_cache

from pydantic import Field
from pydantic_settings import BaseSettings, SettingsConfigDict


class Settings(BaseSettings):
    model_config = SettingsConfigDict(env_prefix="", extra="ignore", frozen=True)

    stage: str = Field("dev", description="the template's Stage: in secret names and metric namespaces")
    table_name: str = "cobranca"
    documents_bucket: str = "cobranca-documents"
    import_queue_url: str = ""
    send_queue_url: str = ""
    batch_queue_url: str = ""
    login_code_queue_url: str = ""
    negocia_key_secret: str = Field("cobranca/negocia-key", description="HMAC key of login codes")
    zenvia_base_url: str = "https://api.zenvia.com"
    whatsapp_base_url: str = "https://graph.facebook.com"
    provider_secret: str = Field("cobranca/providers", description='JSON {"zenvia_token", "whatsapp_token"}')
    user_pool_id: str = ""
    user_pool_client_id: str = ""
    mail_from: str = "nao-responda@cobranca.example"
    sgs_base_url: str = "https://api.bcb.gov.br"
    aws_region: str = Field(default_factory=lambda: os.environ.get("AWS_DEFAULT_REGION", "us-east-1"))
    # AWS_ENDPOINT_URL is honoured by boto3 itself; the local stack points it at moto.
    aws_endpoint_url: str | None = None
    cobranca_local: bool = Field(False, description="True only inside the local stack (Swagger UI, …)")


@lru_cache(maxsize=1)
def settings() -> Settings:
    return Settings()
