"""What decides one delivery before it goes out (F42–F46, B5): which of its items are still to collect,
which contact receives it, what would make it fail, and the values its wildcards take."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, replace
from datetime import date, datetime
from decimal import Decimal
from enum import StrEnum

from cobranca.domain.calls import contacts_paused_until
from cobranca.domain.channels import CHANNEL_LABELS, Channel, MessageChannel
from cobranca.domain.charges import grouped_line
from cobranca.domain.contacts import Contact, ContactKind, address_line, is_mobile
from cobranca.domain.dates import days_late
from cobranca.domain.debt import DebtCalculator
from cobranca.domain.documents import DocumentKind, parse_document
from cobranca.domain.messages import ItemRef, Message, MessageStatus
from cobranca.domain.money import brl
from cobranca.domain.portal import personal_link
from cobranca.domain.portfolio import Creditor, Debtor, HistoryEntry
from cobranca.domain.privacy import mask_document, mask_email, mask_phone
from cobranca.domain.rulers import AppliesTo
from cobranca.domain.sending import SendingSettings, with_contact
from cobranca.domain.templates import Rendered, Template, render

CONTACT_KIND = {
    Channel.EMAIL: ContactKind.EMAIL,
    Channel.SMS: ContactKind.PHONE,
    Channel.WHATSAPP: ContactKind.PHONE,
    Channel.LETTER: ContactKind.ADDRESS,
}


@dataclass(frozen=True)
class ContactView:
    """What the sender reads of a debtor in one query: the debtor and contacts, whether an agreement
    is active, and the per-debtor cap's entries ('YYYY-MM-DD|message key') with their version."""

    debtor: Debtor
    has_agreement: bool
    cap_entries: list[str]
    cap_version: int
    promised: date | None = None  # the date of the debtor's promise to pay, if any


@dataclass(frozen=True)
class Claim:
    """What one delivery takes before it sends, all together or nothing: the message (it must be
    waiting, or its lease expired by `now`) leased until `lease_until`; each of its items still open;
    the debtor's cap as `with_contact` left it, replacing the version read (None: this message is
    already counted); and one more send of the channel's daily quota (None: no quota)."""

    message: Message
    now: str
    lease_until: str
    cap: tuple[list[str], int] | None = None  # (entries, version read)
    quota: tuple[str, int] | None = None  # (São Paulo date, the channel's daily maximum)


class WaitReason(StrEnum):
    """Why the sender parks a message (shown in the run report)."""

    PROMISE = "promessa de pagamento"
    WINDOW = "fora do horário permitido"
    BATCH = "lote cheio"
    CAP = "limite de contatos do devedor"
    QUOTA = "cota diária do canal"


@dataclass(frozen=True)
class Wait:
    """A message that cannot go now: when to try again, and why."""

    until: datetime
    reason: WaitReason


@dataclass(frozen=True)
class ClaimRefused:
    """Which part of a Claim did not hold (nothing of it was written)."""

    taken: bool = False  # the message is final or leased by another delivery
    closed: frozenset[str] = frozenset()  # items paid, cancelled or settled meanwhile
    cap_moved: bool = False  # another message to this debtor counted first: read the cap again
    over_quota: bool = False  # the channel's daily maximum is reached


def to_collect(items: Iterable[ItemRef], has_agreement: bool, closed: Iterable[str] = ()) -> list[ItemRef]:
    """The items not closed; B5: a debtor with an active agreement gets installment reminders only."""
    gone = set(closed)
    kept = [i for i in items if i.id not in gone]
    return [i for i in kept if i.kind is AppliesTo.INSTALLMENTS] if has_agreement else kept


def nothing_to_collect(has_agreement: bool) -> str:
    return "devedor com acordo ativo" if has_agreement else "nada mais a cobrar (pago ou em acordo)"


def destination(debtor: Debtor, channel: MessageChannel) -> Contact | None:
    """The first valid contact of the channel's kind; SMS and WhatsApp reach mobile numbers only; none
    for a channel the debtor asked to stop."""
    if channel in debtor.opted_out:
        return None
    candidates = [c for c in debtor.contacts if c.kind is CONTACT_KIND[channel] and c.valid]
    if channel in (Channel.SMS, Channel.WHATSAPP):
        candidates = [c for c in candidates if is_mobile(c.value)]
    return candidates[0] if candidates else None


def opted_out(debtor: Debtor, channel: MessageChannel) -> str | None:
    """Why the message is dispensed: the debtor asked not to receive this channel (other channels go)."""
    if channel not in debtor.opted_out:
        return None
    return f"o devedor pediu para não receber mensagens por {CHANNEL_LABELS[channel]}"


def refusal(
    template: Template, settings: SendingSettings, channel: MessageChannel, contact: Contact | None
) -> str | None:
    """Why the message can never go as it is (it fails), or None."""
    if not template.sendable:
        return "modelo de WhatsApp não aprovado"
    if channel is Channel.SMS and not settings.sms_from:
        return "configuração de envio incompleta: sms_from (remetente do SMS)"
    if channel is Channel.WHATSAPP and not settings.whatsapp_phone_number_id:
        return "configuração de envio incompleta: whatsapp_phone_number_id (número do WhatsApp)"
    if contact is None:
        return f"sem contato válido para {channel.value}"
    return None


def updated_amount(items: Iterable[ItemRef], calculator: DebtCalculator, on: date) -> Decimal:
    """Titles updated by the creditor's policy; installments are owed as agreed."""
    total = Decimal(0)
    for i in items:
        titles = i.kind is AppliesTo.TITLES
        total += calculator.update(i.amount, i.due_date, on, i.paid).total if titles else i.amount
    return total


