"""Operator profiles (permissions, access windows) in the table; identities live in Cognito."""

from __future__ import annotations

from pynamodb.exceptions import DoesNotExist

from cobranca.domain.users import User
from cobranca.store import keys as k
from cobranca.store.mapping import read, stored
from cobranca.store.models import UserItem


def _to_user(i: UserItem) -> User:
    return read(User, i)


class DynamoUsers:
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
