"""Users (admin only) and request authorization: tenant and role from claims, profile from the table."""

from __future__ import annotations

import builtins

from cobranca.domain.access import Role, Screen, check_access_hours
from cobranca.domain.dates import Clock, local_now, utc_timestamp
from cobranca.domain.errors import Conflict, Forbidden, InvalidInput, NotFound
from cobranca.domain.ids import new_id
from cobranca.domain.users import Operator, Profile, ProfileIn, ProfilePatch, User, UserIn, UserPatch
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
        return Caller(
            caller.tenant, caller.user_id, caller.email, profile.role, profile.permissions, profile.name
        )

    @staticmethod
    def me(caller: Caller) -> Me:
        return Me(
            tenant=caller.tenant,
            user_id=caller.user_id,
            email=caller.email,
            name=caller.name,
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
        if body.profile_id:
            profile = self._profile(caller.tenant, body.profile_id)
            body = body.model_copy(update={"permissions": profile.screens})
        return self.register(caller.tenant, body)

    def _profile(self, tenant: str, profile_id: str) -> Profile:
        try:
            return self.users.get_profile(tenant, profile_id)
        except NotFound:
            raise InvalidInput("profile_id", "perfil de acesso não encontrado") from None

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
            profile_id=body.profile_id,
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
        if changes.get("profile_id"):  # the profile's screens; a user's own screens leave the profile
            changes["permissions"] = self._profile(caller.tenant, str(changes["profile_id"])).screens
        elif "permissions" in changes:
            changes["profile_id"] = None
        updated = current.model_copy(update={**changes, "updated_at": utc_timestamp(self.clock)})
        updated = User.model_validate(updated.model_dump())
        if updated.role != current.role:
            self.identity.set_role(current.email, current.role, updated.role)
        self.users.put_user(caller.tenant, updated)
        return updated

    # ------------------------------------------------------------- named access profiles (F06)
    def profiles(self, caller: Caller) -> builtins.list[Profile]:
        caller.require(Screen.USERS)
        return self.users.list_profiles(caller.tenant)

    def create_profile(self, caller: Caller, body: ProfileIn) -> Profile:
        caller.require(Screen.USERS)
        self._unique_profile(caller.tenant, body.name)
        now = utc_timestamp(self.clock)
        profile = Profile(id=new_id(), name=body.name, screens=body.screens, created_at=now, updated_at=now)
        self.users.put_profile(caller.tenant, profile, new=True)
        return profile

    def update_profile(self, caller: Caller, profile_id: str, body: ProfilePatch) -> Profile:
        """A profile's new screens reach every user who has it (each user keeps a copy, so a request
        reads one item to authorize)."""
        caller.require(Screen.USERS)
        current = self.users.get_profile(caller.tenant, profile_id)
        if body.name is not None:
            self._unique_profile(caller.tenant, body.name, profile_id)
        now = utc_timestamp(self.clock)
        updated = current.model_copy(update={**body.changes(), "updated_at": now})
        self.users.put_profile(caller.tenant, updated, new=False)
        if updated.screens != current.screens:
            for user in self.users.list_users(caller.tenant):
                if user.profile_id == profile_id:
                    self.users.put_user(
                        caller.tenant,
                        user.model_copy(update={"permissions": updated.screens, "updated_at": now}),
                    )
        return updated

    def delete_profile(self, caller: Caller, profile_id: str) -> None:
        caller.require(Screen.USERS)
        profile = self.users.get_profile(caller.tenant, profile_id)
        holders = [u.name for u in self.users.list_users(caller.tenant) if u.profile_id == profile_id]
        if holders:
            raise Conflict(
                f"o perfil {profile.name} ainda é de {', '.join(sorted(holders)[:5])}: troque-o antes"
            )
        self.users.delete_profile(caller.tenant, profile_id)

    def _unique_profile(self, tenant: str, name: str, profile_id: str | None = None) -> None:
        if any(
            p.name.lower() == name.lower() and p.id != profile_id for p in self.users.list_profiles(tenant)
        ):
            raise InvalidInput("name", "já existe um perfil com este nome")
