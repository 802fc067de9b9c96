"""Termo de acordo (F12): a template with wildcards, per tenant with a per-creditor override."""

from __future__ import annotations

from cobranca.domain.errors import InvalidInput
from cobranca.domain.templating import unknown

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
