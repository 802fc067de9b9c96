"""The caller (/me), the operators a supervisor hands work to, and user administration (admin only)."""

from __future__ import annotations

from aws_lambda_powertools.event_handler import Response
from aws_lambda_powertools.event_handler.api_gateway import Router

from cobranca.bootstrap import services
from cobranca.domain.users import Operator, Profile, ProfileIn, ProfilePatch, User, UserIn, UserPatch
from cobranca.http.openapi import CREATED, NO_CONTENT
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


@router.get("/profiles")
def list_profiles() -> Page[Profile]:
    """Named access profiles (F06): each a set of screens its users may open."""
    return Page[Profile](items=services().users.profiles(caller(router)))


@router.post("/profiles", responses=CREATED)
def create_profile(body: ProfileIn) -> tuple[Profile, int]:
    return services().users.create_profile(caller(router), body), 201


@router.patch("/profiles/<profile_id>")
def update_profile(profile_id: str, body: ProfilePatch) -> Profile:
    return services().users.update_profile(caller(router), profile_id, body)


@router.delete("/profiles/<profile_id>", responses=NO_CONTENT)
def delete_profile(profile_id: str) -> Response[None]:
    services().users.delete_profile(caller(router), profile_id)
    return Response(204)
