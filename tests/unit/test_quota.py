"""The tenant's Asaas token bucket (domain/quota.py): never more than the quota in any 12 hours."""

from hypothesis import given, settings
from hypothesis import strategies as st

from cobranca.domain.quota import ASAAS, ASAAS_QUOTA, WINDOW_SECONDS


def test_a_full_bucket_grants_its_capacity_then_waits_for_the_refill():
    left, wait = ASAAS.take(ASAAS.capacity, 0.0, 0.0, 12_000)
    assert (left, wait) == (0.0, 0.0)
    left, wait = ASAAS.take(left, 0.0, 0.0, 10)
    assert wait == 10 / ASAAS.per_second  # 36 s for ten requests
    assert ASAAS.level(0.0, 0.0, WINDOW_SECONDS) == ASAAS.capacity  # full again after 12 hours


@settings(max_examples=200, deadline=None)
@given(st.lists(st.tuples(st.floats(0, 3600), st.integers(1, 400)), min_size=1, max_size=300))
def test_no_twelve_hours_see_more_than_the_quota(steps):
    """Requests asked at random moments, each taken when the bucket allows: any 12-hour window of
    what was granted stays under Asaas's 25,000."""
    tokens, at, now, granted = ASAAS.capacity, 0.0, 0.0, []
    for gap, n in steps:
        now += gap
        left, wait = ASAAS.take(tokens, at, now, n)
        if wait:
            now += wait + 1e-6
            left, wait = ASAAS.take(tokens, at, now, n)
        assert wait == 0
        tokens, at = left, now
        granted.append((now, n))
    for start, _ in granted:
        window = sum(n for t, n in granted if start <= t < start + WINDOW_SECONDS)
        assert window <= ASAAS_QUOTA
