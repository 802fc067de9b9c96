"""Configuring collection messages: templates, rulers, sending settings (admin/supervisor), call tasks;
and what the runs and batch actions did (domain/runs.py counts)."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from typing import Protocol

from cobranca import secret_names
from cobranca.domain.access import Role, Screen
from cobranca.domain.batches import BatchIn, BatchStatus
from cobranca.domain.channels import Channel
from cobranca.domain.company import Company, collector_of
from cobranca.domain.dates import Clock, business_today, sao_paulo_date, utc_timestamp
from cobranca.domain.delivery import message_for
from cobranca.domain.errors import InvalidInput, NotFound
from cobranca.domain.ids import new_id
from cobranca.domain.messages import MessageStatus, Task, TaskStatus, open_titles_of
from cobranca.domain.portal import personal_link
from cobranca.domain.rulers import Ruler, RulerIn, RulerPatch
from cobranca.domain.runs import BatchView, RunReport, batch_progress, run_report
from cobranca.domain.sending import EmailMode, SendingSettings
from cobranca.domain.templates import (
    PreviewIn,
    Rendered,
    Template,
    TemplateIn,
    TemplatePatch,
    Wildcard,
    check_template,
    wildcards,
)
from cobranca.gateways import SecretStore
from cobranca.ports import MessagingRepository, PortfolioRepository
from cobranca.services.calculators import debt_calculator
from cobranca.services.caller import Caller


class Senders(Protocol):
    """Why a tenant may not send as an address on the platform's SES (None: it may)."""

    def refusal(self, tenant: str, address: str) -> str | None: ...


