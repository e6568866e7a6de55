"""Numbers as partners write them."""

from __future__ import annotations

from decimal import Decimal

import polars as pl
import pytest
from hypothesis import given
from hypothesis import strategies as st

from aidtrace.ingest.numbers import ascii_digits, plain_number, plain_number_expr


@pytest.mark.parametrize(
    ("text", "plain"),
    [
        ("1,234,567.50", "1234567.50"),
        ("1 234 567", "1234567"),
        ("1\u00a0234", "1234"),
        ("۱٬۲۳۴٫۵", "1234.5"),  # Persian digits, Arabic thousands and decimal signs
        ("١٢٣", "123"),  # Eastern Arabic digits
        ("12,5", "12,5"),  # not groups of three: left as written, so refused as a number
        ("1,23,456", "1,23,456"),
        ("-2,000", "-2000"),
    ],
)
def test_plain_number(text: str, plain: str) -> None:
    assert plain_number(text) == plain
    got = pl.select(plain_number_expr(pl.lit(text))).item()
    assert got == plain


def test_ascii_digits_leave_letters_alone() -> None:
    assert ascii_digits("ولسوالی ۱۲") == "ولسوالی 12"


@given(
    st.decimals(min_value=0, max_value=10**12, places=2, allow_nan=False),
    st.sampled_from([",", " ", "٬"]),
    st.booleans(),
)
def test_grouped_numbers_round_trip(amount: Decimal, separator: str, persian: bool) -> None:
    written = f"{amount:,.2f}".replace(",", separator)
    if persian:
        written = written.translate(str.maketrans("0123456789.", "۰۱۲۳۴۵۶۷۸۹٫"))
    assert Decimal(plain_number(written)) == amount
