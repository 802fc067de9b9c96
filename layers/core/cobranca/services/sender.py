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
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime, time, timedelta
from decimal import Decimal
from typing import Any, TypeVar, cast

from cobranca import object_keys
from cobranca.documents.email import Email, compose
from cobranca.domain.calls import contacts_paused_until
from cobranca.domain.channels import Channel, MessageChannel
from cobranca.domain.company import Collector, Company, collector_of
from cobranca.domain.contact_windows import next_allowed
from cobranca.domain.contacts import Contact
from cobranca.domain.dates import SAO_PAULO, Clock, iso_utc
from cobranca.domain.debt import CorrectionIndex, DebtCalculator
from cobranca.domain.delivery import (
    Claim,
    ContactView,
    Wait,
    WaitReason,
    destination,
    masked,
    nothing_to_collect,
    opted_out,
    outcome,
    refusal,
    to_collect,
    updated_amount,
    wildcard_values,
)
from cobranca.domain.messages import DeliveryFailed, Message, MessageStatus
from cobranca.domain.portal import opt_out_link, opt_out_token
from cobranca.domain.portfolio import Creditor, Debtor, HistoryEntry
from cobranca.domain.sending import SendingSettings, with_contact
from cobranca.domain.templates import Template, render
from cobranca.gateways import EmailGateway, JobQueue, ObjectStore, SmsGateway, WhatsAppGateway
from cobranca.jobs import SendJob
from cobranca.ports import SenderPortfolio, SenderStore

