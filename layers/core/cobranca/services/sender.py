"""The sender (F42–F46, B1, B2): one message at a time, only inside its windows and limits.

A message is claimed with a lease (so two deliveries of one job never both send), checked against
what is still open, the legal and tenant windows, the per-debtor cap, the daily quota and the batch
size, then delivered through its channel. What cannot go now is deferred to the next allowed moment
(never dropped, never sent early); a transient provider error raises so SQS retries with backoff; a
permanent one marks the contact invalid and ends the message.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from decimal import Decimal

from cobranca.domain.channels import MessageChannel
from cobranca.domain.contact_windows import next_allowed
from cobranca.domain.dates import SAO_PAULO, Clock, days_late, iso_utc
from cobranca.domain.debt import CorrectionIndex, DebtCalculator
from cobranca.domain.documents import parse_document
from cobranca.domain.ids import new_id
from cobranca.domain.messages import DeliveryFailed, Message, MessageStatus
from cobranca.domain.portfolio import Contact, ContactKind, Creditor, Debtor, HistoryEntry
from cobranca.domain.privacy import mask_document, mask_email, mask_phone
from cobranca.domain.rulers import AppliesTo
from cobranca.domain.sending import SendingSettings, cap_allows
from cobranca.domain.templates import Template
from cobranca.domain.term import brl, fill
from cobranca.jobs import SendJob
from cobranca.ports import (
    EmailGateway,
    JobQueue,
    ObjectStore,
    SenderPortfolio,
    SenderStore,
    SmsGateway,
    WhatsAppGateway,
)

LEASE_SECONDS = 60
BATCH_PAUSE_SECONDS = 60


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

    def start_batch(self) -> None:
        """One SQS batch = one 'lote': the per-batch maximum counts from here."""
        self._batch.clear()

    # ------------------------------------------------------------- one message
    def deliver(self, tenant: str, key: str) -> MessageStatus | None:
        now = self.clock.now()
        claimed = self.repo.claim(tenant, key, iso_utc(now), iso_utc(now + timedelta(seconds=LEASE_SECONDS)))
        if claimed is None:
            current = self.repo.get_message(tenant, key)
            if current is not None and current.status is MessageStatus.SENDING:
                # another delivery holds the lease (or crashed holding it): SQS tries again later
                raise MessageBusy(key)
            return None  # already final (sent, failed, skipped) or unknown
        m = claimed
        settings = self.repo.get_settings(tenant)
        debtor, has_agreement = self.repo.debtor_for_contact(tenant, m.debtor_id)

        still_open = self.repo.open_items(tenant, m.debtor_id, [(i.kind, i.id) for i in m.items])
        items = [i for i in m.items if i.id in still_open]
        if has_agreement:  # B5: a debtor with an active agreement gets installment reminders only
            items = [i for i in items if i.kind is AppliesTo.INSTALLMENTS]
        if not items:
            reason = "devedor com acordo ativo" if has_agreement else "nada mais a cobrar (pago ou em acordo)"
            return self._end(tenant, m, MessageStatus.SKIPPED, reason)
        m = m.model_copy(update={"items": items})

        template = self.repo.get_template(tenant, m.template_id)
        if not template.sendable:
            return self._end(tenant, m, MessageStatus.FAILED, "modelo de WhatsApp não aprovado")
        missing = _missing_setting(settings, m.channel)
        if missing:
            return self._end(tenant, m, MessageStatus.FAILED, f"configuração de envio incompleta: {missing}")
        contact = _destination(debtor, m.channel)
        if contact is None:
            return self._end(tenant, m, MessageStatus.FAILED, f"sem contato válido para {m.channel.value}")

        wait = self._when(tenant, m, settings, debtor, now)
        if wait is not None:
            return self._defer(tenant, m, wait, now)

        creditor = self.portfolio.get_creditor(tenant, m.creditor_id)
        values = self._values(tenant, m, debtor, creditor, settings)
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

    # ------------------------------------------------------------- windows and limits
    def _when(
        self, tenant: str, m: Message, settings: SendingSettings, debtor: Debtor, now: datetime
    ) -> datetime | None:
        """None to send now, else the moment to try again."""
        channel = settings.channel(m.channel)
        window = channel.window
        allowed = next_allowed(now, m.channel.window_channel, debtor.uf, window)
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
        over_quota = not self._reserve_contact(tenant, m, today, settings) or (
            channel.daily_max is not None
            and not self.repo.take_quota(tenant, m.channel.value, today.isoformat(), channel.daily_max)
        )
        if over_quota:
            return next_allowed(tomorrow, m.channel.window_channel, debtor.uf, window) or tomorrow
        return None

    def _reserve_contact(self, tenant: str, m: Message, today: date, settings: SendingSettings) -> bool:
        """Counts this contact for the debtor today (B2) unless the cap is full. A retry the same day
        finds its own entry; a reservation left on an earlier day (its send was deferred) moves to today
        and is checked again, so the cap counts the day the debtor is actually contacted."""
        mine, dated = f"|{m.id}", f"{today.isoformat()}|{m.id}"
        for _ in range(5):  # optimistic: another message to this debtor may write in between
            entries, version = self.repo.contact_days(tenant, m.debtor_id)
            if dated in entries:
                return True
            keep = [
                e
                for e in entries
                if not e.endswith(mine) and date.fromisoformat(e[:10]) > today - timedelta(days=7)
            ]
            days = [date.fromisoformat(e[:10]) for e in keep]
            if not cap_allows(days, today, settings.debtor_daily_max, settings.debtor_weekly_max):
                return False
            if self.repo.record_contact(tenant, m.debtor_id, [*keep, dated], version):
                return True
        return False

    def _defer(self, tenant: str, m: Message, when: datetime, now: datetime) -> MessageStatus:
        self.repo.defer(tenant, m, iso_utc(when), when.astimezone(SAO_PAULO).date().isoformat())
        delay = (when - now).total_seconds()
        if delay <= 900:  # short waits ride SQS's own delay; longer ones wait for the releaser
            self.queue.send(SendJob(tenant=tenant, message=m.id), delay_seconds=int(delay) + 1)
        return MessageStatus.DEFERRED

    # ------------------------------------------------------------- content and delivery
    def _values(
        self, tenant: str, m: Message, debtor: Debtor, creditor: Creditor, settings: SendingSettings
    ) -> dict[str, str]:
        today = self.clock.now().astimezone(SAO_PAULO).date()
        policy = creditor.policy
        index = policy.correction_index
        series = (
            self.portfolio.get_index_series(tenant, index.value) if index is not CorrectionIndex.NONE else {}
        )
        calculator = DebtCalculator(policy, series)
        updated = Decimal(0)
        for i in m.items:
            if i.kind is AppliesTo.TITLES:
                updated += calculator.update(i.amount, i.due_date, today).total
            else:
                updated += i.amount
        first_due = min(i.due_date for i in m.items)
        return {
            "#NOME#": debtor.name,
            "#PRIMEIRO_NOME#": debtor.name.split()[0].title(),
            "#DOCUMENTO_MASCARADO#": mask_document(debtor.document),
            "#VALOR_ORIGINAL#": brl(sum((i.amount for i in m.items), Decimal(0))),
            "#VALOR_ATUALIZADO#": brl(updated),
            "#VENCIMENTO#": f"{first_due:%d/%m/%Y}",
            "#DIAS_ATRASO#": str(days_late(first_due, today)),
            "#TITULOS#": ", ".join(i.label or i.id for i in m.items),
            "#CREDOR#": creditor.name,
            "#CNPJ_CREDOR#": parse_document(creditor.document).formatted,
            "#LINK_NEGOCIA#": settings.negocia_url or "",
        }

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
        if m.channel is MessageChannel.EMAIL:
            subject, text = fill(template.subject, values), fill(template.body, values)
            return g.email.send_email(tenant, settings.email, contact.value, subject, text), ""
        if m.channel is MessageChannel.SMS:
            return g.sms.send_sms(
                settings.sms_from, contact.value.lstrip("+"), fill(template.body, values)
            ), ""
        if m.channel is MessageChannel.WHATSAPP:
            ref = template.whatsapp
            assert ref is not None  # sendable() checked it
            params = [values.get(w, "") for w in ref.parameters]
            to = contact.value.lstrip("+")
            return g.whatsapp.send_template(
                settings.whatsapp_phone_number_id, to, ref.name, ref.language, params
            ), ""
        text = fill(template.body, values)
        address = f"{values['#NOME#']}\n{contact.value}"
        key = f"letters/{tenant}/{m.run_date.isoformat()}/{m.id.replace(':', '_')}.pdf"
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
            detail=f"Contato {_masked(contact)} marcado inválido pelo provedor: {reason[:200]}",
        )
        self.portfolio.update_contact(tenant, debtor.id, invalid, history)

    def _end(
        self, tenant: str, m: Message, status: MessageStatus, error: str, destination: Contact | None = None
    ) -> MessageStatus:
        now = iso_utc(self.clock.now())
        done = m.model_copy(
            update={
                "status": status,
                "error": error,
                "updated_at": now,
                "attempts": m.attempts + 1,
                "destination": _masked(destination) if destination else m.destination,
            }
        )
        verb = {
            MessageStatus.SENT: "enviado",
            MessageStatus.FAILED: "não enviado",
            MessageStatus.SKIPPED: "dispensado",
        }
        detail = f"{m.channel.value.upper()} {verb[status]}"
        if destination is not None:
            detail += f" para {done.destination}"
        detail += f" ({m.origin}, passo {m.step})" + (f": {error}" if error else "")
        history = HistoryEntry(
            id=new_id(),
            at=now,
            actor="sender",
            action=f"message.{status.value}",
            detail=detail,
            data={"message": m.id, "channel": m.channel.value, "items": [i.id for i in m.items]},
        )
        self.repo.finish(tenant, done, history)
        return status


def _missing_setting(settings: SendingSettings, channel: MessageChannel) -> str:
    if channel is MessageChannel.SMS and not settings.sms_from:
        return "sms_from (remetente do SMS)"
    if channel is MessageChannel.WHATSAPP and not settings.whatsapp_phone_number_id:
        return "whatsapp_phone_number_id (número do WhatsApp)"
    return ""


def _destination(debtor: Debtor, channel: MessageChannel) -> Contact | None:
    kind = {
        MessageChannel.EMAIL: ContactKind.EMAIL,
        MessageChannel.SMS: ContactKind.PHONE,
        MessageChannel.WHATSAPP: ContactKind.PHONE,
        MessageChannel.LETTER: ContactKind.ADDRESS,
    }[channel]
    candidates = [c for c in debtor.contacts if c.kind is kind and c.valid]
    if channel in (MessageChannel.SMS, MessageChannel.WHATSAPP):
        # mobile numbers only: +55 DD 9XXXX-XXXX
        candidates = [c for c in candidates if len(c.value) == 14 and c.value[5] == "9"]
    return candidates[0] if candidates else None


def _masked(contact: Contact) -> str:
    if contact.kind is ContactKind.EMAIL:
        return mask_email(contact.value)
    if contact.kind is ContactKind.PHONE:
        return mask_phone(contact.value)
    return contact.value.split(",")[-1].strip() if contact.address is None else contact.address.city
