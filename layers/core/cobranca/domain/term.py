"""Termo de acordo (F12): a template with wildcards, per tenant with a per-creditor override."""

from __future__ import annotations

import hashlib
from datetime import date, datetime
from decimal import Decimal

from cobranca.domain.agreements import Acceptance, Agreement, PaymentMethod
from cobranca.domain.company import Collector
from cobranca.domain.contacts import ContactKind
from cobranca.domain.dates import SAO_PAULO
from cobranca.domain.documents import parse_document
from cobranca.domain.errors import InvalidInput
from cobranca.domain.money import amount_in_words, brl
from cobranca.domain.offers import cet_year
from cobranca.domain.portfolio import Creditor, Debtor, Title
from cobranca.domain.templating import unknown

PREVIEW_NUMBER = "(a atribuir na confirmação)"  # the number a termo shown before closing carries

WILDCARDS = {
    "#NOME_DEVEDOR#": "nome do devedor",
    "#TIPO_DOCUMENTO#": "CPF (pessoa) ou CNPJ (empresa) do devedor",
    "#DOCUMENTO#": "CPF/CNPJ do devedor",
    "#ENDERECO_DEVEDOR#": "endereço do devedor",
    "#CREDOR#": "nome e CNPJ/CPF do credor",
    "#COBRADORA#": "a empresa de cobrança: nome e CNPJ",
    "#TITULOS#": "os títulos renegociados: número, valor original e vencimento",
    "#VALOR_DEVIDO#": "o que os títulos deviam na data do acordo (R$)",
    "#DESCONTO#": "o desconto concedido (R$ e %)",
    "#JUROS_CET#": "juros ao mês e CET (ao mês e ao ano) das parcelas",
    "#VALOR_TOTAL#": "valor total do acordo (R$)",
    "#VALOR_EXTENSO#": "valor total por extenso",
    "#PARCELAS#": "lista de pagamentos com vencimento e valor",
    "#NOME_USUARIO#": "quem fechou o acordo",
    "#DATA#": "data do acordo",
    "#NUMERO_ACORDO#": "número do acordo",
}

DEFAULT_TEMPLATE = """TERMO DE ACORDO E CONFISSÃO DE DÍVIDA Nº #NUMERO_ACORDO#

DEVEDOR(A): #NOME_DEVEDOR#, inscrito(a) no #TIPO_DOCUMENTO# sob o nº #DOCUMENTO#, #ENDERECO_DEVEDOR#.
CREDOR: #CREDOR#, representado na cobrança por #COBRADORA#.

O(A) DEVEDOR(A) reconhece e confessa a dívida dos títulos abaixo, que na data deste acordo somava \
#VALOR_DEVIDO#:

#TITULOS#

Com desconto de #DESCONTO#, as partes celebram acordo no valor total de #VALOR_TOTAL# \
(#VALOR_EXTENSO#), a ser pago da seguinte forma (#JUROS_CET#):

#PARCELAS#

O não pagamento de qualquer parcela até o limite da política do credor implica a quebra do acordo: \
o desconto deixa de valer, a cobrança dos títulos originais é retomada e o que foi pago é abatido \
deles, primeiro dos juros e da multa e depois do principal (Código Civil, arts. 354 e 355).

Os pagamentos devem ser feitos somente pelos documentos emitidos por este sistema.

Acordo registrado por #NOME_USUARIO# em #DATA#.
"""


def check_term_template(text: str) -> str:
    """Refuses unknown wildcards (a typo would reach the debtor as '#NOME_DEVEDRO#')."""
    found = unknown(text, WILDCARDS)
    if found:
        raise InvalidInput(
            "text", f"curinga(s) desconhecido(s): {', '.join(found)}; use {', '.join(WILDCARDS)}"
        )
    if not text.strip():
        raise InvalidInput("text", "o termo não pode ser vazio")
    return text


def term_digest(text: str) -> str:
    """The SHA-256 (hex) of a termo's text: what the debtor read and accepted."""
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


VERIFICATION_DIGITS = 16  # hex digits of the termo's SHA-256 (64 bits: not guessed, short to type)


def verification_code(text_sha256: str) -> str:
    """The code printed on a termo, from its text's SHA-256: 'A1B2-C3D4-E5F6-0789'."""
    head = text_sha256[:VERIFICATION_DIGITS].upper()
    return "-".join(head[i : i + 4] for i in range(0, VERIFICATION_DIGITS, 4))


def read_verification_code(typed: str) -> str | None:
    """A code as someone types it (spaces, lower case, no dashes) in its printed form, or None when it
    cannot be one."""
    digits = "".join(c for c in typed.upper() if c.isalnum())
    if len(digits) != VERIFICATION_DIGITS or any(c not in "0123456789ABCDEF" for c in digits):
        return None
    return verification_code(digits)


