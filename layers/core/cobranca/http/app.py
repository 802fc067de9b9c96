"""Builds the operator API resolver: routers, authentication middleware, error mapping."""

from __future__ import annotations

import importlib
import logging
import os
from collections.abc import Mapping
from typing import Any

from aws_lambda_powertools.event_handler import APIGatewayHttpResolver, Response
from aws_lambda_powertools.event_handler.middlewares import NextMiddleware
from aws_lambda_powertools.event_handler.openapi.exceptions import RequestValidationError
from aws_lambda_powertools.utilities.typing import LambdaContext

from cobranca.bootstrap import services
from cobranca.config import settings
from cobranca.domain.errors import (
    Conflict,
    DomainError,
    Forbidden,
    InvalidInput,
    NotFound,
    SharedLimitReached,
    TooLarge,
    TooManyRequests,
    Unauthorized,
)
from cobranca.http import guard
from cobranca.http.errors import error_response, validation_errors

API_PREFIX = "/api/v1"
MACHINE_PREFIX = "erp"  # /api/v1/erp/...: the ERP's machine routes (their own authorizer in the template)
# The router modules (http/routers/*.py) that serve each first path segment after the prefix. A
# container loads a module (its routes, services and models) on the first request that needs it, so
# a cold start pays for one area of the API, not all of them; the OpenAPI document loads them all.
ROUTERS: dict[str, tuple[str, ...]] = {
    "health": ("health",),
    "creditors": ("creditors",),
    "categories": ("creditors",),
    "debtors": ("debtors", "negotiation"),
    "promises": ("debtors",),
    "alerts": ("debtors",),
    "titles": ("debtors",),
    "users": ("users",),
    "me": ("users",),
    "operators": ("users",),
    "profiles": ("users",),
    "imports": ("imports",),
    "import-mapping": ("imports",),
    "import-template": ("imports",),
    "indices": ("negotiation",),
    "agreements": ("agreements",),
    "term-templates": ("agreements",),
    "templates": ("messaging",),
    "wildcards": ("messaging",),
    "rulers": ("messaging",),
    "sending-settings": ("messaging",),
    "tasks": ("messaging",),
    "letters": ("messaging",),
    "actions": ("messaging",),
    "operator-groups": ("assignment",),
    "assignment-rule": ("assignment",),
    "assignments": ("assignment",),
    "company": ("company",),
    "plan": ("company",),
    "email-domains": ("company",),
    "payment-settings": ("payments",),
    "erp-webhook": ("payments",),
    "erp-deliveries": ("payments",),
    "erp-clients": ("payments",),
    MACHINE_PREFIX: ("machines",),
}
TITLE = "cobranca — operator API"
VERSION = "1.0.0"


class Resolver(APIGatewayHttpResolver):
    """Powertools' HTTP API resolver with the body checked first (see http/guard.py), and routers
    (http/routers/<name>.py) included on the first request that needs them: a cold start on demand
    pays for one area of the API; `include_everything` loads all (a snapshot, the OpenAPI document)."""

    def __init__(self, extra_headers: dict[str, str] | None = None) -> None:
        # Validation on, but its middleware (and pydantic's model machinery, ~40 % of a cold import)
        # is built by Powertools on the first call of a validated route (Route._build_middleware_stacks),
        # not here: the page, /health and a refused request never load it.
        super().__init__(enable_validation=False)
        self._enable_validation = True
        self.extra_headers = extra_headers or {}
        self.included: set[str] = set()

    def routers_for(self, path: str) -> tuple[str, ...]:
        """The router modules a request for `path` needs."""
        return ()

    def everything(self) -> tuple[str, ...]:
        return ()

    def prefix(self, name: str) -> str | None:
        return None

    def include(self, *names: str) -> None:
        for name in names:
            if name not in self.included:
                module = importlib.import_module(f"cobranca.http.routers.{name}")
                self.include_router(module.router, prefix=self.prefix(name))
                self.included.add(name)

    def include_everything(self) -> None:
        """Every router and the validation middleware's modules (what a snapshot should hold)."""
        self.include(*self.everything())
        importlib.import_module("aws_lambda_powertools.event_handler.middlewares.openapi_validation")

    def resolve(self, event: Mapping[str, Any], context: LambdaContext) -> dict[str, Any]:
        refused = guard.rejection(event)
        if refused is not None:
            return guard.proxy_response(*refused, headers=self.extra_headers)
        self.include(*self.routers_for(str(event.get("rawPath") or "")))
        return super().resolve(event, context)


