"""Wire shapes of the statement and offers: index series, offers and their payments, index health."""

from __future__ import annotations

import datetime
from datetime import date
from decimal import Decimal
from typing import Annotated

from pydantic import Field

from cobranca.domain.dates import NearDate
from cobranca.domain.debt import CorrectionIndex, OperatorMargin
from cobranca.domain.model import Entity
from cobranca.domain.offers import MarginIn


class IndexSeries(Entity):
    name: CorrectionIndex
    values: dict[str, Decimal] = Field(description="'YYYY-MM' -> monthly % variation")


class OffersIn(MarginIn):
    title_ids: Annotated[list[str], Field(min_length=1, max_length=200)]
    date: NearDate | None = Field(None, description="Calculation date; today (São Paulo) when omitted")
    first_due_date: NearDate | None = Field(
        None, description="First payment date; the calculation date when omitted"
    )


class PaymentOut(Entity):
    number: int = Field(description="0 = entry, 1..n = installments")
    due_date: date
    amount: Decimal


class OfferOut(Entity):
    code: str
    name: str
    installments: int
    principal: Decimal
    charges: Decimal
    discounted: Decimal
    entry: Decimal
    payments: list[PaymentOut]
    total: Decimal
    owed: Decimal = Field(description="what the selected titles owe today, before the offer")
    discount: Decimal = Field(description="what the offer forgives: owed - discounted")
    discount_percent: Decimal = Field(description="the discount as a percentage of what is owed")
    interest_percent_month: Decimal = Field(description="the rule's monthly rate on what is financed")
    cet_month_percent: Decimal | None = Field(
        None, description="monthly CET from the dated payments, valued on the offers' date (None: à vista)"
    )
    cet_year_percent: Decimal | None = Field(None, description="the monthly CET compounded over 12 months")
    valid_until: date | None = Field(None, description="a flash campaign's last day (São Paulo)")
    remaining: int | None = Field(None, description="agreements its quota still allows (None: no quota)")


class IndexHealth(Entity):
    name: CorrectionIndex
    last_month: str | None
    stale: bool = Field(description="last month more than 2 months behind: the monthly refresh failed")


class Offers(Entity):
    creditor_id: str
    date: datetime.date
    first_due_date: datetime.date
    first_due_min: datetime.date | None = Field(
        None, description="the earliest first payment the policy allows"
    )
    first_due_max: datetime.date | None = Field(None, description="the latest (date + max_first_due_days)")
    title_ids: list[str]
    offers: list[OfferOut]
    warnings: list[str] = Field(default_factory=list, description="e.g. index months missing")
    margin: OperatorMargin | None = Field(
        None, description="what an operator may add to these offers (never shown to the debtor)"
    )
