"""The import file's layout (F04): our columns, the names a Brazilian ERP or spreadsheet gives them, a
tenant's own mapping for the names no one else uses, and the template to start from. Pure: no I/O."""

from __future__ import annotations

import csv
import re
import unicodedata
from typing import Annotated, NamedTuple

from pydantic import Field, StringConstraints, field_validator

from cobranca.domain.errors import InvalidInput
from cobranca.domain.model import Command, Entity

COLUMNS = (
    "document",
    "name",
    "email",
    "phone",
    "creditor",
    "title_number",
    "description",
    "amount",
    "due_date",
    # optional: "pago"/"cancelado" settles at the source a title already imported (F04)
    "status",
    # optional address, so imported debtors can receive letters
    "street",
    "number",
    "complement",
    "district",
    "city",
    "uf",
    "zip_code",
)
ADDRESS_COLUMNS = ("street", "number", "complement", "district", "city", "uf", "zip_code")
REQUIRED = ("document", "name", "creditor", "title_number", "amount", "due_date")


def listed(names: list[str], at_most: int = 10) -> str:
    """A list for an error message, never longer than a line: the first few, then how many more."""
    shown = ", ".join(n[:40] for n in names[:at_most])
    return shown + (f" e mais {len(names) - at_most}" if len(names) > at_most else "")


# The Portuguese names a Brazilian ERP or spreadsheet uses for each column (compared without accents, case
# or punctuation): "CPF;Nome;Credor;Título;Valor;Vencimento" reads as the English layout.
ALIASES = {
    "document": ("documento", "cpf", "cnpj", "cpf_cnpj", "cpfcnpj", "doc"),
    "name": ("nome", "nome_devedor", "devedor", "razao_social", "nome_razao_social"),
    "email": ("e_mail", "email_devedor"),
    "phone": ("telefone", "celular", "fone", "tel"),
    "creditor": ("credor", "codigo_credor", "cod_credor"),
    "title_number": (
        "numero_titulo",
        "titulo",
        "n_titulo",
        "no_titulo",
        "num_titulo",
        "nr_titulo",
        "documento_titulo",
        "numero_do_titulo",
    ),
    "description": ("descricao", "historico", "referencia"),
    "amount": ("valor", "valor_original", "valor_titulo"),
    "due_date": ("vencimento", "data_vencimento", "dt_vencimento", "data_de_vencimento"),
    "status": ("situacao",),
    "street": ("logradouro", "endereco", "rua"),
    "number": ("numero", "numero_endereco"),
    "complement": ("complemento",),
    "district": ("bairro",),
    "city": ("cidade", "municipio"),
    "uf": ("estado",),
    "zip_code": ("cep",),
}
_CANONICAL = {alias: column for column, names in ALIASES.items() for alias in names} | {c: c for c in COLUMNS}


IGNORE = "ignorar"  # a mapping's target for a column the import leaves out (an ERP's extra columns)
_TARGETS = (*COLUMNS, IGNORE)


def header_key(header: str) -> str:
    """A header compared without accents, case or punctuation: "Nº do Título" -> "n_do_titulo"."""
    folded = unicodedata.normalize("NFKD", header.strip().lower()).encode("ascii", "ignore").decode()
    return re.sub(r"[^a-z0-9]+", "_", folded).strip("_")


def column_name(header: str, mapped_keys: dict[str, str] | None = None) -> str:
    """A header as the layout names it: the tenant's mapping first (its names as header_key folds
    them), then English as documented or a known Portuguese name; "" for a column to ignore."""
    key = header_key(header)
    mapped = (mapped_keys or {}).get(key)
    if mapped is not None:
        return "" if mapped == IGNORE else mapped
    return _CANONICAL.get(key, header.strip().lower())


class Header(NamedTuple):
    delimiter: str
    names: list[str]  # our column per position ("" where the mapping ignores it)
    headers: list[str]  # the file's own names, as written (the rejected rows' report speaks them)

    def label(self, column: str) -> str:
        """What the file calls one of our columns."""
        return dict(zip(self.names, self.headers, strict=True)).get(column, column)


