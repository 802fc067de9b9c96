"""The DynamoDB toolkit every repository uses: one way to run a conditional transaction (a failed
condition becomes a Conflict in pt-BR), to read an item or 404, to create only if absent, and to page."""

from __future__ import annotations

from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from typing import Any, TypeVar

from pynamodb.exceptions import DoesNotExist, PutError, TransactWriteError, UpdateError
from pynamodb.expressions.condition import Condition
from pynamodb.models import Model
from pynamodb.transactions import TransactWrite

from cobranca.domain.dates import expires_after
from cobranca.domain.errors import Conflict, NotFound
from cobranca.domain.idempotency import IdempotentReplay
from cobranca.store import keys as k
from cobranca.store.codec import encode_cursor
from cobranca.store.models import IdempotencyItem, Item

M = TypeVar("M", bound=Model)
T = TypeVar("T")
Page = tuple[list[Any], str | None]


def failed_condition(exc: TransactWriteError | PutError | UpdateError) -> bool:
    """Whether the write was refused by one of its conditions (not throttled, not malformed)."""
    if isinstance(exc, PutError | UpdateError):
        return exc.cause_response_code == "ConditionalCheckFailedException"
    reasons = exc.cancellation_reasons or []
    return any(r is not None and r.code == "ConditionalCheckFailed" for r in reasons)


def first_failed(exc: TransactWriteError) -> bool:
    """Whether the transaction's first operation is the one whose condition failed."""
    reasons = exc.cancellation_reasons or []
    return bool(reasons) and reasons[0] is not None and reasons[0].code == "ConditionalCheckFailed"


def transact() -> TransactWrite:
    # The models' own connection: a new Connection would build a new botocore client (and re-read
    # the service model from disk) on every transaction.
    return TransactWrite(connection=Item._get_connection().connection)


@contextmanager
def transaction(conflict: str, *, missing: str | None = None) -> Iterator[TransactWrite]:
    """All or nothing. A failed condition raises Conflict(conflict); with `missing`, a failure of the
    first operation (the parent's existence check) raises NotFound(missing) instead."""
    try:
        with transact() as tx:
            yield tx
    except TransactWriteError as exc:
        if missing is not None and first_failed(exc):
            raise NotFound(missing) from exc
        if failed_condition(exc):
            raise Conflict(conflict) from exc
        raise


def get_or_none(model: type[M], pk: str, sk: str) -> M | None:
    try:
        return model.get(pk, sk)
    except DoesNotExist:
        return None


def get_or_404(model: type[M], pk: str, sk: str, message: str) -> M:
    found = get_or_none(model, pk, sk)
    if found is None:
        raise NotFound(message)
    return found


def create_if_absent(item: Model) -> bool:
    """A conditional put: False when an item with this key already exists."""
    try:
        item.save(condition=type(item)._hash_key_attribute().does_not_exist())
    except PutError as exc:
        if failed_condition(exc):
            return False
        raise
    return True


def applied(write: Callable[[], Any]) -> bool:
    """Runs a conditional write: False when its condition refused it (nothing was written)."""
    try:
        write()
    except (PutError, UpdateError) as exc:
        if failed_condition(exc):
            return False
        raise
    return True


def all_of(conditions: Sequence[Condition]) -> Condition | None:
    """The conditions joined with AND (None when there are none)."""
    joined: Condition | None = None
    for condition in conditions:
        joined = condition if joined is None else joined & condition
    return joined


def page(results: Any, convert: Callable[[Any], Any]) -> Page:
    """One page of a query and the cursor of the next (None at the end)."""
    return [convert(i) for i in results], encode_cursor(results.last_evaluated_key)


KEY_DAYS = 30  # how long a used Idempotency-Key is remembered (Asaas resends a webhook for 14 days)


def _key_item(
    tenant: str, scope: str, key: str, target_id: str, fingerprint: str, now: str
) -> IdempotencyItem:
    return IdempotencyItem(
        pk=k.idempotency_pk(tenant, scope, key),
        sk=k.GUARD_SK,
        target_id=target_id,
        fingerprint=fingerprint,
        ttl=expires_after(now, KEY_DAYS),
    )


def remember_key(
    tx: TransactWrite, tenant: str, scope: str, key: str, target_id: str, fingerprint: str, now: str
) -> None:
    """Adds, as the transaction's FIRST operation, the record that `key` created `target_id`: if the key
    was used before, the whole transaction fails on it and `recall_key` says what it made."""
    item = _key_item(tenant, scope, key, target_id, fingerprint, now)
    tx.save(item, condition=IdempotencyItem.pk.does_not_exist())


def claim_key(tenant: str, scope: str, key: str, now: str) -> bool:
    """The same record on its own, for a side effect done once (an e-mail): True the first time."""
    return create_if_absent(_key_item(tenant, scope, key, key, scope, now))


def recall_key(tenant: str, scope: str, key: str) -> IdempotentReplay | None:
    item = get_or_none(IdempotencyItem, k.idempotency_pk(tenant, scope, key), k.GUARD_SK)
    return IdempotentReplay(item.target_id, item.fingerprint) if item else None


@contextmanager
def once(
    tenant: str, scope: str, key: str, target_id: str, fingerprint: str, now: str
) -> Iterator[TransactWrite]:
    """A transaction that happens once per key: a key used before raises its IdempotentReplay (the
    caller answers with what the first request made), any other failed condition raises as it is."""
    try:
        with transact() as tx:
            remember_key(tx, tenant, scope, key, target_id, fingerprint, now)
            yield tx
    except TransactWriteError as exc:
        replay = recall_key(tenant, scope, key) if first_failed(exc) else None
        if replay is not None:
            raise replay from exc
        raise


def first_time(write: Callable[[TransactWrite], None]) -> bool:
    """Runs `write` as one transaction whose first operation is its guard (an agreement still active, a
    key not used before): False when that guard refused it (it was done before); any other failed
    condition raises (the state changed: the caller tries again on the new one)."""
    try:
        with transact() as tx:
            write(tx)
    except TransactWriteError as exc:
        if first_failed(exc):
            return False
        raise
    return True


def guarded_batches(items: list[T], size: int, write: Callable[[TransactWrite, T], None]) -> list[T]:
    """Writes the items `size` to a transaction. A group refused by a condition (a guard someone else
    took meanwhile) is written again one item at a time; returns the items refused on their own."""
    refused: list[T] = []
    for start in range(0, len(items), size):
        group = items[start : start + size]
        if _write_all(group, write):
            continue
        refused += [one for one in group if not _write_all([one], write)]
    return refused


def _write_all(group: list[Any], write: Callable[[TransactWrite, Any], None]) -> bool:
    try:
        with transact() as tx:
            for item in group:
                write(tx, item)
    except TransactWriteError as exc:
        if failed_condition(exc):
            return False
        raise
    return True
