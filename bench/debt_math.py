"""Debt update throughput (one core) and offers for a 20-title debtor, in-process, pure domain."""

from __future__ import annotations

import random
import statistics
import time
from datetime import date, timedelta
from decimal import Decimal

from cobranca.domain.debt import CorrectionIndex, DebtCalculator, OfferRule, Policy
from cobranca.domain.offers import build_offers
from infra.local.seed import load_indices

TODAY = date(2026, 11, 22)


def policy() -> Policy:
    return Policy(
        fine_percent=Decimal(2),
        interest_percent_month=Decimal(1),
        correction_index=CorrectionIndex.IPCA,
        fees_percent=Decimal(10),
        min_installment=Decimal("50.00"),
        offers=[
            OfferRule(
                code="AV",
                name="À vista",
                installments=0,
                discount_principal_percent=10,
                discount_charges_percent=80,
            ),
            OfferRule(
                code="3X",
                name="Entrada + 3x",
                installments=3,
                entry_min_percent=20,
                interest_percent_month=Decimal("1.5"),
            ),
            OfferRule(
                code="6X",
                name="6x",
                installments=6,
                interest_percent_month=Decimal(2),
                discount_charges_percent=50,
            ),
            OfferRule(
                code="12X",
                name="Entrada + 12x",
                installments=12,
                entry_min_percent=10,
                interest_percent_month=Decimal("2.5"),
            ),
        ],
    )


def series() -> dict[str, Decimal]:
    return load_indices()[CorrectionIndex.IPCA]


def titles(count: int, rng: random.Random) -> list[tuple[Decimal, date]]:
    return [
        (Decimal(rng.randrange(1_000, 1_000_000)) / 100, TODAY - timedelta(days=rng.randrange(-30, 2000)))
        for _ in range(count)
    ]


def main() -> None:
    rng = random.Random(3)
    calculator = DebtCalculator(policy(), series())
    portfolio = titles(200_000, rng)
    runs = []
    for _ in range(3):
        calculator = DebtCalculator(policy(), series())  # cold factor cache each run
        start = time.perf_counter()
        for amount, due in portfolio:
            calculator.update(amount, due, TODAY)
        runs.append(len(portfolio) / (time.perf_counter() - start))
    print(
        f"debt update, one core: {statistics.median(runs):,.0f} titles/s (median of 3 runs over "
        f"{len(portfolio):,} titles, IPCA correction, fine, interest, fees)   target >= 100,000"
    )

    debtor = titles(20, rng)
    timings = []
    for _ in range(2000):
        start = time.perf_counter()
        calc = DebtCalculator(calculator.policy, calculator.series)
        updates = [calc.update(amount, due, TODAY) for amount, due in debtor]
        offers = build_offers(calc.policy, updates, TODAY + timedelta(days=5), day=TODAY, self_service=True)
        timings.append((time.perf_counter() - start) * 1000)
    assert offers
    timings.sort()
    print(
        f"offers for a 20-title debtor ({len(calc.policy.offers)} policy offers, update included): "
        f"p50 {statistics.median(timings):.3f} ms, p99 {timings[int(len(timings) * 0.99)]:.3f} ms"
        "   target <= 5 ms"
    )


if __name__ == "__main__":
    main()
