"""The termo de acordo (F12): its templates (the tenant's, a creditor's override, the system's), its
text and PDF (acceptance and verification records), where it is stored, and the e-mail that delivers
it (with the creditor's payment instructions, or with the first payment once the charger made it)."""

from __future__ import annotations

from collections.abc import Callable

from cobranca import object_keys
from cobranca.documents.email import compose
from cobranca.domain.access import Screen
from cobranca.domain.agreements import Agreement
from cobranca.domain.company import Company, collector_of
from cobranca.domain.dates import Clock, utc_timestamp
from cobranca.domain.money import brl
from cobranca.domain.portal import PORTAL_ACTOR, verification_link
from cobranca.domain.portfolio import HistoryEntry
from cobranca.domain.privacy import mask_email
from cobranca.domain.templating import fill
from cobranca.domain.term import (
    DEFAULT_TEMPLATE,
    acceptance_record,
    check_term_template,
    term_values,
    verification_record,
)
from cobranca.gateways import Mailer, ObjectStore
from cobranca.ports import AgreementRepository, PortfolioRepository
from cobranca.schemas.agreements import TermTemplate, TermTemplateIn
from cobranca.services.caller import Caller
from cobranca.services.first_payment import first_payment_pdf, first_payment_text, instructions_text

TERM_LINK_SECONDS = 15 * 60


