"""Operator profiles (permissions, access windows) in the table; identities live in Cognito."""

from __future__ import annotations

from pynamodb.exceptions import DoesNotExist

from cobranca.domain.access import AccessRange, Role, Screen
from cobranca.domain.users import User
from cobranca.store import keys as k
from cobranca.store.models import UserItem


def _to_user(i: UserItem) -> User:
    return User(
        id=i.id,
        email=i.email,
        name=i.name,
        role=Role(i.role),
        permissions=[Screen(p) for p in i.permissions] if i.permissions is not None else None,
        access_ranges=[AccessRange.model_validate(r) for r in i.access_ranges or []],
        active=i.active,
        created_at=i.created_at,
        updated_at=i.updated_at,
    )


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
        UserItem(
            pk=k.tenant_pk(tenant),
            sk=k.user_sk(user.id),
            id=user.id,
            email=user.email,
            name=user.name,
            role=user.role.value,
            permissions=[p.value for p in user.permissions] if user.permissions is not None else None,
            access_ranges=[r.model_dump(mode="json") for r in user.access_ranges],
            active=user.active,
            created_at=user.created_at,
            updated_at=user.updated_at,
        ).save()
