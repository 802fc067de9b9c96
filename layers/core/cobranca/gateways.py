"""Protocols of the outside systems the services call: identity, charges, price indices, documents,
e-mail, SMS, WhatsApp, queues, secrets (providers/ and store/ implement them; tests fake them)."""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from datetime import date
from decimal import Decimal
from typing import Any, Protocol

from cobranca.domain.access import Role
from cobranca.domain.agreements import Agreement
from cobranca.domain.charges import ChargeRequest, PortadorPayment
from cobranca.domain.erp import ErpEvent
from cobranca.domain.payments import AccountHolder
from cobranca.domain.sending import EmailSettings
from cobranca.domain.settlement import PaymentEvent
from cobranca.jobs import Job


class IdentityProvider(Protocol):
    """The token issuer's user store (Cognito in AWS and in the local stack)."""

    def create_user(
        self, tenant: str, email: str, name: str, role: Role, temporary_password: str | None
    ) -> str: ...
    def set_role(self, user_id: str, old: Role, new: Role) -> None: ...
    def set_password(self, email: str, password: str) -> None:
        """A permanent password, skipping the first-login change (the local stack's seeded users)."""
        ...


class MachineClients(Protocol):
    """The identity provider's app clients for machines (the ERP's client-credentials grant)."""

    def create_machine_client(self, name: str, scope: str) -> tuple[str, str]:
        """An app client for the client-credentials grant limited to `scope`: (client id, secret)."""
        ...

    def delete_machine_client(self, client_id: str) -> None:
        """Its secret stops working at once (tokens already issued are refused by the registry)."""
        ...


class Notices(Protocol):
    """Tells the tenant's ERP what happened (services/erp.py): once per (event, subject)."""

    def wants(self, tenant: str, event: ErpEvent) -> bool:
        """Whether the tenant's ERP hears of `event` (callers skip building what nobody reads)."""
        ...

    def notify(self, tenant: str, event: ErpEvent, subject: str, data: dict[str, Any]) -> None: ...


class NoNotices:
    def wants(self, tenant: str, event: ErpEvent) -> bool:
        return False

    def notify(self, tenant: str, event: ErpEvent, subject: str, data: dict[str, Any]) -> None:
        return None


class ChargeGateway(Protocol):
    """Charges at the collection agent (portador): boleto, PIX, card. Asaas comes with the payments issue."""

    def charge(self, tenant: str, agreement: Agreement) -> None: ...
    def cancel(self, tenant: str, agreement: Agreement) -> None: ...


class PortadorUnavailable(Exception):
    """The portador did not answer (time-out, 5xx, rate limit): try again after `wait` seconds."""

    wait: float = 5.0


class QuotaExceeded(PortadorUnavailable):
    """Our own guard of the tenant's quota at the portador: wait `wait` seconds before trying."""

    def __init__(self, reason: str, wait: float) -> None:
        super().__init__(reason)
        self.wait = wait


class SubAccounts(Protocol):
    """The platform's root Asaas account: it makes the tenants' sub-accounts (F30)."""

    def find(self, document: str) -> str | None:
        """The id of a sub-account already made for this CPF/CNPJ."""
        ...

    def create(self, holder: AccountHolder) -> tuple[str, str, str]:
        """(account id, wallet id, API key): Asaas gives the key this once."""
        ...


class PortadorRefused(Exception):
    """The portador refused the request; sending it again as it is would be refused again."""


class Portador(Protocol):
    """A tenant's account at the collection agent (Asaas): what the charger needs of it."""

    def customer_for(self, name: str, cpf_cnpj: str, email: str | None, reference: str) -> str: ...
    def find_payment(self, reference: str) -> PortadorPayment | None: ...
    def create_payment(self, request: ChargeRequest) -> PortadorPayment: ...
    def plan_parts(self, reference: str) -> list[PortadorPayment]: ...
    def delete_payment(self, payment_id: str) -> None: ...
    def pix_code(self, payment_id: str) -> str | None: ...
    def boleto_line(self, payment_id: str) -> str | None: ...
    def confirmed(self, event: PaymentEvent) -> PaymentEvent | None:
        """The event with the amounts and dates of the portador's own record of the payment, read now;
        None when it has no such payment under that reference, or its status contradicts the event."""
        ...


class IndexSource(Protocol):
    """Published monthly variations of IPCA/INPC/IGPM (the Banco Central SGS API in production)."""

    def monthly(self, index: str, start: date, end: date) -> dict[str, Decimal]: ...


class TermDocuments(Protocol):
    """The termo de acordo's text, PDF and delivery (services/terms.py) as closing an agreement uses them."""

    def term_text(self, tenant: str, agreement: Agreement) -> str: ...
    def store_term(self, tenant: str, agreement: Agreement, text: str | None = None) -> bytes: ...
    def deliver_term(
        self, tenant: str, actor: str, agreement: Agreement, text: str | None = None
    ) -> None: ...


class ObjectStore(Protocol):
    def put(self, key: str, body: bytes, content_type: str) -> None: ...
    def get(self, key: str) -> bytes: ...
    def lines(self, key: str) -> Iterator[bytes]: ...
    def exists(self, key: str) -> bool: ...
    def presigned_url(self, key: str, seconds: int, filename: str) -> str: ...


class Mailer(Protocol):
    """Outgoing e-mail (SES in AWS and in the local stack, where the mailbox shows it)."""

    def send(
        self, to: str, subject: str, text: str, attachments: list[tuple[str, bytes, str]], html: str = ""
    ) -> str: ...


class JobQueue(Protocol):
    """One SQS queue; `send_batch` answers how many requests it took."""

    def send(self, job: Job, delay_seconds: int = 0) -> None: ...
    def send_batch(self, jobs: Sequence[Job]) -> int: ...


class SmsGateway(Protocol):
    def send_sms(self, sender: str, to: str, text: str) -> str: ...


class WhatsAppGateway(Protocol):
    def send_template(
        self, phone_number_id: str, to: str, name: str, language: str, parameters: list[str]
    ) -> str: ...


class EmailGateway(Protocol):
    """The tenant's e-mail: SES with its address as sender, or its own SMTP server (F42)."""

    def send_email(
        self,
        tenant: str,
        settings: EmailSettings,
        to: str,
        subject: str,
        text: str,
        html: str = "",
        unsubscribe: str = "",
    ) -> str:
        """`html` goes as the alternative to `text`; `unsubscribe` (a URL) as List-Unsubscribe with
        one-click (RFC 8058)."""
        ...


class SecretStore(Protocol):
    def put(self, name: str, value: str) -> None: ...
    def get(self, name: str) -> str | None: ...


class SenderIdentities(Protocol):
    """Which From addresses the platform's SES may send as (verified, as the address or its domain), and
    the domains a tenant registers there (their verification and DKIM tokens and statuses)."""

    region: str

    def verified(self, address: str) -> bool: ...
    def register_domain(self, domain: str) -> tuple[str, list[str]]: ...
    def domain_status(self, domains: list[str]) -> dict[str, tuple[str, str]]: ...
