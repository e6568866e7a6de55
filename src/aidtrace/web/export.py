"""Queues as CSV and XLSX files a spreadsheet opens safely.

A cell that begins with ``=``, ``+``, ``-``, ``@``, a tab or a carriage return (or their
full-width forms) would be read by Excel or LibreOffice as a formula: a subject or a title comes
from imported data, so a crafted name could run one (CSV injection). In CSV such a text cell is
prefixed with an apostrophe, which the spreadsheet shows as text and hides. In XLSX every text
is written as a text cell (never a formula cell), and the same risky texts get the apostrophe
too, so that copying a cell into another sheet cannot turn it into a formula either.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable, Sequence
from datetime import UTC, datetime

from openpyxl import Workbook  # type: ignore[import-untyped]
from openpyxl.cell import WriteOnlyCell  # type: ignore[import-untyped]
from openpyxl.styles import Font  # type: ignore[import-untyped]

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


XLSX_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def _xlsx_cell(sheet: object, value: object) -> WriteOnlyCell:
    if isinstance(value, datetime):  # a spreadsheet has no time zones: UTC, said in the header
        at = value.astimezone(UTC).replace(tzinfo=None) if value.tzinfo else value
        return WriteOnlyCell(sheet, value=at)
    safe = safe_cell(value)
    cell = WriteOnlyCell(sheet, value=safe)
    if isinstance(safe, str):
        cell.data_type = "s"  # text, even when it starts with "=": never a formula cell
    return cell


def to_xlsx(title: str, header: Sequence[str], rows: Iterable[Sequence[object]]) -> bytes:
    """The rows as an XLSX workbook of one sheet named ``title`` (times in UTC)."""
    book = Workbook(write_only=True)
    sheet = book.create_sheet(title[:31])
    bold = Font(bold=True)
    heading = []
    for name in header:
        cell = WriteOnlyCell(sheet, value=str(name))
        cell.font = bold
        heading.append(cell)
    sheet.append(heading)
    for row in rows:
        sheet.append([_xlsx_cell(sheet, v) for v in row])
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()