class MessagingService:
    def __init__(
        self,
        repo: MessagingRepository,
        portfolio: PortfolioRepository,
        secrets: SecretStore,
        clock: Clock,
        stage: str = "dev",
        senders: Senders | None = None,
        company: Callable[[str], Company | None] | None = None,
    ) -> None:
        self.company = company  # the letters' letterhead and signature
        self.senders = senders
        self.repo = repo
        self.portfolio = portfolio
        self.secrets = secrets
        self.clock = clock
        self.stage = stage

    # ------------------------------------------------------------- templates
    def create_template(self, caller: Caller, body: TemplateIn) -> Template:
        caller.require(Screen.MESSAGING)
        now = utc_timestamp(self.clock)
        t = check_template(Template(id=new_id(), created_at=now, updated_at=now, **body.model_dump()))
        self.repo.put_template(caller.tenant, t, new=True)
        return t

    def update_template(self, caller: Caller, template_id: str, body: TemplatePatch) -> Template:
        caller.require(Screen.MESSAGING)
        current = self.repo.get_template(caller.tenant, template_id)
        changed = current.model_copy(update={**body.changes(), "updated_at": utc_timestamp(self.clock)})
        t = check_template(Template.model_validate(changed.model_dump()))
        self.repo.put_template(caller.tenant, t, new=False)
        return t

    def get_template(self, caller: Caller, template_id: str) -> Template:
        caller.require(Screen.MESSAGING)
        return self.repo.get_template(caller.tenant, template_id)

    def list_templates(self, caller: Caller) -> list[Template]:
        caller.require(Screen.MESSAGING)
        return sorted(self.repo.list_templates(caller.tenant), key=lambda t: (t.channel, t.name))

    def wildcards(self, caller: Caller) -> list[Wildcard]:
        caller.require(Screen.MESSAGING)
        return wildcards()

    def preview_template(self, caller: Caller, template_id: str, body: PreviewIn) -> Rendered:
        """The template as one debtor would receive it today, about their open titles with one creditor
        (the one named, else the creditor of their oldest open title): the sender's wildcard values."""
        caller.require(Screen.MESSAGING)
        tenant = caller.tenant
        template = self.repo.get_template(tenant, template_id)
        debtor = self.portfolio.get_debtor(tenant, body.debtor_id)
        creditor_id, items = open_titles_of(self.portfolio.list_titles(tenant, debtor.id), body.creditor_id)
        if not items:
            raise InvalidInput("debtor_id", "o devedor não tem títulos em aberto com este credor")
        creditor = self.portfolio.get_creditor(tenant, creditor_id)
        calculator = debt_calculator(self.portfolio, tenant, creditor)
        portal = self.repo.get_settings(tenant).negocia_url or ""
        return message_for(
            template, (debtor, creditor), items, calculator, business_today(self.clock), portal
        )

    # ------------------------------------------------------------- rulers
    def create_ruler(self, caller: Caller, body: RulerIn) -> Ruler:
        caller.require(Screen.MESSAGING)
        now = utc_timestamp(self.clock)
        ruler = Ruler(id=new_id(), created_at=now, updated_at=now, **body.model_dump())
        self._check_references(caller.tenant, ruler)
        self.repo.put_ruler(caller.tenant, ruler, new=True)
        return ruler

    def update_ruler(self, caller: Caller, ruler_id: str, body: RulerPatch) -> Ruler:
        caller.require(Screen.MESSAGING)
        current = self.repo.get_ruler(caller.tenant, ruler_id)
        merged = {
            **current.model_dump(),
            **{k: v for k, v in body.model_dump().items() if k in body.model_fields_set},
        }
        checked = RulerIn.model_validate({k: merged[k] for k in RulerIn.model_fields})
        ruler = Ruler(
            id=current.id,
            created_at=current.created_at,
            updated_at=utc_timestamp(self.clock),
            **checked.model_dump(),
        )
        self._check_references(caller.tenant, ruler)
        self.repo.put_ruler(caller.tenant, ruler, new=False)
        return ruler

    def get_ruler(self, caller: Caller, ruler_id: str) -> Ruler:
        caller.require(Screen.MESSAGING)
        return self.repo.get_ruler(caller.tenant, ruler_id)

    def list_rulers(self, caller: Caller) -> list[Ruler]:
        caller.require(Screen.MESSAGING)
        return sorted(self.repo.list_rulers(caller.tenant), key=lambda r: r.name)

    def _check_references(self, tenant: str, ruler: Ruler) -> None:
        check_references(
            self.repo,
            self.portfolio,
            tenant,
            templates=[
                (f"steps.{n}.template_id", step.channel, step.template_id)
                for n, step in enumerate(ruler.steps)
                if step.channel is not Channel.CALL_TASK
            ],
            creditors=[(f"scope.creditor_ids.{n}", c) for n, c in enumerate(ruler.scope.creditor_ids)],
            categories=[(f"scope.category_ids.{n}", c) for n, c in enumerate(ruler.scope.category_ids)],
        )

    # ------------------------------------------------------------- sending settings (F46, F42)
    def get_settings(self, caller: Caller) -> SendingSettings:
        caller.require(Screen.MESSAGING)
        return self.repo.get_settings(caller.tenant)

    def put_settings(self, caller: Caller, body: SendingSettings) -> SendingSettings:
        """The SMTP password goes to Secrets Manager; the table keeps only that one is set."""
        caller.require(Screen.MESSAGING)
        caller.require_admin("somente o administrador altera as configurações de envio")
        settings = body
        sender = body.email.from_address
        if body.email.mode is EmailMode.PLATFORM and sender and self.senders:
            refused = self.senders.refusal(caller.tenant, sender)
            if refused:
                raise InvalidInput("email.from_address", refused)
        smtp = body.email.smtp
        if smtp is not None:
            current = self.repo.get_settings(caller.tenant).email.smtp
            password_set = current.password_set if current else False
            if smtp.password:
                self.secrets.put(secret_names.smtp_password(self.stage, caller.tenant), smtp.password)
                password_set = True
            email = body.email.model_copy(
                update={"smtp": smtp.model_copy(update={"password": None, "password_set": password_set})}
            )
            settings = body.model_copy(update={"email": email})
        self.repo.put_settings(caller.tenant, settings, utc_timestamp(self.clock))
        return settings

    # ------------------------------------------------------------- call tasks
    def list_tasks(
        self, caller: Caller, mine: bool, status: TaskStatus | None, everyone: bool = False
    ) -> list[Task]:
        """Operators see their own queue; supervisors and admins the unassigned one, or with `everyone`
        every open task, whoever has it."""
        caller.require(Screen.DEBTORS)
        if everyone and caller.role is not Role.OPERATOR:
            if status is not TaskStatus.OPEN:
                raise InvalidInput("everyone", "a lista de todos mostra só tarefas em aberto")
            return self.repo.open_tasks(caller.tenant)
        operator = caller.user_id if mine or caller.role is Role.OPERATOR else None
        return self.repo.list_tasks(caller.tenant, operator, status)

    # ------------------------------------------------------------- what runs did
    def run_report(self, caller: Caller, day: date) -> RunReport:
        """Every message of the run date (one index query), by ruler step and batch."""
        caller.require(Screen.MESSAGING)
        names = {r.id: r.name for r in self.repo.list_rulers(caller.tenant)}
        return run_report(day, self.repo.messages_on(caller.tenant, day), names)

    def batch(self, caller: Caller, batch_id: str) -> BatchView:
        """The batch and where its messages are (its run date's messages, filtered by origin)."""
        caller.require(Screen.MESSAGING)
        b = self.repo.get_batch(caller.tenant, batch_id)
        mine = [m for m in self.repo.messages_on(caller.tenant, b.run_date) if m.origin == f"batch:{b.id}"]
        progress = batch_progress(b.status is BatchStatus.QUEUED, b.actions, mine)
        return BatchView(**b.model_dump(), progress=progress)

    # ------------------------------------------------------------- letters' print batch
    def print_batch(self, caller: Caller, day: date) -> bytes:
        caller.require(Screen.MESSAGING)
        from cobranca.documents.pdf import Letter, render_letters  # reportlab loads only for a PDF

        portal = self.repo.get_settings(caller.tenant).negocia_url or ""
        letters = [
            Letter(address, text, sao_paulo_date(m.updated_at), personal_link(portal, m.debtor_id))
            for m in self.repo.messages_on(caller.tenant, day, Channel.LETTER.value)
            if m.status is MessageStatus.SENT
            for address, _, text in [m.body.partition("\n\n\n")]
        ]
        if not letters:
            raise NotFound("nenhuma carta enviada nesta data")
        company = self.company(caller.tenant) if self.company else None
        return render_letters(letters, collector_of(company) if company is not None else None)