def verification_record(code: str, url: str, text_sha256: str) -> str:
    """The verification block as the termo prints it."""
    where = (
        f"Confira a autenticidade em {url}" if url else "Confira a autenticidade com a empresa de cobrança"
    )
    return (
        f"CÓDIGO DE VERIFICAÇÃO: {code}\n"
        f"Confira a autenticidade {where} (a página mostra o número, a data e as partes deste termo, "
        "nunca valores). "
        f"Resumo SHA-256 do texto deste termo: {text_sha256}."
    )


def acceptance_record(a: Acceptance, debtor_name: str) -> str:
    """The acceptance as the termo prints it."""
    when = datetime.fromisoformat(a.at.replace("Z", "+00:00")).astimezone(SAO_PAULO)
    agent = a.user_agent[:160] or "não informado"
    return (
        "ACEITE ELETRÔNICO (Lei 14.063/2020)\n"
        f"{debtor_name} leu e aceitou este termo em {when:%d/%m/%Y às %H:%M} (horário de Brasília), "
        f"pelo {a.channel}, do endereço IP {a.ip}, navegador {agent}. "
        f"Resumo SHA-256 do texto aceito, lido antes de o acordo receber seu número: {a.text_sha256}."
    )


METHOD_WORDS = {
    PaymentMethod.PIX: "por PIX",
    PaymentMethod.BOLETO: "por boleto",
    PaymentMethod.CARD: "no cartão",
}


def term_values(
    a: Agreement,
    debtor: Debtor,
    creditor: Creditor,
    titles: list[Title],
    collector: Collector | None,
    signer: str,
) -> dict[str, str]:
    """Each wildcard's value for this agreement: who owes whom, the titles by due date, the discount,
    the rate and CET, each payment, who closed it and when."""
    count = sum(1 for i in a.installments if i.number > 0)
    payments = [
        f"{'Entrada' if i.number == 0 else f'Parcela {i.number}/{count}'}: "
        f"vencimento {i.due_date:%d/%m/%Y}, {brl(i.amount)}, {METHOD_WORDS[a.payment_method]}"
        for i in a.installments
    ]
    mine = sorted((t for t in titles if t.id in a.title_ids), key=lambda t: (t.due_date, t.number))
    postal = next((c for c in debtor.contacts if c.kind is ContactKind.ADDRESS and c.valid), None)
    document, creditor_document = parse_document(debtor.document), parse_document(creditor.document)
    return {
        "#NOME_DEVEDOR#": debtor.name,
        "#TIPO_DOCUMENTO#": document.kind.value,
        "#DOCUMENTO#": document.formatted,
        "#ENDERECO_DEVEDOR#": f"com endereço em {postal.value}" if postal else "endereço não informado",
        "#CREDOR#": f"{creditor.name}, {creditor_document.kind.value} {creditor_document.formatted}",
        "#COBRADORA#": _collector_words(collector),
        "#TITULOS#": "\n".join(
            f"{t.number}{f' ({t.description})' if t.description else ''}: valor original "
            f"{brl(t.original_amount)}, vencimento {t.due_date:%d/%m/%Y}"
            for t in mine
        ),
        "#VALOR_DEVIDO#": brl(a.owed) if a.owed is not None else brl(a.total),
        "#DESCONTO#": _discount_words(a),
        "#JUROS_CET#": _rate_words(a),
        "#VALOR_TOTAL#": brl(a.total),
        "#VALOR_EXTENSO#": amount_in_words(a.total),
        "#PARCELAS#": "\n".join(payments),
        "#NOME_USUARIO#": signer,
        "#DATA#": f"{date.fromisoformat(a.created_at[:10]):%d/%m/%Y}",
        "#NUMERO_ACORDO#": a.number,
    }


def _collector_words(c: Collector | None) -> str:
    if c is None:
        return "a empresa de cobrança"
    return f"{c.name}, {'CNPJ' if '/' in c.document else 'CPF'} {c.document}"


def _discount_words(a: Agreement) -> str:
    if not a.discount or not a.owed:
        return "R$ 0,00"
    percent = (a.discount * 100 / a.owed).quantize(Decimal("0.01"))
    return f"{brl(a.discount)} ({str(percent).replace('.', ',')}% do devido)"


def _rate_words(a: Agreement) -> str:
    if len(a.installments) < 2:
        return "pagamento único, sem juros"
    rate = a.interest_percent_month or Decimal(0)
    words = "sem juros" if not rate else f"juros de {str(rate.normalize()).replace('.', ',')}% ao mês"
    if a.cet_month_percent is None:
        return words
    year = cet_year(a.cet_month_percent)
    month = str(a.cet_month_percent.quantize(Decimal("0.01"))).replace(".", ",")
    return f"{words}; custo efetivo total (CET) de {month}% ao mês, {str(year).replace('.', ',')}% ao ano"
