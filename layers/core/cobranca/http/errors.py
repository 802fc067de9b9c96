"""One stable error body, {code, message, errors: [{field, reason}]}, for every 4xx."""

from __future__ import annotations

import json
from collections.abc import Mapping, Sequence
from typing import Any

from aws_lambda_powertools.event_handler import Response, content_types

# pydantic error types -> pt-BR reasons shown to operators
_REASONS = {
    "missing": "campo obrigatório",
    "extra_forbidden": "campo não permitido",
    "string_too_short": "não pode ser vazio",
    "string_too_long": "texto longo demais",
    "string_pattern_mismatch": "formato inválido",
    "date_from_datetime_parsing": "data inválida: use AAAA-MM-DD",
    "date_parsing": "data inválida: use AAAA-MM-DD",
    "date_type": "data inválida: use AAAA-MM-DD",
    "time_parsing": "horário inválido: use HH:MM",
    "decimal_parsing": 'número inválido: use um texto como "1234.56"',
    "decimal_type": 'número inválido: use um texto como "1234.56"',
    "int_parsing": "número inteiro inválido",
    "bool_parsing": "use true ou false",
    "json_invalid": "JSON inválido",
    "model_attributes_type": "objeto JSON esperado",
    "dict_type": "objeto JSON esperado",
    "list_type": "lista esperada",
    "string_type": "texto esperado",
    "greater_than_equal": "valor abaixo do mínimo",
    "less_than_equal": "valor acima do máximo",
    "too_long": "itens demais",
    "too_short": "itens de menos",
}


def error_response(
    status: int, code: str, message: str, errors: list[dict[str, str]] | None = None
) -> Response:
    body = {"code": code, "message": message, "errors": errors or []}
    return Response(
        status_code=status,
        content_type=content_types.APPLICATION_JSON,
        body=json.dumps(body, ensure_ascii=False),
    )


def validation_errors(raw: Sequence[Mapping[str, Any]]) -> list[dict[str, str]]:
    """Names each field by its path without the location prefix ('body', 'query', 'path')."""
    out = []
    for e in raw:
        loc = [str(p) for p in e.get("loc", ()) if p not in ("body", "query", "path", "header")]
        kind = str(e.get("type", ""))
        message = str(e.get("msg", "")).removeprefix("Value error, ")
        reason = message if kind == "value_error" else _REASONS.get(kind, message)
        ctx = e.get("ctx") or {}
        if kind == "enum" and ctx.get("expected"):
            reason = f"valor não permitido: use {ctx['expected']}"
        elif kind == "string_too_short" and int(ctx.get("min_length", 1)) > 1:
            reason = f"curto demais: no mínimo {ctx['min_length']} caracteres"
        field = ".".join(loc)
        head, sep, tail = reason.partition(": ")
        if kind == "value_error" and sep and head.isidentifier():  # a model rule names its field
            field, reason = (f"{field}.{head}" if field else head), tail
        out.append({"field": field or "body", "reason": reason})
    return out