def first_name(debtor: Debtor) -> str:
    """How a message greets the debtor: a person by the first name, a company by its whole name."""
    if debtor.document_kind == DocumentKind.CNPJ:
        return debtor.name
    return debtor.name.split()[0].title()


def wildcard_values(
    debtor: Debtor, creditor: Creditor, items: list[ItemRef], updated: Decimal, on: date, portal_url: str
) -> dict[str, str]:
    """What each of templates.WILDCARDS says in this message."""
    first_due = min(i.due_date for i in items)
    charged = next(
        (i for i in sorted(items, key=lambda i: i.due_date) if i.payment_url or i.pix_payload), None
    )
    portal_url = personal_link(portal_url, debtor.id)
    elsewhere = f"(veja em {portal_url})"
    line = charged.boleto_line if charged else None
    creditor_document = parse_document(creditor.document)
    creditor_address = address_line(creditor.address)
    return {
        "#NOME#": debtor.name,
        "#PRIMEIRO_NOME#": first_name(debtor),
        "#DOCUMENTO_MASCARADO#": mask_document(debtor.document),
        "#VALOR_ORIGINAL#": brl(sum((i.amount for i in items), Decimal(0))),
        "#VALOR_ATUALIZADO#": brl(updated),
        "#VENCIMENTO#": f"{first_due:%d/%m/%Y}",
        "#DIAS_ATRASO#": str(days_late(first_due, on)),
        "#TITULOS#": ", ".join(i.label or i.id for i in items),
        "#CREDOR#": creditor.name,
        "#CNPJ_CREDOR#": creditor_document.formatted,
        "#ENDERECO_CREDOR#": creditor_address,
        "#IDENTIFICACAO_CREDOR#": ", ".join(
            p
            for p in (
                creditor.name,
                f"{creditor_document.kind.value} {creditor_document.formatted}",
                creditor_address,
            )
            if p
        ),
        "#LINK_NEGOCIA#": portal_url,
        "#LINHA_DIGITAVEL#": grouped_line(line) if line else elsewhere,
        "#PIX_COPIA_E_COLA#": (charged.pix_payload if charged else None) or elsewhere,
        "#LINK_PAGAMENTO#": (charged.payment_url if charged else None) or portal_url,
    }


def message_for(
    template: Template,
    view: tuple[Debtor, Creditor],
    items: list[ItemRef],
    calculator: DebtCalculator,
    on: date,
    portal_url: str,
) -> Rendered:
    """The template as this debtor would receive it on `on`, about these items of this creditor."""
    debtor, creditor = view
    updated = updated_amount(items, calculator, on)
    return render(template, wildcard_values(debtor, creditor, items, updated, on, portal_url))


class Held(StrEnum):
    """Why a planned message would not reach the debtor today (a batch's dry run counts them)."""

    NO_CONTACT = "no_contact"  # no valid contact for the channel: it would fail
    CAP = "cap"  # the per-debtor cap is full: it would wait
    PROMISE = "promise"  # a promise to pay holds: it would wait until the day after


def held(
    view: ContactView, channel: MessageChannel, key: str, on: date, settings: SendingSettings
) -> tuple[Held | None, ContactView]:
    """Why message `key` would not reach the debtor on `on`, and the view once it counted (so a second
    message to the same debtor in one batch meets the cap the first one filled)."""
    if destination(view.debtor, channel) is None:
        return Held.NO_CONTACT, view
    if contacts_paused_until(view.promised, on) is not None:
        return Held.PROMISE, view
    cap = with_contact(view.cap_entries, key, on, settings.debtor_daily_max, settings.debtor_weekly_max)
    return (Held.CAP, view) if cap is None else (None, replace(view, cap_entries=cap))


def masked(contact: Contact) -> str:
    """How a contact appears in a message record and the history: never in full (LGPD)."""
    if contact.kind is ContactKind.EMAIL:
        return mask_email(contact.value)
    if contact.kind is ContactKind.PHONE:
        return mask_phone(contact.value)
    return contact.value.split(",")[-1].strip() if contact.address is None else contact.address.city


VERBS = {
    MessageStatus.SENT: "enviado",
    MessageStatus.FAILED: "não enviado",
    MessageStatus.SKIPPED: "dispensado",
}


ORIGINS = {"ruler": "régua", "batch": "ação em lote", "manual": "envio avulso"}


def step_label(m: Message) -> str:
    """Where a message came from, as an operator says it: 'régua, D+3', 'régua, parcela D-2',
    'ação em lote' (the step key is '<ruler>.<t|i><offset>.<channel>')."""
    origin = ORIGINS.get(m.origin.partition(":")[0], m.origin)
    parts = m.step.split(".")
    target = parts[-2] if len(parts) >= 3 else ""
    if origin != ORIGINS["ruler"] or len(target) < 2:
        return origin
    offset = target[1:]
    return f"{origin}, {'parcela ' if target[0] == 'i' else ''}D{offset}"


def outcome(
    m: Message, status: MessageStatus, error: str, destination: Contact | None, now: str
) -> tuple[Message, HistoryEntry]:
    """The message's final record and the line the debtor's history gets (the contact masked)."""
    done = m.model_copy(
        update={
            "status": status,
            "error": error,
            "updated_at": now,
            "attempts": m.attempts + 1,
            "destination": masked(destination) if destination else m.destination,
        }
    )
    detail = f"{m.channel.value.upper()} {VERBS[status]}"
    if destination is not None:
        detail += f" para {done.destination}"
    detail += f" ({step_label(m)})" + (f": {error}" if error else "")
    history = HistoryEntry.new(
        at=now,
        actor="sender",
        action=f"message.{status.value}",
        detail=detail,
        data={"message": m.id, "channel": m.channel.value, "items": [i.id for i in m.items]},
    )
    return done, history