def authenticate(app: APIGatewayHttpResolver, next_middleware: NextMiddleware) -> Response:
    """Tenant, user and role come only from what the gateway's authorizer verified: an operator's JWT
    claims, or on /api/v1/erp/... the ERP authorizer's context (an ERP client's access token)."""
    if (
        settings().cobranca_local and app.current_event.path == "/docs"
    ):  # Swagger UI exists only in the local stack
        return next_middleware(app)
    authorizer = app.current_event.request_context.authorizer
    machine_route = app.current_event.path.startswith(f"{API_PREFIX}/{MACHINE_PREFIX}/")
    claims, machine = authorizer.jwt_claim, authorizer.get_lambda
    # Each kind of token reaches only its routes (the gateway routes them so; this holds it here too).
    if not (machine if machine_route else claims):
        return error_response(401, "unauthorized", "token ausente ou inválido")
    try:
        if machine_route:
            from cobranca.services.caller import caller_from_machine  # loaded when an ERP calls

            caller = caller_from_machine(dict(machine))
        else:
            caller = services().users.authorize(dict(claims))
    except Forbidden as exc:
        return error_response(403, exc.code, exc.message)
    app.append_context(caller=caller)
    return next_middleware(app)


class OperatorResolver(Resolver):
    """The operator API: each router is included on the first request for its part (ROUTERS)."""

    def routers_for(self, path: str) -> tuple[str, ...]:
        if path.endswith("/docs"):  # Swagger UI (local stack) shows every route
            return self.everything()
        inside = path.partition(API_PREFIX + "/")[2]  # "/health" sits outside the prefix
        return ROUTERS.get(inside.split("/", 1)[0] if inside else path.rsplit("/", 1)[-1], ())

    def everything(self) -> tuple[str, ...]:
        order = (
            "health",
            "creditors",
            "debtors",
            "users",
            "imports",
            "negotiation",
            "agreements",
            "messaging",
        )
        return tuple(dict.fromkeys([*order, *(name for names in ROUTERS.values() for name in names)]))

    def prefix(self, name: str) -> str | None:
        return None if name == "health" else API_PREFIX


def build_resolver() -> OperatorResolver:
    app = OperatorResolver()
    app.use(middlewares=[authenticate])
    if settings().cobranca_local:
        app.enable_swagger(path="/docs", title=TITLE, version=VERSION)
    register_errors(app)
    return app


STATUS: dict[type[DomainError], int] = {
    InvalidInput: 422,
    NotFound: 404,
    Conflict: 409,
    Forbidden: 403,
    Unauthorized: 401,
    TooLarge: 413,
    TooManyRequests: 429,
    DomainError: 400,
}


SHARED_LIMIT_LOG = "shared limit reached"  # template.yaml: SharedLimitFilter
SERVICE = os.environ.get("POWERTOOLS_SERVICE_NAME", "cobranca")  # Powertools' logger of this function


def domain_response(exc: DomainError) -> Response:
    """The status of the error's nearest class in STATUS, the error body, and Retry-After on a 429."""
    status = next(STATUS[c] for c in type(exc).__mro__ if c in STATUS)
    errors = [{"field": exc.field, "reason": exc.reason}] if isinstance(exc, InvalidInput) else None
    response = error_response(status, exc.code, exc.message, errors)
    if isinstance(exc, TooManyRequests):
        response.headers["Retry-After"] = str(exc.retry_after)
    if isinstance(exc, SharedLimitReached):  # the alarm's metric filter matches this line
        logging.getLogger(SERVICE).warning(SHARED_LIMIT_LOG, extra={"limit": exc.message})
    return response


def register_errors(app: APIGatewayHttpResolver) -> None:
    """One mapping from domain errors to HTTP, shared by every resolver."""

    @app.exception_handler(RequestValidationError)
    def _invalid_request(exc: RequestValidationError) -> Response:
        errors = validation_errors(list(exc.errors()))
        return error_response(422, "invalid_input", "dados inválidos", errors)

    app.exception_handler(DomainError)(domain_response)

    @app.not_found
    def _no_route(_: Exception) -> Response:
        return error_response(404, "not_found", "rota não encontrada")
