"""Composition root. `build_services` wires the real adapters, each service on first use, so a function
pays at cold start only for what it calls (no botocore at import, no service it never uses); tests pass
their own clock or gateways. `services()`, `sender()` and `login_codes()` are the cached defaults the
Lambda handlers use."""

from __future__ import annotations

from collections.abc import Callable
from functools import cached_property, lru_cache
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    import boto3

    from cobranca.config import Settings
    from cobranca.domain.dates import Clock
    from cobranca.gateways import (
        ChargeGateway,
        IndexSource,
        Notices,
        ObjectStore,
        Portador,
        SecretStore,
        SubAccounts,
    )
    from cobranca.providers.cognito import CognitoIdentity
    from cobranca.providers.email import SesIdentities
    from cobranca.services.accounts import AccountService
    from cobranca.services.agreements import AgreementService
    from cobranca.services.assignment import AssignmentService
    from cobranca.services.breaks import BreakService
    from cobranca.services.calls import CallService
    from cobranca.services.charger import ChargeService
    from cobranca.services.company import CompanyService
    from cobranca.services.creditors import CreditorService
    from cobranca.services.debtor_list import DebtorList
    from cobranca.services.erp import ErpService
    from cobranca.services.erp_clients import ErpAuthorizer, ErpClients
    from cobranca.services.imports import ImportService
    from cobranca.services.login_codes import LoginCodeSender
    from cobranca.services.messaging import MessagingService
    from cobranca.services.negotiation import NegotiationService
    from cobranca.services.payments import PaymentSettingsService
    from cobranca.services.portal import PortalService
    from cobranca.services.portfolio import PortfolioService
    from cobranca.services.ruler import RulerService
    from cobranca.services.sender import SenderService
    from cobranca.services.settlement import SettlementService
    from cobranca.services.source import SourceChanges
    from cobranca.services.terms import TermService
    from cobranca.services.users import UserService
    from cobranca.services.webhooks import WebhookReceiver
    from cobranca.store.agreements import DynamoAgreements
    from cobranca.store.company import DynamoCompany
    from cobranca.store.erp import DynamoErp
    from cobranca.store.messaging import DynamoMessaging
    from cobranca.store.portal import DynamoPortal
    from cobranca.store.portfolio import DynamoPortfolio
    from cobranca.store.queues import SqsQueue
    from cobranca.store.users import DynamoUsers


