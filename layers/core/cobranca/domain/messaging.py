"""Message templates, rulers (régua de cobrança) and sending settings (F40–F42, F44, F46, B2).

Pure rules: which wildcards exist and how they fill, what a template must say (CDC art. 42-A), which
items a ruler step reaches on a run date, the dedupe key of an action, and the per-debtor cap.
"""

from __future__ import annotations

import ipaddress
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, time, timedelta
from decimal import Decimal
from enum import StrEnum
from typing import Annotated

from pydantic import AfterValidator, Field, model_validator

from cobranca.domain.contact_windows import Channel, TenantWindow
from cobranca.domain.dates import LocalTime
from cobranca.domain.debt import prescribed
from cobranca.domain.documents import DocumentKind
from cobranca.domain.errors import InvalidInput
from cobranca.domain.model import Command, Entity, Patch
from cobranca.domain.term import WILDCARD

WILDCARDS = {
    "#NOME#": "nome do devedor",
    "#PRIMEIRO_NOME#": "primeiro nome do devedor",
    "#DOCUMENTO_MASCARADO#": "CPF/CNPJ com dígitos ocultos (***.456.789-**)",
    "#VALOR_ORIGINAL#": "soma dos valores originais (R$)",
    "#VALOR_ATUALIZADO#": "valor atualizado na data do envio (R$)",
    "#VENCIMENTO#": "vencimento (dd/mm/aaaa)",
    "#DIAS_ATRASO#": "dias de atraso na data do envio (0 se a vencer)",
    "#TITULOS#": "números dos títulos (ou 'parcela N do acordo A-…')",
    "#CREDOR#": "nome do credor",
    "#CNPJ_CREDOR#": "CPF/CNPJ do credor, formatado",
    "#LINK_NEGOCIA#": "endereço do Negocia Online",
}
# CDC art. 42-A: every collection document names the supplier by name and CPF/CNPJ.
CREDITOR_IDENTITY = ("#CREDOR#", "#CNPJ_CREDOR#")
SMS_MAX_CHARS = 480  # three concatenated segments; longer texts are refused, not cut
MAX_CAP_DAYS = 7


class MessageChannel(StrEnum):
    EMAIL = "email"
    SMS = "sms"
    WHATSAPP = "whatsapp"
    LETTER = "letter"

    @property
    def window_channel(self) -> Channel:
        return Channel(self.value)


class StepChannel(StrEnum):
    EMAIL = "email"
    SMS = "sms"
    WHATSAPP = "whatsapp"
    LETTER = "letter"
    CALL_TASK = "call_task"


class ProviderStatus(StrEnum):
    """WhatsApp template review status at Meta (F44); only approved ones are sent."""

    APPROVED = "approved"
    PENDING = "pending"
    REJECTED = "rejected"


def unknown_wildcards(text: str) -> list[str]:
    return sorted(set(WILDCARD.findall(text)) - set(WILDCARDS))


class WhatsAppTemplateRef(Command):
    """An approved Cloud API template: its name, language and which wildcard fills each {{n}}."""

    name: Annotated[str, Field(pattern=r"^[a-z0-9_]{1,512}$")]
    language: Annotated[str, Field(pattern=r"^[a-z]{2,3}(_[A-Z]{2})?$")] = "pt_BR"
    parameters: Annotated[list[str], Field(max_length=20)] = Field(
        default_factory=list, description="wildcards in {{1}}, {{2}}… order, e.g. ['#NOME#']"
    )
    status: ProviderStatus = ProviderStatus.PENDING


class TemplateIn(Command):
    channel: MessageChannel
    name: Annotated[str, Field(min_length=1, max_length=100)]
    subject: Annotated[str, Field(max_length=200)] = ""
    body: Annotated[str, Field(max_length=20000)] = ""
    whatsapp: WhatsAppTemplateRef | None = None


class TemplatePatch(Patch):
    name: Annotated[str, Field(min_length=1, max_length=100)] | None = None
    subject: Annotated[str, Field(max_length=200)] | None = None
    body: Annotated[str, Field(max_length=20000)] | None = None
    whatsapp: WhatsAppTemplateRef | None = None


