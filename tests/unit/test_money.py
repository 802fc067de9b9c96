"""Amount parsing for imports and the centavo conversions of storage."""

from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from cobranca.domain.errors import InvalidInput
from cobranca.domain.money import from_cents, parse_amount, round_cents, to_cents

amounts = st.decimals(min_value=Decimal("0.01"), max_value=Decimal("999999999.99"), places=2)


def brazilian(value: Decimal) -> str:
    return f"{value:,.2f}".replace(",", "_").replace(".", ",").replace("_", ".")


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("1234.56", "1234.56"),
        ("1.234,56", "1234.56"),
        ("1234,56", "1234.56"),
        ("1,234.56", "1234.56"),
        ("R$ 1.234,5", "1234.50"),
        ("1.234", "1234.00"),
        ("0,01", "0.01"),
        ("12.345.678,90", "12345678.90"),
    ],
)
def test_both_decimal_conventions_are_read(raw, expected):
    assert parse_amount(raw) == Decimal(expected)


@pytest.mark.parametrize(
    "raw", ["", "abc", "-10,00", "0,00", "1.234.56", "1,234,56", "12,3456", "1e5", "1.23.4"]
)
def test_ambiguous_or_non_positive_amounts_are_refused(raw):
    with pytest.raises(InvalidInput) as err:
        parse_amount(raw, field="amount")
    assert err.value.field == "amount"


@given(amounts)
def test_parsing_a_formatted_amount_gives_it_back_in_either_convention(value):
    assert parse_amount(f"{value:.2f}") == value
    assert parse_amount(brazilian(value)) == value
    assert parse_amount(f"{value:,.2f}") == value


@given(amounts)
def test_cents_round_trip_is_exact(value):
    assert from_cents(to_cents(value)) == value


def test_rounding_is_half_up_to_the_centavo():
    assert round_cents(Decimal("0.005")) == Decimal("0.01")
    assert round_cents(Decimal("2.675")) == Decimal("2.68")
