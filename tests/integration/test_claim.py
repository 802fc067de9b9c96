"""The sender's claim on DynamoDB (moto): one transaction takes the lease, checks every item is still
open, writes the cap over the version read and takes the quota, or writes nothing and says which part
did not hold (read back from the transaction's cancellation reasons)."""

from __future__ import annotations

from datetime import date

import pytest

from cobranca.domain.delivery import Claim, ClaimRefused
from cobranca.domain.messages import Message, MessageStatus
from cobranca.store import deliveries
from cobranca.store.messaging import DynamoMessaging
from tests.integration.conftest import Stack
from tests.integration.test_ruler import run, setup_ruler

DAY = "2026-11-23"
NOW, LEASE = "2026-11-23T12:00:00.000Z", "2026-11-23T12:01:00.000Z"


def two_sms(stack: Stack) -> tuple[DynamoMessaging, Message, Message]:
    setup_ruler(stack, debtors=2)
    run(stack, DAY)
    store = DynamoMessaging()
    first, second = sorted(
        store.messages_on("demo", date.fromisoformat(DAY), "sms"), key=lambda m: m.debtor_id
    )
    return store, first, second


def status(store: DynamoMessaging, m: Message) -> MessageStatus | None:
    current = store.get_message("demo", m.id)
    return current.status if current else None


def pay(stack: Stack, m: Message, n: int = 0) -> str:
    item = m.items[n].id
    path = f"/api/v1/debtors/{m.debtor_id}/titles/{item}/status"
    assert stack.api.call(stack.admin, "POST", path, {"status": "paid"}).status == 200
    return item


def test_a_refused_claim_names_each_part_that_failed_and_writes_nothing(stack: Stack):
    store, first, second = two_sms(stack)
    assert store.claim("demo", Claim(first, NOW, LEASE, quota=(DAY, 1))) is None  # today's only SMS
    paid = pay(stack, second)

    refused = store.claim("demo", Claim(second, NOW, LEASE, cap=([f"{DAY}|{second.id}"], 7), quota=(DAY, 1)))

    assert refused == ClaimRefused(closed=frozenset({paid}), cap_moved=True, over_quota=True)
    assert status(store, second) is MessageStatus.QUEUED
    assert store.contact_days("demo", second.debtor_id) == ([], 0)
    # the message, its open items, the cap and the quota together: taken at once
    still = second.model_copy(update={"items": [i for i in second.items if i.id != paid]})
    assert (
        store.claim("demo", Claim(still, NOW, LEASE, cap=([f"{DAY}|{second.id}"], 0), quota=(DAY, 2))) is None
    )
    assert status(store, second) is MessageStatus.SENDING
    assert store.contact_days("demo", second.debtor_id) == ([f"{DAY}|{second.id}"], 1)


def test_a_leased_message_is_taken_until_its_lease_expires(stack: Stack):
    store, first, _ = two_sms(stack)
    assert store.claim("demo", Claim(first, NOW, LEASE)) is None
    assert store.claim("demo", Claim(first, NOW, LEASE)) == ClaimRefused(taken=True)
    assert not store.defer("demo", first, LEASE, DAY, NOW)  # nor parked by another delivery
    assert store.claim("demo", Claim(first, "2026-11-23T12:02:00.000Z", LEASE)) is None  # lease expired


def test_a_message_with_more_items_than_one_transaction_takes_is_checked_by_one_read(
    stack: Stack, monkeypatch: pytest.MonkeyPatch
):
    store, first, _ = two_sms(stack)
    monkeypatch.setattr(deliveries, "CHECKED_IN_CLAIM", 1)
    paid = pay(stack, first, 1)
    assert store.claim("demo", Claim(first, NOW, LEASE)) == ClaimRefused(closed=frozenset({paid}))
    still = first.model_copy(update={"items": [i for i in first.items if i.id != paid]})
    assert store.claim("demo", Claim(still, NOW, LEASE)) is None