class Template(Entity):
    id: str
    channel: MessageChannel
    name: str
    subject: str = ""
    body: str = ""
    whatsapp: WhatsAppTemplateRef | None = None
    created_at: str
    updated_at: str

    @property
    def sendable(self) -> bool:
        return self.channel is not MessageChannel.WHATSAPP or (
            self.whatsapp is not None and self.whatsapp.status is ProviderStatus.APPROVED
        )


def check_template(t: Template) -> Template:
    """Refuses what would reach a debtor wrong: unknown wildcards, no creditor identity, no subject."""
    for field, text in (("subject", t.subject), ("body", t.body)):
        unknown = unknown_wildcards(text)
        if unknown:
            raise InvalidInput(field, f"curinga(s) desconhecido(s): {', '.join(unknown)}")
    if t.channel is MessageChannel.WHATSAPP:
        if t.whatsapp is None:
            raise InvalidInput("whatsapp", "informe o modelo aprovado no WhatsApp (nome, idioma, parâmetros)")
        for n, wildcard in enumerate(t.whatsapp.parameters):
            if wildcard not in WILDCARDS:
                raise InvalidInput(f"whatsapp.parameters.{n}", f"curinga desconhecido: {wildcard}")
        return t
    if t.whatsapp is not None:
        raise InvalidInput("whatsapp", "só modelos de WhatsApp têm modelo aprovado")
    if not t.body.strip():
        raise InvalidInput("body", "o texto da mensagem é obrigatório")
    if t.channel is MessageChannel.EMAIL and not t.subject.strip():
        raise InvalidInput("subject", "o assunto é obrigatório para e-mail")
    if t.channel in (MessageChannel.EMAIL, MessageChannel.LETTER):
        text = t.subject + t.body
        missing = [w for w in CREDITOR_IDENTITY if w not in text]
        if missing:
            raise InvalidInput(
                "body",
                "a cobrança deve identificar o credor por nome e CPF/CNPJ (CDC art. 42-A): "
                f"inclua {' e '.join(missing)}",
            )
    if t.channel is MessageChannel.SMS and len(t.body) > SMS_MAX_CHARS:
        raise InvalidInput("body", f"SMS com no máximo {SMS_MAX_CHARS} caracteres")
    return t


# ------------------------------------------------------------------ rulers
class AppliesTo(StrEnum):
    TITLES = "titles"
    INSTALLMENTS = "installments"


class RulerStep(Command):
    offset_days: Annotated[int, Field(ge=-60, le=365, description="negative = before the due date")]
    channel: StepChannel
    template_id: str | None = None
    applies_to: AppliesTo = AppliesTo.TITLES

    @model_validator(mode="after")
    def _template(self) -> RulerStep:
        if self.channel is StepChannel.CALL_TASK:
            self.template_id = None
        elif not self.template_id:
            raise ValueError("template_id é obrigatório para envio de mensagem")
        return self

    def key(self, ruler_id: str) -> str:
        """Stable across edits of other steps: the ruler, the offset, the channel and the target."""
        return f"{ruler_id}.{self.applies_to.value[0]}{self.offset_days:+d}.{self.channel.value}"


Amount = Annotated[Decimal, Field(ge=0, max_digits=14, decimal_places=2)]


class RulerScope(Command):
    """Which items a ruler reaches; an empty list means any."""

    creditor_ids: list[str] = Field(default_factory=list)
    category_ids: list[str] = Field(default_factory=list)
    debtor_kind: DocumentKind | None = Field(None, description="cpf (PF) or cnpj (PJ); null = both")
    min_amount: Amount | None = None
    max_amount: Amount | None = None

    @model_validator(mode="after")
    def _range(self) -> RulerScope:
        if self.min_amount is not None and self.max_amount is not None and self.min_amount > self.max_amount:
            raise ValueError("min_amount maior que max_amount")
        return self


