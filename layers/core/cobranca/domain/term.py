"""Termo de acordo (F12): a template with wildcards, per tenant with a per-creditor override."""

from __future__ import annotations

import re
from collections.abc import Mapping
from decimal import Decimal

from cobranca.domain.errors import InvalidInput

WILDCARD = re.compile(r"#[A-Z_]+#")
WILDCARDS = {
    "#NOME_DEVEDOR#": "nome do devedor",
    "#DOCUMENTO#": "CPF/CNPJ do devedor",
    "#CREDOR#": "nome e CNPJ/CPF do credor",
    "#VALOR_TOTAL#": "valor total do acordo (R$)",
    "#VALOR_EXTENSO#": "valor total por extenso",
    "#PARCELAS#": "lista de pagamentos com vencimento e valor",
    "#NOME_USUARIO#": "quem fechou o acordo",
    "#DATA#": "data do acordo",
    "#NUMERO_ACORDO#": "número do acordo",
}

DEFAULT_TEMPLATE = """TERMO DE ACORDO Nº #NUMERO_ACORDO#

Pelo presente instrumento, #NOME_DEVEDOR#, inscrito(a) no CPF/CNPJ sob o nº #DOCUMENTO#, \
reconhece a dívida para com #CREDOR# e com ela celebra acordo no valor total de #VALOR_TOTAL# \
(#VALOR_EXTENSO#), a ser pago da seguinte forma:

#PARCELAS#

O não pagamento de qualquer parcela no vencimento implica a quebra do acordo e o retorno da \
cobrança dos títulos originais, deduzidos os valores pagos.

Os pagamentos devem ser feitos somente pelos documentos emitidos por este sistema.

Acordo registrado por #NOME_USUARIO# em #DATA#.
"""


def check_template(text: str) -> str:
    """Refuses unknown wildcards (a typo would reach the debtor as '#NOME_DEVEDRO#')."""
    unknown = sorted(set(WILDCARD.findall(text)) - set(WILDCARDS))
    if unknown:
        raise InvalidInput(
            "text", f"curinga(s) desconhecido(s): {', '.join(unknown)}; use {', '.join(WILDCARDS)}"
        )
    if not text.strip():
        raise InvalidInput("text", "o termo não pode ser vazio")
    return text


def fill(text: str, values: Mapping[str, str]) -> str:
    return WILDCARD.sub(lambda m: values.get(m.group(0), m.group(0)), text)


def brl(value: Decimal) -> str:
    """R$ 1.234,56, with a non-breaking space (the amount never wraps away from its R$): CLDR's pt_BR
    currency format, through babel (loaded on the first amount written, not at import)."""
    from babel.numbers import format_currency

    text: str = format_currency(value, "BRL", locale="pt_BR")
    return text


def amount_in_words(value: Decimal) -> str:
    """'mil cento e sessenta e oito reais e cinquenta e quatro centavos' (no comma after 'mil')."""
    from num2words import num2words  # ~50 ms of import: only the termo needs it

    words: str = num2words(value, lang="pt_BR", to="currency")
    return words.replace("mil, ", "mil ")
