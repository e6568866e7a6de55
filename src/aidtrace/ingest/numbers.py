"""Numbers as partners write them: Eastern Arabic and Persian digits, thousands separators.

``۱۴۰۲`` (Persian digits), ``١٤٠٢`` (Eastern Arabic digits) and ``1402`` are the same number.
A number may group its thousands with commas (``1,234,567.50``), spaces or the Arabic
thousands sign (``۱٬۲۳۴``), and may use the Arabic decimal sign (``۱۲٫۵``). A comma is only a
thousands separator, in groups of exactly three digits: ``12,5`` is refused, never read as 12.5
or 125, because a decimal comma and a thousands comma cannot be told apart in ``1,234``.
"""

from __future__ import annotations

import re

import polars as pl

EASTERN_ARABIC = "٠١٢٣٤٥٦٧٨٩"
PERSIAN = "۰۱۲۳۴۵۶۷۸۹"
_LOCAL_SIGNS = {"٬": ",", "٫": ".", "\u00a0": " ", "\u202f": " ", "\u2009": " ", "−": "-"}
_TO_ASCII = str.maketrans(
    {**{d: str(i) for i, d in enumerate(EASTERN_ARABIC)}}
    | {d: str(i) for i, d in enumerate(PERSIAN)}
    | _LOCAL_SIGNS
)
# Thousands grouped by commas or spaces, optionally with a decimal part.
GROUPED = r"^[+-]?\d{1,3}(?:(?:,\d{3})+|(?: \d{3})+)(?:\.\d+)?$"
_GROUPED = re.compile(GROUPED)


def ascii_digits(text: str) -> str:
    """``text`` with Eastern Arabic and Persian digits and number signs in ASCII."""
    return text.translate(_TO_ASCII)


def ascii_digits_expr(expr: pl.Expr) -> pl.Expr:
    """:func:`ascii_digits` over a column of text."""
    keys = [*EASTERN_ARABIC, *PERSIAN, *_LOCAL_SIGNS]
    values = [*(str(i) for i in range(10)), *(str(i) for i in range(10)), *_LOCAL_SIGNS.values()]
    return expr.str.replace_many(keys, values)


def plain_number(text: str) -> str:
    """The digits of a number as Python and Polars read them (``'1,234.5'`` → ``'1234.5'``);
    text that is not a grouped number is returned as it was (in ASCII digits)."""
    text = ascii_digits(text).strip()
    return text.replace(",", "").replace(" ", "") if _GROUPED.match(text) else text


def plain_number_expr(expr: pl.Expr) -> pl.Expr:
    """:func:`plain_number` over a column of text, before it is cast to a number."""
    ascii_ = ascii_digits_expr(expr).str.strip_chars()
    grouped = ascii_.str.contains(GROUPED)
    return pl.when(grouped).then(ascii_.str.replace_all(r"[, ]", "")).otherwise(ascii_)