class RulerIn(Command):
    name: Annotated[str, Field(min_length=1, max_length=100)]
    active: bool = True
    scope: RulerScope = Field(default_factory=RulerScope)
    steps: Annotated[list[RulerStep], Field(min_length=1, max_length=30)]

    @model_validator(mode="after")
    def _distinct(self) -> RulerIn:
        keys = [s.key("") for s in self.steps]
        if len(set(keys)) != len(keys):
            raise ValueError("dois passos com o mesmo dia, canal e alvo")
        self.steps = sorted(self.steps, key=lambda s: (s.applies_to.value, s.offset_days))
        return self


class RulerPatch(Patch):
    name: Annotated[str, Field(min_length=1, max_length=100)] | None = None
    active: bool | None = None
    scope: RulerScope | None = None
    steps: Annotated[list[RulerStep], Field(min_length=1, max_length=30)] | None = None


class Ruler(Entity):
    id: str
    name: str
    active: bool
    scope: RulerScope
    steps: list[RulerStep]
    created_at: str
    updated_at: str


@dataclass(frozen=True, slots=True)
class DueItem:
    """An open title or pending installment as the due-date index holds it (no other read needed)."""

    kind: AppliesTo
    id: str  # title id, or "<agreement id>.<installment number>"
    debtor_id: str
    creditor_id: str
    amount: Decimal
    due_date: date
    debtor_kind: DocumentKind | None
    category_id: str | None
    label: str = ""  # the title number, or "parcela N"


def in_scope(scope: RulerScope, item: DueItem) -> bool:
    return (
        (not scope.creditor_ids or item.creditor_id in scope.creditor_ids)
        and (not scope.category_ids or item.category_id in scope.category_ids)
        and (scope.debtor_kind is None or item.debtor_kind is scope.debtor_kind)
        and (scope.min_amount is None or item.amount >= scope.min_amount)
        and (scope.max_amount is None or item.amount <= scope.max_amount)
    )


def due_dates(rulers: Iterable[Ruler], run_date: date) -> dict[date, list[tuple[Ruler, RulerStep]]]:
    """For each due date to read, the active steps that reach it on run_date (due = run − offset)."""
    plan: dict[date, list[tuple[Ruler, RulerStep]]] = {}
    for ruler in rulers:
        if ruler.active:
            for step in ruler.steps:
                plan.setdefault(run_date - timedelta(days=step.offset_days), []).append((ruler, step))
    return plan


@dataclass(frozen=True)
class Action:
    """One contact decided by the ruler: a debtor, a step, the items it is about."""

    key: str
    ruler_id: str
    step: RulerStep
    debtor_id: str
    creditor_id: str
    items: tuple[DueItem, ...]


def action_key(tenant: str, item: str, step_key: str, run_date: date) -> str:
    return f"{tenant}:{item}:{step_key}:{run_date.isoformat()}"


def plan_actions(
    tenant: str, run_date: date, steps: list[tuple[Ruler, RulerStep]], items: Iterable[DueItem]
) -> list[Action]:
    """The actions of one due date: in each step's scope, one per debtor and creditor (the 'item' of
    the key), listing every title or installment the step reaches, so a debtor with three titles due
    gets one message naming its creditor (CDC art. 42-A), not three."""
    grouped: dict[tuple[str, str, str], list[DueItem]] = {}
    rulers: dict[str, tuple[Ruler, RulerStep]] = {}
    for item in items:
        if prescribed(item.due_date, run_date):  # B12: never collected out of court
            continue
        for ruler, step in steps:
            if step.applies_to is item.kind and in_scope(ruler.scope, item):
                step_key = step.key(ruler.id)
                rulers[step_key] = (ruler, step)
                grouped.setdefault((step_key, item.debtor_id, item.creditor_id), []).append(item)
    return [
        Action(
            key=action_key(tenant, f"{debtor_id}~{creditor_id}", step_key, run_date),
            ruler_id=rulers[step_key][0].id,
            step=rulers[step_key][1],
            debtor_id=debtor_id,
            creditor_id=creditor_id,
            items=tuple(sorted(group, key=lambda i: i.id)),
        )
        for (step_key, debtor_id, creditor_id), group in sorted(grouped.items())
    ]


def send_job(tenant: str, key: str) -> dict[str, str]:
    """The body of a send-queue job: the message record holds everything else."""
    return {"tenant": tenant, "message": key}


