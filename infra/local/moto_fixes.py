"""Local-stack fixes for moto's DynamoDB: single-item writes made atomic, as DynamoDB's are, and two
costs that grow with the whole table, not the request:

- TransactWriteItems deep-copies the table once per item (for rollback), and is not isolated from
  a concurrent one. Here every condition is checked first and the writes are applied only if none
  failed, under a lock: the same all-or-nothing, serializable semantics, no snapshot.
- Query sorts every item of the table before filtering (and sorts the matches again afterwards),
  comparing typed values item by item. Here a base-table query reads only its partition, an
  index query pre-selects the items whose index hash key has the queried value, and matches are
  sorted on plain values (same order).

Without them a 100,000-row import or a 10,000-debtor listing would measure moto, not cobranca.
"""

from __future__ import annotations

import threading
from decimal import Decimal
from typing import Any

from moto.dynamodb.comparisons import get_filter_expression
from moto.dynamodb.exceptions import (
    MultipleTransactionsException,
    TooManyTransactionsException,
    TransactionCanceledException,
    TransactWriteSingleOpException,
)
from moto.dynamodb.models import DynamoDBBackend
from moto.dynamodb.models.table import Table

_OPERATIONS = {"ConditionCheck", "Put", "Delete", "Update"}


def _key(backend: DynamoDBBackend, op_type: str, op: dict[str, Any]) -> dict[str, Any]:
    if op_type != "Put":
        return dict(op["Key"])
    table = backend.get_table(op["TableName"])
    key = {table.hash_key_attr: op["Item"][table.hash_key_attr]}
    if table.range_key_attr is not None:
        key[table.range_key_attr] = op["Item"][table.range_key_attr]
    return key


_transactions = threading.RLock()  # DynamoDB serializes transactions; moto alone does not


def transact_write_items(self: DynamoDBBackend, transact_items: list[dict[str, Any]]) -> None:
    with _transactions:
        _transact_write_items(self, transact_items)


def _transact_write_items(self: DynamoDBBackend, transact_items: list[dict[str, Any]]) -> None:
    if len(transact_items) > 100:
        raise TooManyTransactionsException()
    operations = _operations(self, transact_items)
    errors = [_check(self, op, key) for _, op, key in operations]
    if any(code is not None for code, _, _ in errors):
        raise TransactionCanceledException(errors)
    for op_type, op, key in operations:
        _apply(self, op_type, op, key)


def _operations(
    self: DynamoDBBackend, transact_items: list[dict[str, Any]]
) -> list[tuple[str, dict[str, Any], dict[str, Any]]]:
    """Each item's (type, operation, key), refusing what DynamoDB refuses: two ops on one item."""
    seen: set[tuple[str, str]] = set()
    operations = []
    for item in transact_items:
        if len(item) > 1:
            raise TransactWriteSingleOpException
        op_type, op = next(iter(item.items()))
        if op_type not in _OPERATIONS:
            raise ValueError("Unsupported transaction operation")
        key = _key(self, op_type, op)
        marker = (str(op["TableName"]), str(dict(sorted(key.items()))))
        if marker in seen:
            raise MultipleTransactionsException()
        seen.add(marker)
        operations.append((op_type, op, key))
    return operations


def _check(self: DynamoDBBackend, op: dict[str, Any], key: dict[str, Any]) -> tuple[Any, Any, Any]:
    """One cancellation reason: (None, None, None) when the operation's condition holds."""
    condition = op.get("ConditionExpression")
    current = self.get_item(op["TableName"], key)
    if condition is None or get_filter_expression(
        condition, op.get("ExpressionAttributeNames"), op.get("ExpressionAttributeValues")
    ).expr(current):
        return None, None, None
    wants_old = op.get("ReturnValuesOnConditionCheckFailure") == "ALL_OLD"
    old = current.to_json()["Attributes"] if current is not None and wants_old else None
    return "ConditionalCheckFailed", "The conditional request failed", old


def _apply(self: DynamoDBBackend, op_type: str, op: dict[str, Any], key: dict[str, Any]) -> None:
    names, values = op.get("ExpressionAttributeNames"), op.get("ExpressionAttributeValues")
    if op_type == "Put":
        self.put_item(
            op["TableName"], op["Item"], expression_attribute_names=names, expression_attribute_values=values
        )
    elif op_type == "Delete":
        self.delete_item(
            op["TableName"], key, expression_attribute_names=names, expression_attribute_values=values
        )
    elif op_type == "Update":
        self.update_item(
            op["TableName"],
            key,
            update_expression=op["UpdateExpression"],
            expression_attribute_names=names or {},
            expression_attribute_values=values or {},
        )


_scope = threading.local()
_EVERYTHING = object()
_original_query = Table.query
_original_all_items = Table.all_items


def all_items(self: Table) -> list[Any]:
    scope = getattr(_scope, "value", None)
    if scope is None:  # scans keep moto's sorted order
        return _original_all_items(self)
    if scope is _EVERYTHING or isinstance(scope, tuple):
        partitions = list(self.items.values())
    else:
        partitions = [self.items[scope]] if scope in self.items else []
    items: list[Any] = [i for p in partitions for i in p.values()] if self.range_key_attr else partitions
    if isinstance(scope, tuple):  # index query: only items whose index hash key has the value
        attribute, value = scope
        return [i for i in items if (v := i.attrs.get(attribute)) is not None and v.value == value]
    return items


def _index_hash_attribute(table: Table, index_name: str) -> str | None:
    for index in table.all_indexes():
        if index.name == index_name:
            hashes = [k["AttributeName"] for k in index.schema if k["KeyType"] == "HASH"]
            return hashes[0] if len(hashes) == 1 else None
    return None


def query(self: Table, hash_key: Any, *args: Any, **kwargs: Any) -> Any:
    index_name = args[6] if len(args) > 6 else kwargs.get("index_name")  # moto passes it positionally
    if not index_name:
        _scope.value = hash_key if hash_key is not None else _EVERYTHING
    else:
        attribute = _index_hash_attribute(self, index_name)
        _scope.value = (attribute, hash_key.value) if attribute and hash_key is not None else _EVERYTHING
    try:
        return _original_query(self, hash_key, *args, **kwargs)
    finally:
        _scope.value = None


def _sort_value(value: Any) -> Any:
    return Decimal(value.value) if value.type == "N" else value.value


def sorted_items(
    self: Table, hash_key_attrs: list[str], range_key_attrs: list[str | None], items: list[Any]
) -> Any:
    """moto's order (index keys, then table keys) with plain values instead of typed comparisons."""
    attrs = self._generate_attr_to_sort_by(hash_key_attrs, range_key_attrs)
    items.sort(key=lambda item: tuple(_sort_value(item.attrs[a]) for a in attrs))
    return items


def _serialized(write: Any) -> Any:
    """DynamoDB applies each single-item write atomically (an `ADD` returns a value no other writer
    saw); moto reads, changes and stores the item in Python, so concurrent requests can lose updates."""

    def locked(self: DynamoDBBackend, *args: Any, **kwargs: Any) -> Any:
        with _transactions:
            return write(self, *args, **kwargs)

    return locked


def apply() -> None:
    for name in ("put_item", "update_item", "delete_item"):
        setattr(DynamoDBBackend, name, _serialized(getattr(DynamoDBBackend, name)))
    DynamoDBBackend.transact_write_items = transact_write_items  # type: ignore[method-assign]
    Table.all_items = all_items  # type: ignore[method-assign]
    Table.query = query  # type: ignore[method-assign]
    Table.sorted_items = sorted_items  # type: ignore[method-assign]
