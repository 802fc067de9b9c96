"""A token bucket (pure arithmetic) that keeps each tenant's Asaas account under its quota.

Asaas allows 25,000 requests per account every 12 hours (its counter starts with the first request and
resets 12 hours later; docs: "Limites da API"). A bucket of capacity C refilled at C per 12 hours lets
at most 2C through in any 12 hours (a full bucket, then the refill), whatever Asaas's window is; so
C = 12,000 keeps the account at most at 24,000, under the quota with room for the console's own calls."""

from __future__ import annotations

from dataclasses import dataclass

WINDOW_SECONDS = 12 * 3600
ASAAS_QUOTA = 25_000
ASAAS_CAPACITY = 12_000  # ≤ half the quota: any 12-hour window sees at most twice this


@dataclass(frozen=True, slots=True)
class Bucket:
    capacity: float
    per_second: float

    def level(self, tokens: float, at: float, now: float) -> float:
        """The tokens at `now`, from `tokens` left at `at` (never above the capacity)."""
        return min(self.capacity, tokens + max(0.0, now - at) * self.per_second)

    def take(self, tokens: float, at: float, now: float, n: int) -> tuple[float, float]:
        """(tokens left, 0) when `n` can go now, else (the level, seconds until they can)."""
        level = self.level(tokens, at, now)
        if level >= n:
            return level - n, 0.0
        return level, (n - level) / self.per_second


ASAAS = Bucket(capacity=ASAAS_CAPACITY, per_second=ASAAS_CAPACITY / WINDOW_SECONDS)
