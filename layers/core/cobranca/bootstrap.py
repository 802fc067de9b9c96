"""Composition root: builds the real adapters once per cold start, on first use (not at import)."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from functools import lru_cache
from typing import TYPE_CHECKING, Any

from cobranca.ports import IndexSource
from cobranca.services.agreements import AgreementService, NoCharges
from cobranca.services.imports import ImportService
from cobranca.services.messaging import MessagingService
from cobranca.services.negotiation import NegotiationService
from cobranca.services.portal import LoginCodeSender, PortalService
from cobranca.services.portfolio import PortfolioService
from cobranca.services.ruler import RulerService
from cobranca.services.sender import SenderService
from cobranca.services.users import UserService

if TYPE_CHECKING:
    import boto3

    from cobranca.config import Settings


@dataclass(frozen=True)
class Services:
    portfolio: PortfolioService
    users: UserService
    imports: ImportService
    negotiation: NegotiationService
    agreements: AgreementService
    portal: PortalService
    index_source: IndexSource
    messaging: MessagingService
    ruler: RulerService


def _aws() -> tuple[Settings, boto3.session.Session]:
    """The settings and a boto3 session, with PynamoDB pointed at the table (every builder's start)."""
    import boto3

    from cobranca.config import settings
    from cobranca.store.models import configure

    s = settings()
    configure(s.table_name, s.aws_region, s.aws_endpoint_url)
    return s, boto3.session.Session(region_name=s.aws_region)


@lru_cache(maxsize=1)
def services() -> Services:
    # Imported here so that importing a handler does not load botocore (cold-start budget).
    from botocore.config import Config

    from cobranca.domain.dates import SystemClock
    from cobranca.providers.bcb import SgsClient
    from cobranca.providers.cognito import CognitoIdentity
    from cobranca.providers.email import SesIdentities, SesMailer
    from cobranca.providers.secrets import SecretsManagerStore
    from cobranca.store.agreements import DynamoAgreements
    from cobranca.store.imports import DynamoImports
    from cobranca.store.messaging import DynamoMessaging
    from cobranca.store.objects import S3Objects
    from cobranca.store.portal import DynamoPortal
    from cobranca.store.portfolio import DynamoPortfolio
    from cobranca.store.queues import SqsQueue
    from cobranca.store.users import DynamoUsers

    s, session = _aws()
    clock = SystemClock()
    portfolio = DynamoPortfolio()
    users = DynamoUsers()
    messages = DynamoMessaging()
    negotiation = NegotiationService(portfolio, clock)
    # SigV4 presigned links (X-Amz-Expires): the legacy default signs with an absolute expiry
    objects = S3Objects(session.client("s3", config=Config(signature_version="s3v4")), s.documents_bucket)
    ses, sqs = session.client("ses"), session.client("sqs")  # one client per service, every queue
    mailer = SesMailer(ses, s.mail_from)
    secrets = SecretsManagerStore(session.client("secretsmanager"))
    agreements = AgreementService(
        portfolio, DynamoAgreements(), negotiation, NoCharges(), objects, mailer, clock
    )
    return Services(
        portfolio=PortfolioService(portfolio, users, clock),
        users=UserService(users, CognitoIdentity(session.client("cognito-idp"), s.user_pool_id), clock),
        imports=ImportService(
            portfolio,
            DynamoImports(),
            objects,
            SqsQueue(sqs, s.import_queue_url),
            clock,
        ),
        negotiation=negotiation,
        agreements=agreements,
        portal=PortalService(
            portfolio,
            DynamoPortal(),
            negotiation,
            agreements,
            SqsQueue(sqs, s.login_code_queue_url),
            secret_key(secrets, s.negocia_key_secret),
            clock,
        ),
        index_source=SgsClient(s.sgs_base_url),
        messaging=MessagingService(messages, portfolio, secrets, clock, s.stage, SesIdentities(ses)),
        ruler=RulerService(
            messages,
            portfolio,
            SqsQueue(sqs, s.send_queue_url),
            SqsQueue(sqs, s.batch_queue_url),
            clock,
        ),
    )


@lru_cache(maxsize=1)
def sender() -> SenderService:
    """Only the sender function builds this (it reads the provider tokens from Secrets Manager)."""
    import json

    from botocore.config import Config

    from cobranca.domain.dates import SystemClock
    from cobranca.providers.email import TenantEmail
    from cobranca.providers.secrets import SecretsManagerStore
    from cobranca.providers.whatsapp import WhatsAppCloud
    from cobranca.providers.zenvia import ZenviaSms
    from cobranca.services.sender import Gateways
    from cobranca.store.messaging import DynamoMessaging
    from cobranca.store.objects import S3Objects
    from cobranca.store.portfolio import DynamoPortfolio
    from cobranca.store.queues import SqsQueue

    s, session = _aws()
    secrets = SecretsManagerStore(session.client("secretsmanager"))
    tokens = json.loads(secrets.get(s.provider_secret) or "{}")
    gateways = Gateways(
        email=TenantEmail(session.client("ses"), s.mail_from, secrets, stage=s.stage),
        sms=ZenviaSms(s.zenvia_base_url, tokens.get("zenvia_token", "")),
        whatsapp=WhatsAppCloud(s.whatsapp_base_url, tokens.get("whatsapp_token", "")),
        objects=S3Objects(session.client("s3", config=Config(signature_version="s3v4")), s.documents_bucket),
    )
    queue = SqsQueue(session.client("sqs"), s.send_queue_url)
    return SenderService(DynamoMessaging(), DynamoPortfolio(), gateways, queue, SystemClock())


def secret_key(secrets: Any, name: str) -> Callable[[], bytes]:
    """A secret read once, on first use: requests that never need it never wait for Secrets Manager."""

    @lru_cache(maxsize=1)
    def key() -> bytes:
        value = secrets.get(name)
        if not value:
            raise RuntimeError(f"secret {name} is missing or empty")
        return str(value).encode()

    return key


@lru_cache(maxsize=1)
def login_codes() -> LoginCodeSender:
    """The Negocia code worker (NegociaFunction's queue): e-mail through SES, SMS through Zenvia."""
    import json

    from cobranca.domain.dates import SystemClock
    from cobranca.providers.email import SesMailer
    from cobranca.providers.secrets import SecretsManagerStore
    from cobranca.providers.zenvia import ZenviaSms
    from cobranca.store.messaging import DynamoMessaging
    from cobranca.store.portal import DynamoPortal
    from cobranca.store.portfolio import DynamoPortfolio

    s, session = _aws()
    secrets = SecretsManagerStore(session.client("secretsmanager"))

    @lru_cache(maxsize=1)
    def sms() -> ZenviaSms:
        tokens = json.loads(secrets.get(s.provider_secret) or "{}")
        return ZenviaSms(s.zenvia_base_url, tokens.get("zenvia_token", ""))

    return LoginCodeSender(
        DynamoPortfolio(),
        DynamoPortal(),
        DynamoMessaging(),
        SesMailer(session.client("ses"), s.mail_from),
        sms,
        secret_key(secrets, s.negocia_key_secret),
        SystemClock(),
    )


def reset() -> None:
    """Tests and the local stack: rebuild on next use (new environment)."""
    services.cache_clear()
    sender.cache_clear()
    login_codes.cache_clear()
    from cobranca.config import settings

    settings.cache_clear()