def run_dates(last_run: date | None, today: date, max_catch_up: int = 7) -> list[date]:
    """Days still to run: after the last run through today, at most max_catch_up of them."""
    if last_run is not None and last_run >= today:
        return []
    first = today - timedelta(days=max_catch_up - 1)
    if last_run is not None:
        first = max(first, last_run + timedelta(days=1))
    return [first + timedelta(days=n) for n in range((today - first).days + 1)]


# ------------------------------------------------------------------ sending settings (F46, B2)
Weekday = Annotated[int, Field(ge=1, le=7)]


class ChannelSettings(Command):
    weekdays: Annotated[list[Weekday], Field(min_length=0, max_length=7)] = Field(
        default_factory=lambda: [1, 2, 3, 4, 5, 6]
    )
    start: LocalTime = Field(time(8), description="on São Paulo's clock; legal hours apply on the debtor's")
    end: LocalTime = Field(time(20), description="exclusive, on São Paulo's clock")
    daily_max: Annotated[int, Field(ge=0, le=1_000_000)] | None = Field(
        None, description="sends per day for the tenant on this channel; null = no limit"
    )
    batch_max: Annotated[int, Field(ge=1, le=10_000)] | None = Field(
        None, description="sends per batch ('5 at a time'); the rest wait a minute"
    )

    @model_validator(mode="after")
    def _ordered(self) -> ChannelSettings:
        if self.end <= self.start:
            raise ValueError("o horário final deve ser depois do inicial")
        return self

    @property
    def window(self) -> TenantWindow:
        return TenantWindow(frozenset(self.weekdays), self.start, self.end)


class SmtpSecurity(StrEnum):
    SSL = "ssl"
    STARTTLS = "starttls"
    AUTO = "auto"


def public_address(address: str) -> bool:
    """An address a tenant's SMTP server may have: not loopback, private, link-local, reserved or
    multicast (the sender runs inside our network: a tenant must not make it talk to our own hosts)."""
    try:
        ip = ipaddress.ip_address(address.split("%")[0])
    except ValueError:
        return False
    return ip.is_global and not ip.is_multicast


def _smtp_host(host: str) -> str:
    name = host.strip().lower().rstrip(".")
    try:
        ipaddress.ip_address(name)
    except ValueError:
        if name == "localhost" or name.endswith((".localhost", ".local", ".internal")) or "." not in name:
            raise ValueError("servidor SMTP deve ser um endereço público") from None
        return name
    if not public_address(name):
        raise ValueError("servidor SMTP deve ser um endereço público")
    return name


class SmtpSettings(Command):
    host: Annotated[str, Field(min_length=1, max_length=255), AfterValidator(_smtp_host)]
    port: Annotated[int, Field(ge=1, le=65535)] = 587
    user: Annotated[str, Field(max_length=255)] = ""
    security: SmtpSecurity = SmtpSecurity.AUTO
    password: str | None = Field(None, description="write only: kept in Secrets Manager, never returned")
    password_set: bool = False


def smtp_secret_name(stage: str, tenant: str) -> str:
    """Where a tenant's SMTP password lives in Secrets Manager: under the stage, so a stage's policy
    (cobranca/{stage}/*) reaches its own tenants' passwords and no other stage's."""
    return f"cobranca/{stage}/tenants/{tenant}/smtp-password"


class EmailMode(StrEnum):
    PLATFORM = "platform"  # SES, the tenant's address as sender
    SMTP = "smtp"


class EmailSettings(Command):
    mode: EmailMode = EmailMode.PLATFORM
    from_address: Annotated[str, Field(pattern=r"^[^@\s]+@[^@\s]+\.[^@\s]+$")] | None = None
    from_name: Annotated[str, Field(max_length=100)] = ""
    smtp: SmtpSettings | None = None

    @model_validator(mode="after")
    def _smtp(self) -> EmailSettings:
        if self.mode is EmailMode.SMTP and self.smtp is None:
            raise ValueError("informe o servidor SMTP (host, porta, usuário, segurança)")
        return self


