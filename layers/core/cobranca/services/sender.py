"""The sender (F42–F46, B1, B2): one message at a time, only inside its windows and limits.

A message is claimed with a lease (so two deliveries of one job never both send), checked against
what is still open, the legal and tenant windows, the per-debtor cap, the daily quota and the batch
size, then delivered through its channel. What cannot go now is deferred to the next allowed moment
(never dropped, never sent early); a transient provider error raises so SQS retries with backoff; a
permanent one marks the contact invalid and ends the message. The rules themselves are in
domain/delivery.py (items, destination, refusals, wildcard values) and domain/sending.py (the cap).
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass
from datetime import datetime, time, timedelta
from decimal import Decimal
from typing import Any

from cobranca import object_keys
from cobranca.domain.channels import Channel, MessageChannel
from cobranca.domain.contact_windows import next_allowed
from cobranca.domain.contacts import Contact
from cobranca.domain.dates import SAO_PAULO, Clock, iso_utc
from cobranca.domain.debt import CorrectionIndex, DebtCalculator
from cobranca.domain.delivery import (
    ContactView,
    destination,
    masked,
    nothing_to_collect,
    outcome,
    refusal,
    to_collect,
    updated_amount,
    wildcard_values,
)
from cobranca.domain.ids import new_id
from cobranca.domain.messages import DeliveryFailed, Message, MessageStatus
from cobranca.domain.portfolio import Creditor, Debtor, HistoryEntry
from cobranca.domain.sending import SendingSettings, with_contact
from cobranca.domain.templates import Template
from cobranca.domain.templating import fill
from cobranca.gateways import EmailGateway, JobQueue, ObjectStore, SmsGateway, WhatsAppGateway
from cobranca.jobs import SendJob
from cobranca.ports import SenderPortfolio, SenderStore

LEASE_SECONDS = 60
BATCH_PAUSE_SECONDS = 60
CAP_ATTEMPTS = 5  # optimistic writes of the cap before giving up for today


@dataclass(frozen=True)
class Gateways:
    email: EmailGateway
    sms: SmsGateway
    whatsapp: WhatsAppGateway
    objects: ObjectStore


class MessageBusy(Exception):
    """The message is leased by another delivery; raising returns the job to the queue."""


class SenderService:
    def __init__(
        self,
        repo: SenderStore,
        portfolio: SenderPortfolio,
        gateways: Gateways,
        queue: JobQueue,
        clock: Clock,
    ) -> None:
        self.repo = repo
        self.portfolio = portfolio
        self.gateways = gateways
        self.queue = queue
        self.clock = clock
        self._batch: Counter[tuple[str, MessageChannel]] = Counter()
        self._read: dict[tuple[str, ...], Any] = {}  # what is the same for a whole batch

    def start_batch(self) -> None:
        """One SQS batch = one 'lote': the per-batch maximum counts from here, and the settings,
        templates, creditors and index series are read once for it."""
        self._batch.clear()
        self._read.clear()

    # ------------------------------------------------------------- one message
    def deliver(self, tenant: str, key: str) -> MessageStatus | None:
        now = self.clock.now()
        m = self._claim(tenant, key, now)
        if m is None:
            return None  # already final (sent, failed, skipped) or unknown
        view = self.repo.contact_view(tenant, m.debtor_id)
        still_open = self.repo.open_items(tenant, m.debtor_id, [(i.kind, i.id) for i in m.items])
        m = m.model_copy(update={"items": to_collect(m.items, still_open, view.has_agreement)})
        if not m.items:
            return self._end(tenant, m, MessageStatus.SKIPPED, nothing_to_collect(view.has_agreement))
        settings, template = self._settings(tenant), self._template(tenant, m.template_id)
        contact = destination(view.debtor, m.channel)
        refused = refusal(template, settings, m.channel, contact)
        if refused is not None or contact is None:
            return self._end(tenant, m, MessageStatus.FAILED, refused or "")
        wait = self._next_attempt(tenant, m, settings, view, now)
        if wait is not None:
            return self._defer(tenant, m, wait, now)
        return self._send_now(tenant, m, template, settings, view.debtor, contact)

    def _claim(self, tenant: str, key: str, now: datetime) -> Message | None:
        claimed = self.repo.claim(tenant, key, iso_utc(now), iso_utc(now + timedelta(seconds=LEASE_SECONDS)))
        if claimed is None:
            current = self.repo.get_message(tenant, key)
            if current is not None and current.status is MessageStatus.SENDING:
                # another delivery holds the lease (or crashed holding it): SQS tries again later
                raise MessageBusy(key)
        return claimed

    def _send_now(
        self,
        tenant: str,
        m: Message,
        template: Template,
        settings: SendingSettings,
        debtor: Debtor,
        contact: Contact,
    ) -> MessageStatus:
        creditor = self._creditor(tenant, m.creditor_id)
        today = self.clock.now().astimezone(SAO_PAULO).date()
        updated = updated_amount(
            m.items, DebtCalculator(creditor.policy, self._series(tenant, creditor)), today
        )
        values = wildcard_values(debtor, creditor, m.items, updated, today, settings.negocia_url or "")
        try:
            provider_id, body = self._send(tenant, m, template, settings, contact, values)
        except DeliveryFailed as exc:
            if not exc.permanent:
                raise  # SQS redelivers after the visibility timeout; the lease has expired by then
            if exc.bad_destination:
                self._invalidate(tenant, debtor, contact, exc.reason)
            return self._end(tenant, m, MessageStatus.FAILED, exc.reason, destination=contact)
        sent = m.model_copy(update={"provider_id": provider_id, "body": body})
        return self._end(tenant, sent, MessageStatus.SENT, "", destination=contact)

    # ------------------------------------------------------------- read once per batch
    def _once(self, key: tuple[str, ...], read: Any) -> Any:
        if key not in self._read:
            self._read[key] = read()
        return self._read[key]

    def _settings(self, tenant: str) -> SendingSettings:
        found: SendingSettings = self._once(("settings", tenant), lambda: self.repo.get_settings(tenant))
        return found

    def _template(self, tenant: str, template_id: str) -> Template:
        found: Template = self._once(
            ("template", tenant, template_id), lambda: self.repo.get_template(tenant, template_id)
        )
        return found

    def _creditor(self, tenant: str, creditor_id: str) -> Creditor:
        found: Creditor = self._once(
            ("creditor", tenant, creditor_id), lambda: self.portfolio.get_creditor(tenant, creditor_id)
        )
        return found

    def _series(self, tenant: str, creditor: Creditor) -> dict[str, Decimal]:
        index = creditor.policy.correction_index
        if index is CorrectionIndex.NONE:
            return {}
        found: dict[str, Decimal] = self._once(
            ("series", tenant, index.value), lambda: self.portfolio.get_index_series(tenant, index.value)
        )
        return found

    # ------------------------------------------------------------- windows and limits
    def _next_attempt(
        self, tenant: str, m: Message, settings: SendingSettings, view: ContactView, now: datetime
    ) -> datetime | None:
        """None to send now, else the moment to try again."""
        channel = settings.channel(m.channel)
        window = channel.window
        uf = view.debtor.uf
        allowed = next_allowed(now, m.channel, uf, window)
        if allowed is None:
            return now + timedelta(days=1)  # no window in 60 days: look again tomorrow, never send
        if allowed > now:
            return allowed
        today = now.astimezone(SAO_PAULO).date()
        tomorrow = datetime.combine(today + timedelta(days=1), time(0), SAO_PAULO)
        if channel.batch_max is not None:
            if self._batch[(tenant, m.channel)] >= channel.batch_max:
                return now + timedelta(seconds=BATCH_PAUSE_SECONDS)
            self._batch[(tenant, m.channel)] += 1
        # B2 before the daily quota: a reservation that then misses the quota only contacts less
        over_quota = not self._reserve_contact(tenant, m, view, settings, now) or (
            channel.daily_max is not None
            and not self.repo.take_quota(tenant, m.channel.value, today.isoformat(), channel.daily_max)
        )
        if over_quota:
            return next_allowed(tomorrow, m.channel, uf, window) or tomorrow
        return None

    def _reserve_contact(
        self, tenant: str, m: Message, view: ContactView, settings: SendingSettings, now: datetime
    ) -> bool:
        """Counts this contact for the debtor today (B2) unless the cap is full (domain.sending's
        with_contact). Optimistic: another message to this debtor may write in between, so a lost race
        reads the cap again."""
        today = now.astimezone(SAO_PAULO).date()
        entries, version = view.cap_entries, view.cap_version
        for _ in range(CAP_ATTEMPTS):
            updated = with_contact(
                entries, m.id, today, settings.debtor_daily_max, settings.debtor_weekly_max
            )
            if updated is None:
                return False
            if updated == entries or self.repo.record_contact(tenant, m.debtor_id, updated, version):
                return True
            entries, version = self.repo.contact_days(tenant, m.debtor_id)
        return False

    def _defer(self, tenant: str, m: Message, when: datetime, now: datetime) -> MessageStatus:
        self.repo.defer(tenant, m, iso_utc(when), when.astimezone(SAO_PAULO).date().isoformat())
        delay = (when - now).total_seconds()
        if delay <= 900:  # short waits ride SQS's own delay; longer ones wait for the releaser
            self.queue.send(SendJob(tenant=tenant, message=m.id), delay_seconds=int(delay) + 1)
        return MessageStatus.DEFERRED

    # ------------------------------------------------------------- content and delivery
    def _send(
        self,
        tenant: str,
        m: Message,
        template: Template,
        settings: SendingSettings,
        contact: Contact,
        values: dict[str, str],
    ) -> tuple[str, str]:
        """Returns the provider's id and, for letters, the printed text."""
        g = self.gateways
        if m.channel is Channel.EMAIL:
            subject, text = fill(template.subject, values), fill(template.body, values)
            return g.email.send_email(tenant, settings.email, contact.value, subject, text), ""
        if m.channel is Channel.SMS:
            return g.sms.send_sms(
                settings.sms_from, contact.value.lstrip("+"), fill(template.body, values)
            ), ""
        if m.channel is Channel.WHATSAPP:
            ref = template.whatsapp
            assert ref is not None  # sendable() checked it
            params = [values.get(w, "") for w in ref.parameters]
            to = contact.value.lstrip("+")
            return g.whatsapp.send_template(
                settings.whatsapp_phone_number_id, to, ref.name, ref.language, params
            ), ""
        text = fill(template.body, values)
        address = f"{values['#NOME#']}\n{contact.value}"
        key = object_keys.letter(tenant, m.run_date, m.id)
        from cobranca.documents.pdf import render_letters  # reportlab loads only when a PDF is made

        g.objects.put(key, render_letters([(address, text)]), "application/pdf")
        return key, f"{address}\n\n\n{text}"

    def _invalidate(self, tenant: str, debtor: Debtor, contact: Contact, reason: str) -> None:
        now = iso_utc(self.clock.now())
        invalid = contact.model_copy(
            update={"valid": False, "invalid_reason": reason[:200], "updated_at": now}
        )
        history = HistoryEntry(
            id=new_id(),
            at=now,
            actor="sender",
            action="contact.invalidated",
            detail=f"Contato {masked(contact)} marcado inválido pelo provedor: {reason[:200]}",
        )
        self.portfolio.update_contact(tenant, debtor.id, invalid, history)

    def _end(
        self, tenant: str, m: Message, status: MessageStatus, error: str, destination: Contact | None = None
    ) -> MessageStatus:
        done, history = outcome(m, status, error, destination, iso_utc(self.clock.now()))
        self.repo.finish(tenant, done, history)
        return status