def check_references(
    repo: MessagingRepository,
    portfolio: PortfolioRepository,
    tenant: str,
    *,
    templates: list[tuple[str, Channel, str | None]],
    creditors: list[tuple[str, str]],
    categories: list[tuple[str, str]],
) -> list[Template]:
    """Each (field, channel, template id) names an existing template of that channel; each (field, id)
    an existing creditor or category. Returns the templates, in order; a 422 names the first bad field."""
    known = {t.id: t for t in repo.list_templates(tenant)}
    found = []
    for field, channel, template_id in templates:
        t = known.get(template_id or "")
        if t is None:
            raise InvalidInput(field, "modelo de mensagem não encontrado")
        if t.channel.value != channel.value:
            raise InvalidInput(field, f"o modelo é de {t.channel.value}, o envio é de {channel.value}")
        found.append(t)
    if creditors:
        ids = {c.id for c in portfolio.list_creditors(tenant)}
        for field, creditor_id in creditors:
            if creditor_id not in ids:
                raise InvalidInput(field, "credor não encontrado")
    if categories:
        ids = {c.id for c in portfolio.list_categories(tenant)}
        for field, category_id in categories:
            if category_id not in ids:
                raise InvalidInput(field, "categoria não encontrada")
    return found


def check_batch(
    repo: MessagingRepository, portfolio: PortfolioRepository, caller: Caller, body: BatchIn
) -> Template:
    """A batch action names a sendable template of its channel and existing creditor and category."""
    caller.require(Screen.MESSAGING)
    f = body.filter
    [template] = check_references(
        repo,
        portfolio,
        caller.tenant,
        templates=[("template_id", body.channel, body.template_id)],
        creditors=[("filter.creditor_id", f.creditor_id)] if f.creditor_id else [],
        categories=[("filter.category_id", f.category_id)] if f.category_id else [],
    )
    if not template.sendable:
        raise InvalidInput("template_id", "o modelo de WhatsApp ainda não foi aprovado")
    return template