class SendingSettings(Command):
    channels: dict[MessageChannel, ChannelSettings] = Field(default_factory=dict)
    debtor_daily_max: Annotated[int, Field(ge=1, le=10)] = 1
    debtor_weekly_max: Annotated[int, Field(ge=1, le=50)] = 3
    email: EmailSettings = Field(default_factory=EmailSettings)
    sms_from: Annotated[str, Field(max_length=30)] = ""
    whatsapp_phone_number_id: Annotated[str, Field(max_length=40)] = ""
    negocia_url: Annotated[str, Field(max_length=300)] = ""

    def channel(self, channel: MessageChannel) -> ChannelSettings:
        if channel in self.channels:
            return self.channels[channel]
        if channel is MessageChannel.LETTER:  # a letter goes to the print batch any weekday
            return ChannelSettings(weekdays=[1, 2, 3, 4, 5], start=time(0), end=time(23, 59))
        return ChannelSettings()


def cap_allows(contact_days: Iterable[date], day: date, daily_max: int, weekly_max: int) -> bool:
    """B2: at most daily_max contacts on one day and weekly_max in the 7 days ending that day."""
    days = list(contact_days)
    today = sum(1 for d in days if d == day)
    week = sum(1 for d in days if day - timedelta(days=MAX_CAP_DAYS - 1) <= d <= day)
    return today < daily_max and week < weekly_max


def recent(contact_days: Iterable[date], day: date) -> list[date]:
    """The contact days still relevant to the cap on `day` (older ones are forgotten)."""
    return sorted(d for d in contact_days if d > day - timedelta(days=MAX_CAP_DAYS))


# ------------------------------------------------------------------ rendering helpers
def mask_document(document: str) -> str:
    """CPF 12345678909 -> ***.456.789-**; CNPJ keeps the branch and hides the rest (LGPD)."""
    if len(document) == 11:
        return f"***.{document[3:6]}.{document[6:9]}-**"
    return f"**.***.{document[5:8]}/{document[8:12]}-**"


def mask_phone(phone: str) -> str:
    return f"{phone[:5]}*****{phone[-2:]}" if len(phone) > 8 else "***"


def mask_email(email: str) -> str:
    user, _, domain = email.partition("@")
    return f"{user[:1]}***@{domain}"


def days_late(due: date, on: date) -> int:
    return max(0, (on - due).days)


# ------------------------------------------------------------------ messages and call tasks
class MessageStatus(StrEnum):
    QUEUED = "queued"
    DEFERRED = "deferred"
    SENDING = "sending"
    SENT = "sent"
    FAILED = "failed"  # permanent: invalid destination, no contact, template not approved
    SKIPPED = "skipped"  # nothing to collect any more (paid, in agreement) when its turn came

    @property
    def final(self) -> bool:
        return self in (MessageStatus.SENT, MessageStatus.FAILED, MessageStatus.SKIPPED)


class ItemRef(Entity):
    kind: AppliesTo
    id: str
    label: str = ""
    due_date: date
    amount: Decimal


class Message(Entity):
    """One contact attempt: decided by a ruler step or a batch action, delivered by the sender."""

    id: str = Field(description="the dedupe key tenant:item:step:date")
    origin: str = Field(description="ruler:<ruler id> or batch:<batch id>")
    debtor_id: str
    creditor_id: str
    channel: MessageChannel
    template_id: str
    step: str
    run_date: date
    items: list[ItemRef]
    status: MessageStatus = MessageStatus.QUEUED
    not_before: str | None = None
    attempts: int = 0
    destination: str = Field("", description="masked")
    provider_id: str = ""
    error: str = ""
    body: str = Field("", description="letters only: the text printed in the day's batch")
    created_at: str
    updated_at: str


class TaskStatus(StrEnum):
    OPEN = "open"
    DONE = "done"


class Task(Entity):
    """A call the ruler asks an operator to make (call_task step)."""

    id: str
    debtor_id: str
    debtor_name: str = ""
    operator_id: str | None = None
    step: str
    run_date: date
    items: list[ItemRef]
    status: TaskStatus = TaskStatus.OPEN
    created_at: str


