"""What each installment's charge gives the creditor (the split, F30): its share of the debt as
negotiated — principal plus the fine and interest fixed at negotiation, never the honorários — less the
agency's commission, as a fixed value per installment, fixed when the agreement is closed. Because it is
fixed, late charges paid on an installment stay with the agency (the seeds: mora is not split).

Asaas takes a split from the net value (the installment less Asaas's fee), so no split may exceed what
the installment leaves once the fee is paid: where one would, it is capped and the rest stays with the
agency; the plan says how much was held back so the statement of account shows it."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from decimal import ROUND_DOWN, Decimal

from cobranca.domain.money import CENT, round_cents

ZERO = Decimal("0.00")
HUNDRED = Decimal(100)


@dataclass(frozen=True, slots=True)
class SplitPlan:
    splits: tuple[Decimal, ...]  # the creditor's fixed value, installment by installment
    creditor_total: Decimal  # the creditor's share less the commission, over the whole agreement
    held_back: Decimal  # what the caps kept from the creditor (0 when no fee got in the way)


def split_plan(
    amounts: list[Decimal], creditor_share: Decimal, commission_percent: Decimal, fees: list[Decimal]
) -> SplitPlan:
    """Each installment's split in proportion to its amount (installment interest is the agency's), the
    cents reconciled to the creditor's total by largest remainder, each capped at its amount − its fee."""
    total = sum(amounts, ZERO)
    creditor_total = round_cents(min(creditor_share, total) * (1 - commission_percent / HUNDRED))
    if total <= 0 or creditor_total <= 0:
        return SplitPlan(tuple(ZERO for _ in amounts), max(creditor_total, ZERO), ZERO)
    exact = [a * creditor_total / total for a in amounts]
    floors = [e.quantize(CENT, rounding=ROUND_DOWN) for e in exact]
    left = int((creditor_total - sum(floors, ZERO)) / CENT)
    by_remainder = sorted(range(len(amounts)), key=lambda n: (exact[n] - floors[n], -n), reverse=True)
    shares = list(floors)
    for n in by_remainder[:left]:
        shares[n] += CENT
    capped = [min(s, max(a - f, ZERO)) for s, a, f in zip(shares, amounts, fees, strict=True)]
    return SplitPlan(tuple(capped), creditor_total, creditor_total - sum(capped, ZERO))


# What a payment costs at Asaas by how it is paid (its published standard prices: boleto and PIX a fixed
# fee per payment received, card a percentage plus a fixed part). The split is capped with these, so an
# account with lower fees leaves a few centavos more with the agency, never a split Asaas would refuse.
FIXED_FEES = {"boleto": Decimal("1.99"), "pix": Decimal("1.99")}
CARD_FIXED = Decimal("0.49")
# a card charge's percentage by the plan's size: à vista, 2 to 6 parts, 7 to 12 (Asaas's tiers)
CARD_TIERS = ((1, Decimal("2.99")), (6, Decimal("3.49")), (12, Decimal("3.99")))


def card_percent(parts: int) -> Decimal:
    return next((percent for upto, percent in CARD_TIERS if parts <= upto), CARD_TIERS[-1][1])


def fee_reserve(method: str, amount: Decimal, parts: int = 1) -> Decimal:
    """What the portador keeps of one installment: a fixed fee for boleto and PIX; for a card, the
    percentage of the plan's tier (the more parts, the higher) plus the fixed part."""
    if method in FIXED_FEES:
        return FIXED_FEES[method]
    return round_cents(amount * card_percent(parts) / HUNDRED + CARD_FIXED)


@dataclass(frozen=True, slots=True)
class ChargeRequest:
    """One installment's charge as a portador is asked for it (providers/ turn it into their format)."""

    customer: str  # the portador's customer id
    method: str  # PaymentMethod's value: boleto, pix, card
    amount: Decimal
    due_date: date
    reference: str  # our externalReference: the portador finds the charge by it
    description: str
    fine_percent: Decimal
    interest_percent_month: Decimal
    split_wallet: str | None = None
    split_value: Decimal | None = None
    parts: int = 1  # a card instalment plan of this many parts: `amount` is its total, `split_value` per part


@dataclass(frozen=True, slots=True)
class PortadorPayment:
    """What the charger keeps of a payment the portador made."""

    id: str
    invoice_url: str | None = None  # the portador's payment page (the card checkout)
    boleto_url: str | None = None
    part: int | None = None  # its place in an instalment plan (1..n)


def spread(total: Decimal, parts: int) -> list[Decimal]:
    """`total` in `parts` equal parts, the centavos left over on the last one (how Asaas divides a card
    plan's total and a split's total over its parts)."""
    cents = int(total / CENT)
    each = cents // parts
    return [each * CENT] * (parts - 1) + [(cents - each * (parts - 1)) * CENT]


def grouped_line(line: str) -> str:
    """A boleto's 47-digit linha digitável as it is printed and typed: 5.5 5.6 5.6 1 14 (anything else
    as it came)."""
    d = "".join(c for c in line if c.isdigit())
    if len(d) != 47:
        return line
    return f"{d[:5]}.{d[5:10]} {d[10:15]}.{d[15:21]} {d[21:26]}.{d[26:32]} {d[32]} {d[33:]}"
