"""Message templates (F40, F44): the wildcards a text may use, and what a template must say before it
reaches a debtor: who the creditor is (CDC art. 42-A: name, CPF/CNPJ and, on paper and e-mail, the
address), no threat or humiliation (CDC arts. 42 and 71, domain/wording.py), a subject, the SMS length.
What only risks the spam folder is a warning, not a refusal."""

from __future__ import annotations

from enum import StrEnum
from typing import Annotated

from pydantic import Field, model_validator

from cobranca.domain.channels import Channel, MessageChannel
from cobranca.domain.errors import InvalidInput
from cobranca.domain.model import Command, Entity, Patch
from cobranca.domain.templating import fill, unknown
from cobranca.domain.wording import spam_signs, threats

WILDCARDS = {
    "#NOME#": "nome do devedor",
    "#PRIMEIRO_NOME#": "primeiro nome do devedor (de uma empresa, o nome inteiro)",
    "#DOCUMENTO_MASCARADO#": "CPF/CNPJ com dígitos ocultos (***.456.789-**)",
    "#VALOR_ORIGINAL#": "soma dos valores originais (R$)",
    "#VALOR_ATUALIZADO#": "valor atualizado na data do envio (R$)",
    "#VENCIMENTO#": "vencimento (dd/mm/aaaa)",
    "#DIAS_ATRASO#": "dias de atraso na data do envio (0 se a vencer)",
    "#TITULOS#": "números dos títulos (ou 'parcela N do acordo A-…')",
    "#CREDOR#": "nome do credor",
    "#CNPJ_CREDOR#": "CPF/CNPJ do credor, formatado",
    "#ENDERECO_CREDOR#": "endereço do credor",
    "#IDENTIFICACAO_CREDOR#": "nome, CPF/CNPJ e endereço do credor (CDC art. 42-A)",
    "#LINK_NEGOCIA#": "endereço do Negocia Online",
    "#LINHA_DIGITAVEL#": "linha digitável do boleto da parcela (passos de parcelas)",
    "#PIX_COPIA_E_COLA#": "PIX copia e cola da parcela (passos de parcelas)",
    "#LINK_PAGAMENTO#": "link de pagamento da parcela: boleto, PIX ou cartão (sem cobrança, o Negocia)",
}
# CDC art. 42-A: every collection document names the supplier by name, CPF/CNPJ and address; a short
# message (SMS, WhatsApp) by name and document, with a link where the rest is shown.
FULL_IDENTITY = "#IDENTIFICACAO_CREDOR#"
CREDITOR_IDENTITY = {
    Channel.EMAIL: ("#CREDOR#", "#CNPJ_CREDOR#", "#ENDERECO_CREDOR#"),
    Channel.LETTER: ("#CREDOR#", "#CNPJ_CREDOR#", "#ENDERECO_CREDOR#"),
    Channel.SMS: ("#CREDOR#", "#CNPJ_CREDOR#"),
    Channel.WHATSAPP: ("#CREDOR#", "#CNPJ_CREDOR#"),
}
LINKS = ("#LINK_NEGOCIA#", "#LINK_PAGAMENTO#")
SMS_MAX_CHARS = 480  # three concatenated segments; longer texts are refused, not cut


class ProviderStatus(StrEnum):
    """WhatsApp template review status at Meta (F44); only approved ones are sent."""

    APPROVED = "approved"
    PENDING = "pending"
    REJECTED = "rejected"


def unknown_wildcards(text: str) -> list[str]:
    return unknown(text, WILDCARDS)


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

    warnings: list[str] = Field(
        default_factory=list, description="shown to the editor; the template is saved all the same"
    )

    @model_validator(mode="after")
    def _warn(self) -> Template:
        self.warnings = self._warnings()
        return self

    def _warnings(self) -> list[str]:
        """What does not stop it from being saved but may keep it from the debtor: spam signs in an
        e-mail, a short message without the link to the creditor's full identification."""
        notes = spam_signs(self.subject, self.body) if self.channel is Channel.EMAIL else []
        if self.channel in (Channel.SMS, Channel.WHATSAPP):
            used = self.body + " ".join(self.whatsapp.parameters if self.whatsapp else [])
            if not any(link in used for link in LINKS):
                notes.append(
                    "inclua #LINK_NEGOCIA# ou #LINK_PAGAMENTO#: ali o devedor vê a identificação "
                    "completa do credor (CDC art. 42-A)"
                )
        return notes

    @property
    def sendable(self) -> bool:
        return self.channel is not Channel.WHATSAPP or (
            self.whatsapp is not None and self.whatsapp.status is ProviderStatus.APPROVED
        )


