"""Queues as CSV files a spreadsheet opens safely.

A cell that begins with ``=``, ``+``, ``-``, ``@``, a tab or a carriage return (or their
full-width forms) would be read by Excel or LibreOffice as a formula: a subject or a title comes
from imported data, so a crafted name could run one (CSV injection). Such a text cell is
prefixed with an apostrophe, which the spreadsheet shows as text and hides.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable, Sequence
from datetime import datetime

_FORMULA_START = frozenset("=+-@\t\r\uff1d\uff0b\uff0d\uff20")


def safe_cell(value: object) -> str | int | float:
    """A value as a CSV cell: numbers as they are, dates in ISO form, risky text defused."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "yes" if value else "no"
    if isinstance(value, int | float):
        return value
    text = value.isoformat() if isinstance(value, datetime) else str(value)
    stripped = text.lstrip(" ")
    if stripped and stripped[0] in _FORMULA_START:
        return "'" + text
    return text


def to_csv(header: Sequence[str], rows: Iterable[Sequence[object]]) -> str:
    """The rows as CSV text (with a byte-order mark so that spreadsheets read it as UTF-8)."""
    out = io.StringIO()
    out.write("\ufeff")
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow(header)
    for row in rows:
        writer.writerow([safe_cell(v) for v in row])
    return out.getvalue()
