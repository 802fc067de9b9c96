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
CARD_PERCENT, CARD_FIXED = Decimal("2.99"), Decimal("0.49")


def fee_reserve(method: str, amount: Decimal) -> Decimal:
    if method in FIXED_FEES:
        return FIXED_FEES[method]
    return round_cents(amount * CARD_PERCENT / HUNDRED + CARD_FIXED)


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


@dataclass(frozen=True, slots=True)
class PortadorPayment:
    """What the charger keeps of a payment the portador made."""

    id: str
    invoice_url: str | None = None  # the portador's payment page (the card checkout)
    boleto_url: str | None = None


def grouped_line(line: str) -> str:
    """A boleto's 47-digit linha digitável as it is printed and typed: 5.5 5.6 5.6 1 14 (anything else
    as it came)."""
    d = "".join(c for c in line if c.isdigit())
    if len(d) != 47:
        return line
    return f"{d[:5]}.{d[5:10]} {d[10:15]}.{d[15:21]} {d[21:26]}.{d[26:32]} {d[32]} {d[33:]}"