def read_header(line: str, mapping: dict[str, str] | None = None) -> Header:
    """Detects the delimiter (',' or ';') and reads the header's names (the tenant's mapping, English or
    Portuguese): every required column once, nothing unknown."""
    text = line.lstrip("\ufeff")
    delimiter = ";" if text.count(";") > text.count(",") else ","
    try:
        headers = [h.strip() for h in next(csv.reader([text], delimiter=delimiter))]
    except csv.Error as exc:  # e.g. a field over csv's 128 KiB limit
        raise InvalidInput("file", f"cabeçalho ilegível: {exc}") from None
    folded = {header_key(k): v for k, v in (mapping or {}).items()}
    names = [column_name(h, folded) for h in headers]
    missing = [c for c in REQUIRED if c not in names]
    unknown = [c for c in names if c and c not in COLUMNS]
    hint = (
        f"coluna(s) desconhecida(s) no cabeçalho: {listed(unknown)}; diga o que cada uma é (ou que deve "
        "ser ignorada) em Importações → Mapeamento de colunas"
    )
    if missing:
        lacking = f"cabeçalho sem a(s) coluna(s) obrigatória(s): {listed(missing)}"
        raise InvalidInput("file", f"{lacking}; {hint}" if unknown else lacking)
    if unknown:
        raise InvalidInput("file", hint)
    repeated = sorted({c for c in names if c and names.count(c) > 1})
    if repeated:
        raise InvalidInput("file", f"coluna(s) repetida(s) no cabeçalho: {listed(repeated)}")
    return Header(delimiter, names, headers)


HeaderName = Annotated[str, StringConstraints(strip_whitespace=True, min_length=1, max_length=100)]


class ImportMapping(Command):
    """A tenant's names for the columns its ERP exports, each to one of ours or IGNORE:
    {"CPF_CNPJ_CLIENTE": "document", "OBS": "ignorar"}."""

    columns: dict[HeaderName, str] = Field(default_factory=dict, max_length=60)

    @field_validator("columns")
    @classmethod
    def _targets(cls, columns: dict[str, str]) -> dict[str, str]:
        for header, target in columns.items():
            if target not in _TARGETS:
                raise InvalidInput(
                    f"columns.{header}", f"campo '{target}' desconhecido: use {', '.join(_TARGETS)}"
                )
        targets = [t for t in columns.values() if t != IGNORE]
        repeated = sorted({t for t in targets if targets.count(t) > 1})
        if repeated:
            raise InvalidInput("columns", f"mais de uma coluna para: {', '.join(repeated)}")
        return columns


class StoredMapping(Entity):
    columns: dict[str, str] = Field(default_factory=dict)
    updated_at: str = ""


# The template a tenant downloads: Portuguese names the import reads, in the layout's order, and one row.
TEMPLATE_HEADERS = {
    "document": "CPF/CNPJ",
    "name": "Nome",
    "email": "E-mail",
    "phone": "Telefone",
    "creditor": "Credor",
    "title_number": "Número do título",
    "description": "Descrição",
    "amount": "Valor",
    "due_date": "Vencimento",
    "status": "Situação",
    "street": "Logradouro",
    "number": "Número",
    "complement": "Complemento",
    "district": "Bairro",
    "city": "Cidade",
    "uf": "UF",
    "zip_code": "CEP",
}
TEMPLATE_EXAMPLE = {
    "document": "529.982.247-25",
    "name": "José da Silva",
    "email": "jose@example.com",
    "phone": "(11) 98765-4321",
    "creditor": "ACME",
    "title_number": "NF-1234",
    "description": "Mensalidade de março",
    "amount": "1.234,56",
    "due_date": "10/03/2026",
    "status": "",
    "street": "Rua das Palmeiras",
    "number": "250",
    "complement": "apto 12",
    "district": "Jardim América",
    "city": "São Paulo",
    "uf": "SP",
    "zip_code": "01415-000",
}
