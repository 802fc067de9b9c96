"""Operator profiles (permissions, access windows) and the named access profiles in the table;
identities live in Cognito."""

from __future__ import annotations

from pynamodb.exceptions import DoesNotExist

from cobranca.domain.users import Profile, User
from cobranca.store import keys as k
from cobranca.store.config_docs import delete_doc, list_docs, put_doc, require_doc
from cobranca.store.mapping import read, stored
from cobranca.store.models import UserItem


def _to_user(i: UserItem) -> User:
    return read(User, i)


class DynamoUsers:
    def user_name(self, tenant: str, user_id: str) -> str | None:
        """A user's name (the termo names who closed an agreement), None when there is no such user."""
        user = self.get_user(tenant, user_id)
        return user.name if user else None

    def get_user(self, tenant: str, user_id: str) -> User | None:
        try:
            return _to_user(UserItem.get(k.tenant_pk(tenant), k.user_sk(user_id)))
        except DoesNotExist:
            return None

    def user_exists(self, tenant: str, user_id: str) -> bool:
        return self.get_user(tenant, user_id) is not None

    def list_users(self, tenant: str) -> list[User]:
        return [
            _to_user(i) for i in UserItem.query(k.tenant_pk(tenant), UserItem.sk.startswith(k.USER_PREFIX))
        ]

    def put_user(self, tenant: str, user: User) -> None:
        UserItem(**stored(user, UserItem, pk=k.tenant_pk(tenant), sk=k.user_sk(user.id))).save()

    # ------------------------------------------------------------- named access profiles
    def put_profile(self, tenant: str, p: Profile, *, new: bool) -> None:
        put_doc(tenant, k.profile_sk(p.id), p, p.updated_at, new)

    def get_profile(self, tenant: str, profile_id: str) -> Profile:
        return require_doc(tenant, k.profile_sk(profile_id), Profile, "perfil de acesso não encontrado")

    def list_profiles(self, tenant: str) -> list[Profile]:
        return sorted(list_docs(tenant, k.PROFILE_PREFIX, Profile), key=lambda p: p.name.lower())

    def delete_profile(self, tenant: str, profile_id: str) -> None:
        delete_doc(tenant, k.profile_sk(profile_id))
