"""The OpenAPI document of both APIs (operator and Negocia Online): `make openapi` writes openapi.json.

Powertools generates the operations from the routes; this module adds what it cannot know: the error
body every 4xx has and which 4xx each operation can answer, the bearer schemes, and which headers are
required. Routes import CREATED/ACCEPTED from here to document their success codes.
"""

from __future__ import annotations

import json
from typing import Any

CREATED: dict[int, Any] = {201: {"description": "Criado"}}
ACCEPTED: dict[int, Any] = {202: {"description": "Aceito (processamento assíncrono)"}}
NO_CONTENT: dict[int, Any] = {204: {"description": "Removido", "content": {}}}

TITLE = "cobranca — operator API and Negocia Online"
VERSION = "1.0.0"

ERROR_SCHEMA = {
    "type": "object",
    "description": "Every 4xx: a stable code, a pt-BR message, and the fields at fault. The gateway's own "
    "401/429 carry only `message`.",
    "required": ["message"],
    "properties": {
        "code": {"type": "string"},
        "message": {"type": "string"},
        "errors": {
            "type": "array",
            "items": {
                "type": "object",
                "required": ["field", "reason"],
                "properties": {"field": {"type": "string"}, "reason": {"type": "string"}},
            },
        },
    },
}
REASONS = {
    "401": "Sem token, token inválido ou expirado",
    "403": "O perfil não dá acesso a esta tela, ou fora do horário permitido",
    "404": "Não encontrado (também o que é de outro tenant)",
    "409": "Conflito com o estado atual (duplicado, já alterado, chave de idempotência com outro corpo)",
    "413": "Arquivo maior que o limite",
    "415": "Content-Type não aceito",
    "422": "Dados inválidos: cada erro nomeia o campo e o motivo",
    "429": "Limite de requisições atingido: veja Retry-After",
}
SECURITY_SCHEMES = {
    "cognito": {
        "type": "http",
        "scheme": "bearer",
        "bearerFormat": "JWT",
        "description": "ID token of the Cognito user pool (the console's login): tenant and role",
    },
    "negociaSession": {
        "type": "http",
        "scheme": "bearer",
        "description": "The debtor's Negocia Online session, from POST /negocia/api/{tenant}/session",
    },
}
PUBLIC = {
    "/negocia/{tenant}",
    "/negocia/api/{tenant}/config",
    "/negocia/api/{tenant}/code",
    "/negocia/api/{tenant}/session",
}
REQUIRED_HEADERS = {("post", "/api/v1/agreements"), ("post", "/negocia/api/agreements")}


def error_codes(method: str, path: str, operation: dict[str, Any]) -> list[str]:
    """The 4xx an operation can answer, from what it is: who may call it, what it takes, what it changes."""
    codes = {"404", "422", "429"}  # 429: the HTTP API's throttling reaches every route
    if path not in PUBLIC or path.endswith("/session"):
        codes.add("401")
    if path.startswith("/api/") or path == "/health":
        codes.add("403")
    if "requestBody" in operation or (method, path) == ("post", "/api/v1/imports"):
        codes.add("415")
    if method in ("post", "put", "patch", "delete") and path not in PUBLIC:
        codes.add("409")
    if (method, path) == ("post", "/api/v1/imports"):
        codes.add("413")
    return sorted(codes)


def _complete(doc: dict[str, Any]) -> dict[str, Any]:
    components = doc.setdefault("components", {})
    components.setdefault("schemas", {})["Error"] = ERROR_SCHEMA
    components["schemas"].pop("HTTPValidationError", None)
    components["schemas"].pop("ValidationError", None)
    components["securitySchemes"] = SECURITY_SCHEMES
    error = {"application/json": {"schema": {"$ref": "#/components/schemas/Error"}}}
    for path, operations in doc["paths"].items():
        for method, operation in operations.items():
            responses = operation["responses"]
            for code in error_codes(method, path, operation):
                responses[code] = {"description": REASONS[code], "content": error}
            if path.startswith("/negocia/"):
                operation["security"] = [] if path in PUBLIC else [{"negociaSession": []}]
            else:
                operation["security"] = [{"cognito": []}]
            for parameter in operation.get("parameters", []):
                if parameter["in"] == "header" and (method, path) in REQUIRED_HEADERS:
                    parameter["required"] = True
                    parameter["schema"] = {"type": "string", "minLength": 8, "maxLength": 200}
    return doc


def document() -> dict[str, Any]:
    from cobranca.http.app import build_resolver
    from cobranca.http.portal import build_portal_resolver

    resolver = build_resolver()
    resolver.include_everything()
    operator = json.loads(resolver.get_openapi_json_schema(title=TITLE, version=VERSION))
    portal = build_portal_resolver()
    portal.include_everything()
    negocia = json.loads(portal.get_openapi_json_schema(title=TITLE, version=VERSION))
    operator["paths"].update(negocia["paths"])
    operator["components"]["schemas"].update(negocia.get("components", {}).get("schemas", {}))
    return _complete(operator)


def openapi_json() -> str:
    return json.dumps(document(), indent=2, ensure_ascii=False, sort_keys=False)


if __name__ == "__main__":
    print(openapi_json())