class Services:
    """The application's services over the real adapters, each built on first use."""

    def __init__(
        self, settings: Settings, *, clock: Clock | None = None, charges: ChargeGateway | None = None
    ) -> None:
        from cobranca.store.models import configure

        self.settings = settings
        configure(settings.table_name, settings.aws_region, settings.aws_endpoint_url)
        self._clock = clock
        self._charges = charges

    # ------------------------------------------------------------- adapters
    @cached_property
    def clock(self) -> Clock:
        from cobranca.domain.dates import CLOCK

        if self._clock is not None:
            return self._clock
        if self.settings.cobranca_now:  # the local stack's pinned "now" (COBRANCA_NOW)
            CLOCK.pin(self.settings.cobranca_now)
        return CLOCK

    @cached_property
    def session(self) -> boto3.session.Session:
        import boto3

        return boto3.session.Session(region_name=self.settings.aws_region)

    @cached_property
    def s3(self) -> Any:
        from botocore.config import Config

        # SigV4 presigned links (X-Amz-Expires): the legacy default signs with an absolute expiry
        return self.session.client("s3", config=Config(signature_version="s3v4"))

    @cached_property
    def ses(self) -> Any:
        return self.session.client("ses")

    @cached_property
    def sqs(self) -> Any:  # one client for every queue
        return self.session.client("sqs")

    def queue(self, url: str) -> SqsQueue:
        from cobranca.store.queues import SqsQueue

        return SqsQueue(self.sqs, url)

    @cached_property
    def secrets(self) -> SecretStore:
        from cobranca.providers.secrets import SecretsManagerStore

        return SecretsManagerStore(self.session.client("secretsmanager"))

    @cached_property
    def objects(self) -> ObjectStore:
        from cobranca.store.objects import S3Objects

        return S3Objects(self.s3, self.settings.documents_bucket)

    @cached_property
    def portfolio_store(self) -> DynamoPortfolio:
        from cobranca.store.portfolio import DynamoPortfolio

        return DynamoPortfolio()

    @cached_property
    def messaging_store(self) -> DynamoMessaging:
        from cobranca.store.messaging import DynamoMessaging

        return DynamoMessaging()

    @cached_property
    def agreements_store(self) -> DynamoAgreements:
        """Agreements, their installments, charges and ledger (one instance for every service)."""
        from cobranca.store.agreements import DynamoAgreements

        return DynamoAgreements()

    @cached_property
    def portal_store(self) -> DynamoPortal:
        from cobranca.store.portal import DynamoPortal

        return DynamoPortal()

    @cached_property
    def company_store(self) -> DynamoCompany:
        """The company's data: documents, the portal and the senders read it."""
        from cobranca.store.company import DynamoCompany

        return DynamoCompany()

    @cached_property
    def user_store(self) -> DynamoUsers:
        from cobranca.store.users import DynamoUsers

        return DynamoUsers()

    @cached_property
    def index_source(self) -> IndexSource:
        from cobranca.providers.bcb import SgsClient

        return SgsClient(self.settings.sgs_base_url)

    def provider_tokens(self) -> dict[str, str]:
        from cobranca.providers.secrets import provider_tokens

        return provider_tokens(self.secrets, self.settings.provider_secret)

    # ------------------------------------------------------------- services
    @cached_property
    def creditors(self) -> CreditorService:
        from cobranca.services.creditors import CreditorService

        return CreditorService(self.portfolio_store, self.clock)

    @cached_property
    def portfolio(self) -> PortfolioService:
        from cobranca.services.portfolio import PortfolioService

        return PortfolioService(self.portfolio_store, self.user_store, self.clock)

    @cached_property
    def debtor_list(self) -> DebtorList:
        from cobranca.services.debtor_list import DebtorList

        return DebtorList(self.portfolio.list_debtors, self.portfolio_store, self.clock)

    @cached_property
    def calls(self) -> CallService:
        from cobranca.services.calls import CallService

        queue = self.queue(self.settings.send_queue_url)
        return CallService(self.portfolio_store, self.messaging_store, self.user_store, queue, self.clock)

    @cached_property
    def assignment(self) -> AssignmentService:
        from cobranca.services.assignment import AssignmentService
        from cobranca.store.assignment import DynamoAssignment

        return AssignmentService(DynamoAssignment(), self.portfolio_store, self.user_store, self.clock)

    @cached_property
    def identity(self) -> CognitoIdentity:
        from cobranca.providers.cognito import CognitoIdentity

        return CognitoIdentity(self.session.client("cognito-idp"), self.settings.user_pool_id)

    @cached_property
    def users(self) -> UserService:
        from cobranca.services.users import UserService

        return UserService(self.user_store, self.identity, self.clock)

    @cached_property
    def erp_clients(self) -> ErpClients:
        from cobranca.services.erp_clients import ErpClients

        return ErpClients(self.erp_store, self.identity, self.clock, self.settings.erp_token_url)

    @cached_property
    def erp_authorizer(self) -> ErpAuthorizer:
        """The ERP authorizer function's service: PyJWT is imported only here (the authorizer ships it)."""
        from cobranca.providers.cognito_tokens import AccessTokens
        from cobranca.services.erp_clients import ErpAuthorizer

        s = self.settings
        return ErpAuthorizer(AccessTokens(s.cognito_issuer, s.cognito_jwks_url), self.erp_store)

    @cached_property
    def imports(self) -> ImportService:
        from cobranca.services.imports import ImportService
        from cobranca.store.imports import DynamoImports

        queue = self.queue(self.settings.import_queue_url)
        return ImportService(
            self.portfolio_store, DynamoImports(), self.objects, queue, self.clock, self.source
        )

    @cached_property
    def negotiation(self) -> NegotiationService:
        from cobranca.services.negotiation import NegotiationService

        company = self.company_store.get_company
        agreements = self.agreements_store.in_progress
        return NegotiationService(self.portfolio_store, self.clock, company, self.portal_url, agreements)

    def portal_url(self, tenant: str) -> str:
        """The tenant's Negocia Online address (its messages' links, the QR codes, /verificar)."""
        return self.messaging_store.get_settings(tenant).negocia_url

    @cached_property
    def charges(self) -> ChargeGateway:
        """Closing, cancelling and breaking agreements queue their charges' work for the charger."""
        from cobranca.services.agreements import NoCharges
        from cobranca.services.charger import QueuedCharges

        url = self.settings.charge_queue_url
        return self._charges or (QueuedCharges(self.queue(url)) if url else NoCharges())

    @cached_property
    def breaks(self) -> BreakService:
        from cobranca.services.breaks import BreakService

        return BreakService(
            self.agreements_store, self.portfolio_store, self.charges, self.clock, self.erp_notices
        )

    @cached_property
    def source(self) -> SourceChanges:
        from cobranca.services.source import SourceChanges

        return SourceChanges(self.portfolio_store, self.agreements_store, self.charges, self.clock)

    @cached_property
    def accounts(self) -> AccountService:
        from cobranca.services.accounts import AccountService

        return AccountService(self.agreements_store, self.portfolio_store, self.company_store.get_company)

    @cached_property
    def erp_store(self) -> DynamoErp:
        from cobranca.store.erp import DynamoErp

        return DynamoErp()

    @cached_property
    def erp_notices(self) -> Notices:
        """Without the ERP queue (a function that never tells the ERP anything) nothing is told."""
        from cobranca.gateways import NoNotices
        from cobranca.services.erp import ErpNotices

        url = self.settings.erp_delivery_queue_url
        return ErpNotices(self.erp_store, self.queue(url), self.clock) if url else NoNotices()

    @cached_property
    def erp(self) -> ErpService:
        from cobranca.providers import erp
        from cobranca.services.erp import ErpService

        s = self.settings
        return ErpService(
            self.erp_store,
            self.secrets,
            self.queue(s.erp_delivery_queue_url),
            erp.post,
            erp.resolve,
            s.cobranca_local,  # the local stack's receiver is on loopback; in AWS only public targets
            self.clock,
            s.stage,
        )

    @cached_property
    def agreements(self) -> AgreementService:
        from cobranca.services.agreements import AgreementService

        return AgreementService(
            self.portfolio_store,
            self.agreements_store,
            self.negotiation,
            self.charges,
            self.terms,
            self.clock,
            self.erp_notices,
        )

    @cached_property
    def terms(self) -> TermService:
        from cobranca.providers.email import SesMailer
        from cobranca.services.terms import TermService

        return TermService(
            self.portfolio_store,
            self.agreements_store,
            self.objects,
            SesMailer(self.ses, self.settings.mail_from),
            self.clock,
            company=self.company_store.get_company,
            user_name=self.user_store.user_name,
            portal_url=self.portal_url,
        )

    @cached_property
    def portal(self) -> PortalService:
        from cobranca.services.portal import PortalService

        return PortalService(
            self.portfolio_store,
            self.portal_store,
            self.negotiation,
            self.agreements,
            self.agreements_store,
            self.queue(self.settings.login_code_queue_url),
            self.negocia_key,
            self.clock,
            self.company_store.get_company,
            self.terms.term_url,
        )

    @cached_property
    def identities(self) -> SesIdentities:
        from cobranca.providers.email import SesIdentities

        return SesIdentities(self.ses)

    @cached_property
    def charger(self) -> ChargeService:
        from cobranca.services.charger import ChargeService
        from cobranca.store.quota import asaas_quota

        return ChargeService(
            self.agreements_store,
            self.portfolio_store,
            self.secrets,
            self.asaas,
            self.clock,
            self.settings.stage,
            self.terms.send_term_with_payment,
            asaas_quota(self.clock),
            self.queue(self.settings.charge_queue_url) if self.settings.charge_queue_url else None,
            self.messaging_store.create_task,
        )

    def asaas_root(self) -> SubAccounts:
        from cobranca.providers.asaas_accounts import root_accounts

        return root_accounts(self.secrets, self.settings.stage, self.settings.asaas_base_url)

    def asaas_accounts(self, key: str) -> SubAccounts:
        from cobranca.providers.asaas_accounts import accounts_of

        return accounts_of(self.settings.asaas_base_url, key)

    def asaas(self, key: str) -> Portador:
        """A gateways.Portador over the tenant's Asaas account (its API key)."""
        from cobranca.providers.asaas import Asaas, AsaasPortador

        return AsaasPortador(Asaas(self.settings.asaas_base_url, key))

    @cached_property
    def webhooks(self) -> WebhookReceiver:
        from cobranca.services.webhooks import WebhookReceiver

        s = self.settings
        return WebhookReceiver(self.secrets, self.queue(s.payment_event_queue_url), s.stage)

    @cached_property
    def settlement(self) -> SettlementService:
        from cobranca.providers.asaas_events import webhook_event
        from cobranca.services.settlement import SettlementService

        s = self.settings
        return SettlementService(
            self.agreements_store,
            self.secrets,
            self.asaas,
            webhook_event,
            self.clock,
            s.stage,
            self.portfolio_store,
            self.erp_notices,
            self.charges,
            lambda tenant, a, inst: self.breaks.impute_late(tenant, a, inst),
            self.objects,
        )

    @cached_property
    def payment_settings(self) -> PaymentSettingsService:
        from cobranca.services.payments import PaymentSettingsService
        from cobranca.store.payments import DynamoPaymentSettings

        return PaymentSettingsService(
            DynamoPaymentSettings(),
            self.secrets,
            self.clock,
            self.settings.stage,
            self.creditors,
            self.asaas_accounts,
        )

    @cached_property
    def company(self) -> CompanyService:
        from cobranca.services.company import CompanyService

        return CompanyService(self.company_store, self.portfolio_store, self.identities, self.clock)

    @cached_property
    def messaging(self) -> MessagingService:
        from cobranca.services.company import TenantSenders
        from cobranca.services.messaging import MessagingService

        return MessagingService(
            self.messaging_store,
            self.portfolio_store,
            self.secrets,
            self.clock,
            self.settings.stage,
            TenantSenders(self.company_store, self.identities),
            self.company_store.get_company,
        )

    @cached_property
    def ruler(self) -> RulerService:
        from cobranca.services.ruler import RulerService

        s = self.settings
        return RulerService(
            self.messaging_store,
            self.portfolio_store,
            self.queue(s.send_queue_url),
            self.queue(s.batch_queue_url),
            self.clock,
        )

    @cached_property
    def sender(self) -> SenderService:
        """The sender function's service (it reads the provider tokens from Secrets Manager)."""
        from cobranca.providers.email import TenantEmail
        from cobranca.providers.whatsapp import WhatsAppCloud
        from cobranca.providers.zenvia import ZenviaSms
        from cobranca.services.sender import Gateways, SenderService

        s, tokens = self.settings, self.provider_tokens()
        gateways = Gateways(
            email=TenantEmail(self.ses, s.mail_from, self.secrets, stage=s.stage),
            sms=ZenviaSms(s.zenvia_base_url, tokens.get("zenvia_token", "")),
            whatsapp=WhatsAppCloud(s.whatsapp_base_url, tokens.get("whatsapp_token", "")),
            objects=self.objects,
        )
        return SenderService(
            self.messaging_store,
            self.portfolio_store,
            gateways,
            self.queue(s.send_queue_url),
            self.clock,
            self.company_store.get_company,
            self.negocia_key,
        )

    @cached_property
    def negocia_key(self) -> Callable[[], bytes]:
        """The portal's HMAC key (sessions and login codes), read on first use."""
        from cobranca.providers.secrets import secret_key

        return secret_key(self.secrets, self.settings.negocia_key_secret)

    @cached_property
    def login_codes(self) -> LoginCodeSender:
        """The login-code worker (LoginCodeFunction): e-mail through SES, SMS through Zenvia."""
        from cobranca.providers.email import SesMailer
        from cobranca.providers.zenvia import lazy_sms
        from cobranca.services.login_codes import LoginCodeSender

        s = self.settings
        sms = lazy_sms(s.zenvia_base_url, lambda: self.provider_tokens().get("zenvia_token", ""))
        return LoginCodeSender(
            self.portfolio_store,
            self.portal_store,
            self.messaging_store,
            SesMailer(self.ses, s.mail_from),
            sms,
            self.negocia_key,
            self.clock,
        )


def build_services(
    settings: Settings | None = None, *, clock: Clock | None = None, charges: ChargeGateway | None = None
) -> Services:
    from cobranca.config import settings as environment

    return Services(settings or environment(), clock=clock, charges=charges)


@lru_cache(maxsize=1)
def services() -> Services:
    return build_services()


def sender() -> SenderService:
    return services().sender


def login_codes() -> LoginCodeSender:
    return services().login_codes


def reset() -> None:
    """Tests and the local stack: rebuild on next use (new environment)."""
    services.cache_clear()
    from cobranca.config import settings

    settings.cache_clear()