def item_refs(items: Iterable[DueItem]) -> list[ItemRef]:
    return [ItemRef(kind=i.kind, id=i.id, label=i.label, due_date=i.due_date, amount=i.amount) for i in items]


class DeliveryFailed(Exception):
    """A provider refused a message. Transient (5xx, time-out) retries; permanent ends the message and,
    when the destination itself is bad (invalid number or address), marks the contact invalid."""

    def __init__(self, reason: str, *, permanent: bool, bad_destination: bool = True) -> None:
        super().__init__(reason)
        self.reason = reason
        self.permanent = permanent
        self.bad_destination = permanent and bad_destination


# ------------------------------------------------------------------ manual batch action (F41)
MAX_DAYS_LATE = 1825  # five years: past it a title is prescribed (CC art. 206 §5º, I)
DEFAULT_DAYS_LATE = 365  # a year late by default; up to MAX_DAYS_LATE when asked
BATCH_SAMPLE = 10


class DaysLate(Command):
    min: Annotated[int, Field(ge=0, le=MAX_DAYS_LATE)] = 1
    max: Annotated[int, Field(ge=0, le=MAX_DAYS_LATE)] = DEFAULT_DAYS_LATE

    @model_validator(mode="after")
    def _range(self) -> DaysLate:
        if self.min > self.max:
            raise ValueError("o mínimo de dias de atraso é maior que o máximo")
        return self


class AmountRange(Command):
    min: Amount | None = None
    max: Amount | None = None

    @model_validator(mode="after")
    def _range(self) -> AmountRange:
        if self.min is not None and self.max is not None and self.min > self.max:
            raise ValueError("o valor mínimo é maior que o máximo")
        return self


class BatchFilter(Command):
    """Which open titles a manual action reaches (original amount, days late on the batch date)."""

    creditor_id: str | None = None
    category_id: str | None = None
    days_late: DaysLate = Field(default_factory=DaysLate)
    amount: AmountRange = Field(default_factory=AmountRange)

    def due_range(self, on: date) -> tuple[date, date]:
        """The due dates the filter reaches on `on`: the index partitions to read, nothing else."""
        return on - timedelta(days=self.days_late.max), on - timedelta(days=self.days_late.min)

    def as_ruler(self, batch_id: str, channel: MessageChannel, template_id: str) -> tuple[Ruler, RulerStep]:
        """A batch is a one-step ruler over its filter: the same grouping, keys and sender."""
        scope = RulerScope(
            creditor_ids=[self.creditor_id] if self.creditor_id else [],
            category_ids=[self.category_id] if self.category_id else [],
            min_amount=self.amount.min,
            max_amount=self.amount.max,
        )
        step = RulerStep(offset_days=0, channel=StepChannel(channel.value), template_id=template_id)
        return Ruler(
            id=batch_id, name="", active=True, scope=scope, steps=[step], created_at="", updated_at=""
        ), step


class BatchIn(Command):
    filter: BatchFilter = Field(default_factory=BatchFilter)
    channel: MessageChannel
    template_id: str
    dry_run: bool = False


class BatchStatus(StrEnum):
    ACCEPTED = "accepted"  # recorded; the ruler function is deciding its messages
    QUEUED = "queued"  # every message decided and handed to the sender


class Batch(Entity):
    id: str
    filter: BatchFilter
    channel: MessageChannel
    template_id: str
    run_date: date = Field(description="days late are counted on this date, also when re-planned")
    status: BatchStatus = BatchStatus.ACCEPTED
    actions: int = Field(0, description="messages decided (one per debtor and creditor), each on its way")
    created_by: str
    created_at: str
    updated_at: str

    def same_request(self, body: BatchIn) -> bool:
        return (self.filter, self.channel, self.template_id) == (body.filter, body.channel, body.template_id)


class BatchSample(Entity):
    debtor_id: str
    debtor_name: str = ""
    creditor_id: str
    titles: list[ItemRef]


class BatchPreview(Entity):
    """A dry run: how many messages the action would decide, over how many titles, and a sample."""

    run_date: date
    actions: int
    titles: int
    total_amount: Decimal
    sample: list[BatchSample]