class TermService:
    def __init__(
        self,
        portfolio: PortfolioRepository,
        agreements: AgreementRepository,
        objects: ObjectStore,
        mailer: Mailer,
        clock: Clock,
        company: Callable[[str], Company | None] | None = None,
        user_name: Callable[[str, str], str | None] | None = None,
        portal_url: Callable[[str], str] | None = None,
    ) -> None:
        self.portfolio = portfolio
        self.agreements = agreements
        self.objects = objects
        self.mailer = mailer
        self.clock = clock
        self.company = company  # the collecting agency the termo names
        self.user_name = user_name  # and the operator who closed it, by name
        self.portal_url = portal_url  # whose host serves the termo's verification page

    # ------------------------------------------------------------- templates
    def template_for(self, tenant: str, creditor_id: str) -> TermTemplate:
        """The creditor's override, else the tenant's, else the system default."""
        for scope, source in ((creditor_id, "creditor"), ("default", "tenant")):
            text = self.portfolio.get_term_template(tenant, scope)
            if text:
                return TermTemplate(scope=scope, text=text, source=source)
        return TermTemplate(scope="default", text=DEFAULT_TEMPLATE, source="system")

    def put_template(self, caller: Caller, scope: str, body: TermTemplateIn) -> TermTemplate:
        caller.require(Screen.CREDITORS)
        if scope != "default":
            self.portfolio.get_creditor(caller.tenant, scope)  # 404 for an unknown creditor
        text = check_term_template(body.text)
        self.portfolio.put_term_template(caller.tenant, scope, text, utc_timestamp(self.clock))
        return TermTemplate(scope=scope, text=text, source="tenant" if scope == "default" else "creditor")

    def get_template(self, caller: Caller, scope: str) -> TermTemplate:
        caller.require(Screen.CREDITORS)
        return self.template_for(caller.tenant, scope)

    # ------------------------------------------------------------- text and PDF
    def term_text(self, tenant: str, agreement: Agreement) -> str:
        """The termo's text from the creditor's (or the tenant's) template, with the calculation's
        notices: the same text on the portal's preview and in the PDF."""
        debtor = self.portfolio.get_debtor(tenant, agreement.debtor_id)
        creditor = self.portfolio.get_creditor(tenant, agreement.creditor_id)
        titles = self.portfolio.list_titles(tenant, agreement.debtor_id)
        company = self.company(tenant) if self.company else None
        collector = collector_of(company) if company is not None else None
        values = term_values(agreement, debtor, creditor, titles, collector, self._signer(tenant, agreement))
        text = fill(self.template_for(tenant, agreement.creditor_id).text, values)
        return text + "".join(f"\n\nAtenção: {w}" for w in agreement.warnings)

    def _signer(self, tenant: str, agreement: Agreement) -> str:
        """Who closed it, as the termo says: the debtor on the portal, or the operator by name and the
        channel (never an internal e-mail address)."""
        if agreement.created_by == PORTAL_ACTOR:
            return "Negocia Online, pelo próprio devedor"
        name = self.user_name(tenant, agreement.created_by) if self.user_name else None
        return f"{name}, pelo atendimento da empresa" if name else "o atendimento da empresa"

    def render_term(self, tenant: str, agreement: Agreement, text: str | None = None) -> bytes:
        """The termo's PDF: its `text` (rendered again when not given), the debtor's acceptance and the
        verification code."""
        text = text if text is not None else self.term_text(tenant, agreement)
        if agreement.acceptance is not None:
            debtor = self.portfolio.get_debtor(tenant, agreement.debtor_id)
            text += "\n\n" + acceptance_record(agreement.acceptance, debtor.name)
        if agreement.verification_code and agreement.term_sha256:
            portal = self.portal_url(tenant) if self.portal_url else ""
            url = verification_link(portal, agreement.verification_code)
            text += "\n\n" + verification_record(agreement.verification_code, url, agreement.term_sha256)
        from cobranca.documents.pdf import render_term  # reportlab loads only when a PDF is made

        return render_term(text, f"Termo de acordo {agreement.number}")

    # ------------------------------------------------------------- stored and delivered
    @staticmethod
    def term_key(tenant: str, agreement: Agreement) -> str:
        return object_keys.term(tenant, agreement.id, agreement.number)

    def store_term(self, tenant: str, agreement: Agreement, text: str | None = None) -> bytes:
        pdf = self.render_term(tenant, agreement, text)
        self.objects.put(self.term_key(tenant, agreement), pdf, "application/pdf")
        return pdf

    def deliver_term(self, tenant: str, actor: str, agreement: Agreement, text: str | None = None) -> None:
        """Stores the PDF and e-mails it (with the creditor's payment instructions, when no portador
        charges it); the agreement stands even if the e-mail fails (history says so)."""
        pdf = self.store_term(tenant, agreement, text)
        how = self.portfolio.get_creditor(tenant, agreement.creditor_id).payment_instructions
        self._mail_term(tenant, agreement, pdf, actor, instructions_text(agreement, how))

    def send_term_with_payment(self, tenant: str, agreement_id: str) -> bool:
        """The charger's call once the first installment's charge is made (or refused): the termo e-mail
        with what the debtor pays it with (PIX copia e cola, the boleto's line and PDF, the card
        checkout), once per agreement. False when it was sent before."""
        if not self.agreements.claim(tenant, "term-mail", agreement_id, utc_timestamp(self.clock)):
            return False
        a = self.agreements.get(tenant, agreement_id, consistent=True)
        key = self.term_key(tenant, a)
        pdf = self.objects.get(key) if self.objects.exists(key) else self.render_term(tenant, a)
        self._mail_term(tenant, a, pdf, "system", first_payment_text(a), first_payment_pdf(a))
        return True

    def _mail_term(
        self, tenant: str, a: Agreement, pdf: bytes, actor: str, payment: str = "", slip: bytes | None = None
    ) -> None:
        now = utc_timestamp(self.clock)
        files = [(f"termo-{a.number}.pdf", pdf, "application/pdf")]
        if slip:  # the first payment, with the PIX QR to scan from another phone
            files.append((f"pagamento-{a.number}.pdf", slip, "application/pdf"))
        company = self.company(tenant) if self.company else None
        mail = compose(
            f"Olá,\n\nSegue o termo do acordo {a.number}, no valor de {brl(a.total)}.\n{payment}\n"
            "Pague somente pelos documentos enviados por este sistema.",
            collector_of(company) if company is not None else None,
        )  # no opt-out: the termo is the debtor's own document, not a collection message
        try:
            self.mailer.send(a.email, f"Termo de acordo {a.number}", mail.text, files, mail.html)
            detail = f"Termo do acordo {a.number} enviado para {mask_email(a.email)}"
            action = "agreement.term_sent"
        except Exception as exc:
            detail = f"Termo do acordo {a.number} não enviado por e-mail: {type(exc).__name__}"
            action = "agreement.term_not_sent"
        self.portfolio.add_history(
            tenant,
            a.debtor_id,
            HistoryEntry.new(at=now, actor=actor, action=action, detail=detail),
        )

    def term_url(self, caller: Caller, agreement_id: str) -> str:
        """A presigned link valid 15 minutes; renders the PDF again if it was never stored."""
        caller.require(Screen.DEBTORS)
        agreement = self.agreements.get(caller.tenant, agreement_id)
        key = self.term_key(caller.tenant, agreement)
        if not self.objects.exists(key):
            self.objects.put(key, self.render_term(caller.tenant, agreement), "application/pdf")
        return self.objects.presigned_url(key, TERM_LINK_SECONDS, f"termo-{agreement.number}.pdf")
