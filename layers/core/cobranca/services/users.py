"""Users (admin only) and request authorization: tenant and role from claims, profile from the table."""

from __future__ import annotations

from cobranca.domain.access import Role, Screen, check_access_hours
from cobranca.domain.dates import Clock, local_now, utc_timestamp
from cobranca.domain.errors import Conflict, Forbidden, NotFound
from cobranca.domain.users import Operator, User, UserIn, UserPatch
from cobranca.gateways import IdentityProvider
from cobranca.ports import UserDirectory
from cobranca.schemas.users import Me
from cobranca.services.caller import Caller, caller_from_claims


class UserService:
    def __init__(self, users: UserDirectory, identity: IdentityProvider, clock: Clock) -> None:
        self.users = users
        self.identity = identity
        self.clock = clock

    def authorize(self, claims: dict[str, object]) -> Caller:
        """Every operator request: verified claims -> caller, then the profile's rules (F06).

        The stored profile's role wins over the token's group: a demoted user's token, valid for up to
        an hour, must not keep the old role for that hour.
        """
        caller = caller_from_claims(claims)
        profile = self.users.get_user(caller.tenant, caller.user_id)
        if profile is None:
            return caller
        if not profile.active:
            raise Forbidden("usuário desativado")
        check_access_hours(profile.role, profile.access_ranges, local_now(self.clock))
        return Caller(caller.tenant, caller.user_id, caller.email, profile.role, profile.permissions)

    @staticmethod
    def me(caller: Caller) -> Me:
        return Me(
            tenant=caller.tenant,
            user_id=caller.user_id,
            email=caller.email,
            role=caller.role,
            screens=caller.screens,
        )

    def operators(self, caller: Caller) -> list[Operator]:
        """Active users, for supervisors and admins who hand out debtors and tasks."""
        caller.require(Screen.DEBTORS)
        if caller.role is Role.OPERATOR:
            raise Forbidden("somente supervisores e administradores distribuem a carteira")
        users = sorted(self.users.list_users(caller.tenant), key=lambda u: u.name)
        return [Operator(id=u.id, name=u.name, role=u.role) for u in users if u.active]

    def list(self, caller: Caller) -> list[User]:
        caller.require(Screen.USERS)
        return self.users.list_users(caller.tenant)

    def get(self, caller: Caller, user_id: str) -> User:
        caller.require(Screen.USERS)
        user = self.users.get_user(caller.tenant, user_id)
        if user is None:
            raise NotFound("usuário não encontrado")
        return user

    def create(self, caller: Caller, body: UserIn) -> User:
        caller.require(Screen.USERS)
        if any(u.email == body.email for u in self.users.list_users(caller.tenant)):
            raise Conflict("já existe um usuário com este e-mail")
        return self.register(caller.tenant, body)

    def register(self, tenant: str, body: UserIn) -> User:
        """Creates the identity (Cognito) and the profile; also used to seed the local stack."""
        user_id = self.identity.create_user(tenant, body.email, body.name, body.role, body.temporary_password)
        now = utc_timestamp(self.clock)
        user = User(
            id=user_id,
            email=body.email,
            name=body.name,
            role=body.role,
            permissions=body.permissions,
            access_ranges=body.access_ranges,
            created_at=now,
            updated_at=now,
        )
        self.users.put_user(tenant, user)
        return user

    def update(self, caller: Caller, user_id: str, body: UserPatch) -> User:
        current = self.get(caller, user_id)
        changes = body.changes()
        if user_id == caller.user_id and (
            changes.get("role", Role.ADMIN) != Role.ADMIN or changes.get("active") is False
        ):
            raise Conflict("um administrador não pode rebaixar ou desativar a si mesmo")
        updated = current.model_copy(update={**changes, "updated_at": utc_timestamp(self.clock)})
        updated = User.model_validate(updated.model_dump())
        if updated.role != current.role:
            self.identity.set_role(current.email, current.role, updated.role)
        self.users.put_user(caller.tenant, updated)
        return updated
