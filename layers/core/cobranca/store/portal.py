"""Negocia Online state: one-time codes, attempt counters per window, sessions. All expire by TTL."""

from __future__ import annotations

from dataclasses import dataclass

from pynamodb.exceptions import DoesNotExist, UpdateError
from pynamodb.expressions.condition import size

from cobranca.store import keys as k
from cobranca.store.models import CounterItem, NegociaCodeItem, NegociaSessionItem


@dataclass(frozen=True)
class StoredCode:
    digest: str
    expires_at: int
    request_id: str = ""


@dataclass(frozen=True)
class StoredSession:
    tenant: str
    debtor_id: str
    expires_at: int


class DynamoPortal:
    def put_code(self, tenant: str, document: str, digest: str, expires_at: int, request_id: str) -> None:
        """A new code replaces the previous one for the document."""
        NegociaCodeItem(
            pk=k.negocia_code_pk(tenant, document),
            sk=k.GUARD_SK,
            digest=digest,
            expires_at=expires_at,
            request_id=request_id,
            ttl=expires_at + 3600,
        ).save()

    def get_code(self, tenant: str, document: str) -> StoredCode | None:
        try:
            item = NegociaCodeItem.get(k.negocia_code_pk(tenant, document), k.GUARD_SK, consistent_read=True)
        except DoesNotExist:
            return None
        return StoredCode(item.digest, int(item.expires_at), item.request_id or "")

    def use_code(self, tenant: str, document: str, digest: str) -> bool:
        """Deletes the code only if it is still the one checked: a code is used once, even in a race."""
        try:
            NegociaCodeItem(k.negocia_code_pk(tenant, document), k.GUARD_SK).delete(
                condition=NegociaCodeItem.digest == digest
            )
        except Exception:
            return False
        return True

    def increment(self, tenant: str, scope: str, key: str, window: int, expires_at: int) -> int:
        counter = CounterItem(k.negocia_counter_pk(tenant, scope, key, window), k.GUARD_SK)
        counter.update(actions=[CounterItem.value.add(1), CounterItem.ttl.set(expires_at)])
        return int(counter.value)

    def add_member(
        self, tenant: str, scope: str, key: str, window: int, member: str, limit: int, expires_at: int
    ) -> bool:
        """Adds `member` to the window's set unless that would make more than `limit` distinct members.

        One conditional update: concurrent requests can never push the set past the limit.
        """
        counter = CounterItem(k.negocia_counter_pk(tenant, scope, key, window), k.GUARD_SK)
        room = (
            CounterItem.members.does_not_exist()
            | (size(CounterItem.members) < limit)
            | CounterItem.members.contains(member)
        )
        try:
            counter.update(
                actions=[CounterItem.members.add({member}), CounterItem.ttl.set(expires_at)], condition=room
            )
        except UpdateError as exc:
            if exc.cause_response_code == "ConditionalCheckFailedException":
                return False
            raise
        return True

    def count(self, tenant: str, scope: str, key: str, window: int) -> int:
        try:
            return int(CounterItem.get(k.negocia_counter_pk(tenant, scope, key, window), k.GUARD_SK).value)
        except DoesNotExist:
            return 0

    def put_session(self, token_digest: str, tenant: str, debtor_id: str, expires_at: int) -> None:
        NegociaSessionItem(
            pk=k.negocia_session_pk(token_digest),
            sk=k.GUARD_SK,
            tenant=tenant,
            debtor_id=debtor_id,
            expires_at=expires_at,
            ttl=expires_at + 3600,
        ).save()

    def get_session(self, token_digest: str) -> StoredSession | None:
        try:
            item = NegociaSessionItem.get(k.negocia_session_pk(token_digest), k.GUARD_SK)
        except DoesNotExist:
            return None
        return StoredSession(item.tenant, item.debtor_id, int(item.expires_at))
