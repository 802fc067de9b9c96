"""Negocia Online's login codes (the LoginCodeQueue worker): the debtor's login contact is chosen, the
code's HMAC stored, the code sent by e-mail or SMS, and the history says where it went (masked)."""

from __future__ import annotations

from collections.abc import Callable

from cobranca.domain import portal as rules
from cobranca.domain.contacts import ContactKind
from cobranca.domain.dates import Clock, iso_utc
from cobranca.domain.portfolio import HistoryEntry
from cobranca.gateways import Mailer, SmsGateway
from cobranca.jobs import LoginCodeJob
from cobranca.ports import MessagingRepository, PortalStore, PortfolioRepository


class LoginCodeSender:
    """The code worker: picks the debtor's login contact, stores the code's HMAC, sends it, writes it down."""

    def __init__(
        self,
        portfolio: PortfolioRepository,
        store: PortalStore,
        settings: MessagingRepository,
        mailer: Mailer,
        sms: Callable[[], SmsGateway],
        key: Callable[[], bytes],
        clock: Clock,
    ) -> None:
        self.portfolio = portfolio
        self.store = store
        self.settings = settings
        self.mailer = mailer
        self.sms = sms
        self.key = key
        self.clock = clock

    def deliver(self, job: LoginCodeJob) -> str:
        """Returns what happened (for the log): sent-email, sent-sms, no-contact, unknown, repeated."""
        debtor_id = self.portfolio.debtor_id_by_document(job.tenant, job.document)
        if debtor_id is None:
            return "unknown"
        stored = self.store.get_code(job.tenant, job.document)
        if stored is not None and stored.request_id == job.request_id:
            return "repeated"  # a redelivered job: its code already went out
        debtor = self.portfolio.get_debtor(job.tenant, debtor_id)
        now = self.clock.now()
        contact = rules.login_contact(debtor.contacts, now)
        if contact is None:
            self._note(
                job.tenant,
                debtor_id,
                "Código do Negocia Online não enviado: sem e-mail ou celular "
                f"válido cadastrado há mais de {rules.NEW_CONTACT_HOURS} h",
            )
            return "no-contact"
        code = rules.new_code()
        expires = int(now.timestamp()) + rules.CODE_MINUTES * 60
        digest = rules.code_digest(self.key(), job.tenant, job.document, code)
        self.store.put_code(job.tenant, job.document, digest, expires, job.request_id)
        text = (
            f"Seu código de acesso é {code}. Ele vale por {rules.CODE_MINUTES} minutos.\n"
            "Se você não pediu este código, ignore esta mensagem."
        )
        if contact.kind is ContactKind.EMAIL:
            self.mailer.send(contact.value, "Seu código para o Negocia Online", text, [])
            channel = "e-mail"
        else:
            sender = self.settings.get_settings(job.tenant).sms_from
            self.sms().send_sms(sender, contact.value.removeprefix("+"), f"Negocia Online: {text}")
            channel = "SMS"
        self._note(
            job.tenant,
            debtor_id,
            f"Código do Negocia Online enviado por {channel} para {rules.masked(contact)}",
            contact_id=contact.id,
        )
        return "sent-email" if channel == "e-mail" else "sent-sms"

    def _note(self, tenant: str, debtor_id: str, detail: str, **data: str) -> None:
        entry = HistoryEntry.new(
            at=iso_utc(self.clock.now()),
            actor=rules.PORTAL_ACTOR,
            action="negocia.code",
            detail=detail,
            data=data,
        )
        self.portfolio.add_history(tenant, debtor_id, entry)
