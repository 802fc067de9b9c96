"""The caller (/me), the operators a supervisor hands work to, and user administration (admin only)."""

from __future__ import annotations

from aws_lambda_powertools.event_handler.api_gateway import Router

from cobranca.bootstrap import services
from cobranca.domain.users import Operator, User, UserIn, UserPatch
from cobranca.http.openapi import CREATED
from cobranca.http.routers.common import caller
from cobranca.schemas.common import Page
from cobranca.schemas.users import Me
from cobranca.services.users import UserService

router = Router()


@router.get("/me")
def me() -> Me:
    return UserService.me(caller(router))


@router.get("/operators")
def list_operators() -> Page[Operator]:
    """Active users a supervisor may give debtors and tasks to."""
    return Page[Operator](items=services().users.operators(caller(router)))


@router.get("/users")
def list_users() -> Page[User]:
    return Page[User](items=services().users.list(caller(router)))


@router.post("/users", responses=CREATED)
def create_user(body: UserIn) -> tuple[User, int]:
    return services().users.create(caller(router), body), 201


@router.get("/users/<user_id>")
def get_user(user_id: str) -> User:
    return services().users.get(caller(router), user_id)


@router.patch("/users/<user_id>")
def update_user(user_id: str, body: UserPatch) -> User:
    return services().users.update(caller(router), user_id, body)
