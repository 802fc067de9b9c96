"""Each tenant's token bucket for a provider (domain/quota.py): one item, read and written under a
condition on its last update, so two workers taking at once never spend the same tokens twice."""

from __future__ import annotations

from collections.abc import Callable
from functools import partial

from cobranca.domain.dates import Clock
from cobranca.domain.quota import ASAAS, Bucket
from cobranca.store import keys as k
from cobranca.store.dynamo import applied, get_or_none
from cobranca.store.models import QuotaItem

TRIES = 5


class DynamoQuota:
    def __init__(self, name: str, bucket: Bucket) -> None:
        self.name = name
        self.bucket = bucket

    def take(self, tenant: str, n: int, now: float) -> float:
        """Spends `n` tokens: 0 when granted, else the seconds to wait (nothing spent)."""
        for _ in range(TRIES):
            item = get_or_none(QuotaItem, k.tenant_pk(tenant), k.quota_sk(self.name))
            tokens = float(item.tokens) if item else self.bucket.capacity
            at = float(item.at) if item else now
            left, wait = self.bucket.take(tokens, at, now, n)
            if wait:
                return wait
            fresh = QuotaItem(k.tenant_pk(tenant), k.quota_sk(self.name), tokens=left, at=now)
            condition = QuotaItem.at == at if item else QuotaItem.pk.does_not_exist()
            if applied(partial(fresh.save, condition=condition)):
                return 0.0
        return 1.0  # contended: a second later


def asaas_quota(clock: Clock) -> Callable[[str, int], float]:
    """The charger's spend from each tenant's Asaas bucket: `(tenant, requests)` → 0 granted, else
    seconds to wait."""
    bucket = DynamoQuota("asaas", ASAAS)
    return lambda tenant, requests: bucket.take(tenant, requests, clock.now().timestamp())