def check_template(t: Template) -> Template:
    """Refuses what would reach a debtor wrong: unknown wildcards, a threat or an insult, no creditor
    identity, no subject."""
    for field, text in (("subject", t.subject), ("body", t.body)):
        unknown = unknown_wildcards(text)
        if unknown:
            raise InvalidInput(field, f"curinga(s) desconhecido(s): {', '.join(unknown)}")
        threatening = threats(text)
        if threatening:
            words, reason = threatening[0]
            raise InvalidInput(field, f'"{words}": {reason}')
    if t.channel is Channel.WHATSAPP:
        _check_whatsapp(t.whatsapp)
    elif t.whatsapp is not None:
        raise InvalidInput("whatsapp", "só modelos de WhatsApp têm modelo aprovado")
    else:
        _check_text(t)
    _check_identity(t)
    return t


def _check_identity(t: Template) -> None:
    """CDC art. 42-A, per channel: the wildcards that identify the creditor must be there."""
    needed = CREDITOR_IDENTITY.get(t.channel)
    if needed is None:
        return
    if t.channel is Channel.WHATSAPP:
        field, used = "whatsapp.parameters", " ".join(t.whatsapp.parameters if t.whatsapp else [])
    else:
        field, used = "body", t.subject + t.body
    missing = [w for w in needed if w not in used]
    if missing and FULL_IDENTITY not in used:
        what = "nome, CPF/CNPJ e endereço" if len(needed) == 3 else "nome e CPF/CNPJ"
        raise InvalidInput(
            field,
            f"a cobrança deve identificar o credor por {what} (CDC art. 42-A): "
            f"inclua {' e '.join(missing)} (ou {FULL_IDENTITY})",
        )


def _check_whatsapp(ref: WhatsAppTemplateRef | None) -> None:
    """A WhatsApp message is a template approved at Meta; its parameters are our wildcards."""
    if ref is None:
        raise InvalidInput("whatsapp", "informe o modelo aprovado no WhatsApp (nome, idioma, parâmetros)")
    for n, wildcard in enumerate(ref.parameters):
        if wildcard not in WILDCARDS:
            raise InvalidInput(f"whatsapp.parameters.{n}", f"curinga desconhecido: {wildcard}")


def _check_text(t: Template) -> None:
    if not t.body.strip():
        raise InvalidInput("body", "o texto da mensagem é obrigatório")
    if t.channel is Channel.EMAIL and not t.subject.strip():
        raise InvalidInput("subject", "o assunto é obrigatório para e-mail")
    if t.channel is Channel.SMS and len(t.body) > SMS_MAX_CHARS:
        raise InvalidInput("body", f"SMS com no máximo {SMS_MAX_CHARS} caracteres")


class TemplateChoice(Entity):
    """A template an operator may send to one debtor now (sendable, a channel the debtor can receive)."""

    id: str
    name: str
    channel: MessageChannel


class Wildcard(Entity):
    name: str
    description: str


def wildcards() -> list[Wildcard]:
    return [Wildcard(name=name, description=text) for name, text in WILDCARDS.items()]


class PreviewIn(Command):
    debtor_id: Annotated[str, Field(min_length=1, max_length=64)]
    creditor_id: Annotated[str, Field(max_length=64)] | None = None


class Rendered(Entity):
    """A template filled for one debtor: what the channel carries (WhatsApp: its {{n}} parameters)."""

    channel: MessageChannel
    subject: str = ""
    body: str = ""
    parameters: list[str] = Field(default_factory=list)


def render(t: Template, values: dict[str, str]) -> Rendered:
    params = [values.get(w, "") for w in t.whatsapp.parameters] if t.whatsapp else []
    return Rendered(
        channel=t.channel, subject=fill(t.subject, values), body=fill(t.body, values), parameters=params
    )