T = TypeVar("T")
LEASE_SECONDS = 60
BATCH_PAUSE_SECONDS = 60
CLAIM_ATTEMPTS = 5  # claims refused by a moving cap or closed items before trying again tomorrow


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
        company: Callable[[str], Company | None] | None = None,
        key: Callable[[], bytes] | None = None,
    ) -> None:
        self.company = company  # an e-mail's signature and contact line
        self.key = key  # signs an e-mail's "não quero mais receber" link
        self.repo = repo
        self.portfolio = portfolio
        self.gateways = gateways
        self.queue = queue
        self.clock = clock
        self._batch: Counter[tuple[str, MessageChannel]] = Counter()
        self._read: dict[tuple[Any, ...], Any] = {}  # what is the same for a whole batch

    def start_batch(self) -> None:
        """One SQS batch = one 'lote': the per-batch maximum counts from here, and the settings,
        templates, creditors and index series are read once for it."""
        self._batch.clear()
        self._read.clear()

    # ------------------------------------------------------------- one message
    def deliver(self, tenant: str, key: str, planned: dict[str, Any] | None = None) -> MessageStatus | None:
        """`planned` is the message as its job carried it (else it is read); None when the message is
        final or unknown (a job delivered twice, a stale job)."""
        now = self.clock.now()
        m = Message.model_validate(planned) if planned else self.repo.get_message(tenant, key)
        if m is None or m.status.final:
            return None
        view = self.repo.contact_view(tenant, m.debtor_id)
        m = m.model_copy(update={"items": to_collect(m.items, view.has_agreement)})
        if not m.items:
            return self._end_unsent(tenant, m, MessageStatus.SKIPPED, nothing_to_collect(view.has_agreement))
        stopped = opted_out(view.debtor, m.channel)
        if stopped is not None:
            return self._end_unsent(tenant, m, MessageStatus.SKIPPED, stopped)
        settings = self._once(self.repo.get_settings, tenant)
        template = self._once(self.repo.get_template, tenant, m.template_id)
        contact = destination(view.debtor, m.channel)
        refused = refusal(template, settings, m.channel, contact)
        if refused is not None or contact is None:
            return self._end_unsent(tenant, m, MessageStatus.FAILED, refused or "")
        wait = self._window(tenant, m, settings, view, now)
        claimed = self._claim(tenant, m, settings, view, now) if wait is None else wait
        if claimed is None or isinstance(claimed, Wait):
            return self._defer(tenant, m, claimed, now) if claimed else None
        if not claimed.items:  # all paid or settled since it was queued
            return self._end_unsent(tenant, claimed, MessageStatus.SKIPPED, nothing_to_collect(False))
        return self._send_now(tenant, claimed, template, settings, view.debtor, contact)

    def _taken(self, tenant: str, key: str) -> None:
        """A write found the message no longer waiting: done if it is final, else another delivery holds
        its lease and SQS tries again later."""
        current = self.repo.get_message(tenant, key)
        if current is not None and not current.status.final:
            raise MessageBusy(key)

    def _send_now(
        self,
        tenant: str,
        m: Message,
        template: Template,
        settings: SendingSettings,
        debtor: Debtor,
        contact: Contact,
    ) -> MessageStatus:
        creditor = self._once(self.portfolio.get_creditor, tenant, m.creditor_id)
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
    def _once(self, read: Callable[..., T], *args: str) -> T:
        """read(*args), once per batch."""
        key = (read, *args)
        if key not in self._read:
            self._read[key] = read(*args)
        return cast(T, self._read[key])

    def _series(self, tenant: str, creditor: Creditor) -> dict[str, Decimal]:
        index = creditor.policy.correction_index
        if index is CorrectionIndex.NONE:
            return {}
        return self._once(self.portfolio.get_index_series, tenant, index.value)

    # ------------------------------------------------------------- windows and limits
    def _window(
        self, tenant: str, m: Message, settings: SendingSettings, view: ContactView, now: datetime
    ) -> Wait | None:
        """None when no promise to pay holds, the legal and tenant windows are open now and the batch
        has room, else the moment to try again and why."""
        channel = settings.channel(m.channel)
        resume = contacts_paused_until(view.promised, now.astimezone(SAO_PAULO).date())
        if resume is not None:  # a promise to pay holds: the debtor is left alone until after it
            start = datetime.combine(resume, time(0), SAO_PAULO)
            return Wait(
                next_allowed(start, m.channel, view.debtor.uf, channel.window) or start, WaitReason.PROMISE
            )
        allowed = next_allowed(now, m.channel, view.debtor.uf, channel.window)
        if allowed is None:  # no window in 60 days: look again tomorrow, never send
            return Wait(now + timedelta(days=1), WaitReason.WINDOW)
        if allowed > now:
            return Wait(allowed, WaitReason.WINDOW)
        if channel.batch_max is not None:
            if self._batch[(tenant, m.channel)] >= channel.batch_max:
                return Wait(now + timedelta(seconds=BATCH_PAUSE_SECONDS), WaitReason.BATCH)
            self._batch[(tenant, m.channel)] += 1
        return None

    def _claim(
        self, tenant: str, m: Message, settings: SendingSettings, view: ContactView, now: datetime
    ) -> Message | Wait | None:
        """Takes the message with the items still open, one contact of the debtor's cap (B2) and one of
        the channel's daily quota, in one write (domain.delivery.Claim). Returns the message claimed
        (its items those still open), the moment to try again (cap or quota full), or None when it is
        already final."""
        today = now.astimezone(SAO_PAULO).date()
        daily_max = settings.channel(m.channel).daily_max
        quota = (today.isoformat(), daily_max) if daily_max is not None else None
        lease = iso_utc(now + timedelta(seconds=LEASE_SECONDS))
        entries, version = view.cap_entries, view.cap_version
        reason = WaitReason.CAP  # the cap is full, or kept moving under every attempt
        for _ in range(CLAIM_ATTEMPTS):
            cap = with_contact(entries, m.id, today, settings.debtor_daily_max, settings.debtor_weekly_max)
            if cap is None:
                break
            written = None if cap == entries else (cap, version)
            refused = self.repo.claim(tenant, Claim(m, iso_utc(now), lease, written, quota))
            if refused is None:
                return m
            if refused.taken:
                self._taken(tenant, m.id)
                return None
            if refused.over_quota:
                reason = WaitReason.QUOTA
                break
            m = m.model_copy(update={"items": to_collect(m.items, False, refused.closed)})
            if not m.items:
                return m
            if refused.cap_moved:  # another message to this debtor counted first: read the cap again
                entries, version = self.repo.contact_days(tenant, m.debtor_id)
        tomorrow = datetime.combine(today + timedelta(days=1), time(0), SAO_PAULO)
        window = settings.channel(m.channel).window
        return Wait(next_allowed(tomorrow, m.channel, view.debtor.uf, window) or tomorrow, reason)

    def _defer(self, tenant: str, m: Message, wait: Wait, now: datetime) -> MessageStatus | None:
        when = wait.until
        day = when.astimezone(SAO_PAULO).date().isoformat()
        m = m.model_copy(update={"waiting_for": wait.reason.value})
        if not self.repo.defer(tenant, m, iso_utc(when), day, iso_utc(now)):
            self._taken(tenant, m.id)
            return None
        delay = (when - now).total_seconds()
        if delay <= 900:  # short waits ride SQS's own delay; longer ones wait for the releaser
            parked = m.model_copy(update={"status": MessageStatus.DEFERRED})
            self.queue.send(SendJob.of(tenant, parked), delay_seconds=int(delay) + 1)
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
        g, r = self.gateways, render(template, values)
        if m.channel is Channel.EMAIL:
            mail = self._email(tenant, m, r.body, settings.negocia_url or "")
            sent = g.email.send_email(
                tenant, settings.email, contact.value, r.subject, mail.text, mail.html, mail.opt_out_url
            )
            return sent, ""
        if m.channel is Channel.SMS:
            return g.sms.send_sms(settings.sms_from, contact.value.lstrip("+"), r.body), ""
        if m.channel is Channel.WHATSAPP:
            ref = template.whatsapp
            assert ref is not None  # sendable() checked it
            to = contact.value.lstrip("+")
            return g.whatsapp.send_template(
                settings.whatsapp_phone_number_id, to, ref.name, ref.language, r.parameters
            ), ""
        text = r.body
        address = f"{values['#NOME#']}\n{contact.value}"
        key = object_keys.letter(tenant, m.run_date, m.id)
        from cobranca.documents.pdf import Letter, render_letters  # reportlab loads only for a PDF

        today = self.clock.now().astimezone(SAO_PAULO).date()
        letter = Letter(address, text, today, values["#LINK_NEGOCIA#"])
        g.objects.put(key, render_letters([letter], self._collector(tenant)), "application/pdf")
        return key, f"{address}\n\n\n{text}"

    def _email(self, tenant: str, m: Message, text: str, portal_url: str) -> Email:
        """The e-mail's parts: signed by the agency, with the link that stops e-mails to this debtor."""
        collector = self._collector(tenant)
        token = opt_out_token(self.key(), tenant, m.debtor_id, m.channel.value) if self.key else ""
        return compose(text, collector, opt_out_link(portal_url, tenant, token) if token else "")

    def _collector(self, tenant: str) -> Collector | None:
        """Who signs e-mails and letters: the collecting agency."""
        company = self._once(self.company, tenant) if self.company else None
        return collector_of(company) if company is not None else None

    def _invalidate(self, tenant: str, debtor: Debtor, contact: Contact, reason: str) -> None:
        now = iso_utc(self.clock.now())
        invalid = contact.model_copy(
            update={"valid": False, "invalid_reason": reason[:200], "updated_at": now}
        )
        history = HistoryEntry.new(
            at=now,
            actor="sender",
            action="contact.invalidated",
            detail=f"Contato {masked(contact)} marcado inválido pelo provedor: {reason[:200]}",
        )
        self.portfolio.update_contact(tenant, debtor.id, invalid, history)

    def _end(
        self, tenant: str, m: Message, status: MessageStatus, error: str, destination: Contact | None = None
    ) -> MessageStatus:
        """After a claim: the message is this delivery's, so its final record is written."""
        done, history = outcome(m, status, error, destination, iso_utc(self.clock.now()))
        self.repo.finish(tenant, done, history)
        return status

    def _end_unsent(self, tenant: str, m: Message, status: MessageStatus, error: str) -> MessageStatus | None:
        """Decided without a claim (nothing to collect, can never go): only while it is still waiting."""
        now = iso_utc(self.clock.now())
        done, history = outcome(m, status, error, None, now)
        if self.repo.finish(tenant, done, history, unclaimed_at=now):
            return status
        self._taken(tenant, m.id)
        return None
