"""A tabular file's cells as text: the header and hashtag rows apart from the body.

CSV (UTF-8) and XLSX files are read the same way: every cell as text or null, numbers of an
XLSX sheet as written (``3`` not ``3.0``), its dates as ISO dates. Every cell is held to
:class:`~aidtrace.ingest.limits.InputLimits` before anything else looks at it.
"""

from __future__ import annotations

import csv
from dataclasses import dataclass, field
from datetime import date, datetime
from pathlib import Path

import polars as pl

from aidtrace.errors import InputError
from aidtrace.ingest.limits import DEFAULT_LIMITS, InputLimits, csv_field_limit, too_long
from aidtrace.ingest.xlsx import read_xlsx


@dataclass(frozen=True)
class RawSheet:
    """A file's cells as text: header texts and hashtags by source column, then the body."""

    body: pl.DataFrame
    header_rows: int
    headers: dict[str, str] = field(default_factory=dict)
    hashtags: dict[str, str] = field(default_factory=dict)

    def line(self, index: int) -> int:
        """The 1-based line (spreadsheet row) of body row ``index``."""
        return index + self.header_rows + 1

    def position(self, source: str) -> int:
        """The 1-based position of a source column, as a spreadsheet counts them."""
        return self.body.columns.index(source) + 1


# HXL allows a few free-text rows above the hashtag row; look this far for it.
_HASHTAG_SEARCH_ROWS = 5


def read_raw(path: Path, limits: InputLimits = DEFAULT_LIMITS) -> RawSheet:
    """Every cell as text (or null), with the header and hashtag rows separated from the body.

    Refuses any cell longer than ``limits.cell_chars``, header rows included."""
    if path.suffix.lower() in (".xlsx", ".xlsm"):
        frame = read_xlsx(path, limits, _cell_text)
    else:
        frame = _read_csv(path, limits)
    if frame.height == 0:
        raise InputError("the file is empty", source=path)
    top = frame.head(_HASHTAG_SEARCH_ROWS).rows()
    tag_row = next((i for i, row in enumerate(top) if _is_hashtag_row(row)), None)
    header_row = 0 if tag_row is None else max(tag_row - 1, 0)
    names = frame.columns
    headers = {n: str(v or "") for n, v in zip(names, top[header_row], strict=True)}
    hashtags: dict[str, str] = {}
    if tag_row is not None:
        hashtags = {n: str(v) for n, v in zip(names, top[tag_row], strict=True) if v}
    skip = (tag_row if tag_row is not None else header_row) + 1
    whole = RawSheet(frame, 0, headers, hashtags)
    refuse_long_cells(whole, frame.columns, limits.cell_chars, "input_max_cell_chars", path)
    return RawSheet(frame.slice(skip), skip, headers, hashtags)


def refuse_long_cells(
    sheet: RawSheet, sources: list[str], limit: int, setting: str, path: Path
) -> None:
    """Refuse the earliest cell of ``sources`` longer than ``limit`` characters."""
    if not sources:
        return
    lengths = sheet.body.select(pl.col(s).str.len_chars() for s in sources)
    firsts = lengths.select(pl.arg_where(pl.col(s) > limit).first() for s in sources).row(0)
    over = [(index, s) for index, s in zip(firsts, sources, strict=True) if index is not None]
    if not over:
        return
    index, source = min(over)
    header = sheet.headers.get(source) or f"column {sheet.position(source)}"
    length = lengths.get_column(source)[index]
    raise InputError(
        f"column {header!r}: {too_long('the cell', length, limit, setting)}",
        source=path,
        record=sheet.line(index),
    )


def _is_hashtag_row(row: tuple[object, ...]) -> bool:
    cells = [str(v).strip() for v in row if v is not None and str(v).strip()]
    return bool(cells) and all(c.startswith("#") for c in cells)


def _read_csv(path: Path, limits: InputLimits) -> pl.DataFrame:
    try:
        # glob=False: a file is named as written; "x [final].csv" is not a pattern.
        return pl.read_csv(
            path,
            has_header=False,
            infer_schema=False,
            encoding="utf8",
            raise_if_empty=False,
            glob=False,
        )
    except FileNotFoundError as exc:
        raise InputError("file not found", source=path) from exc
    except pl.exceptions.PolarsError as exc:
        ragged = _first_ragged_line(path, limits)
        if ragged is not None:
            line, found, expected = ragged
            raise InputError(
                f"has {found} fields where the header has {expected}", source=path, record=line
            ) from exc
        first = str(exc).strip().splitlines()[0] if str(exc).strip() else type(exc).__name__
        raise InputError(f"not a readable UTF-8 CSV file: {first}", source=path) from exc


def _first_ragged_line(path: Path, limits: InputLimits) -> tuple[int, int, int] | None:
    """(line, fields, expected fields) of the first row whose width differs from the first's.

    Only called once parsing has failed, to say where; quoted newlines are rare enough in
    these files that the line number is the physical row number.
    """
    try:
        with csv_field_limit(limits.cell_chars), path.open(encoding="utf-8", newline="") as fh:
            reader = csv.reader(fh)
            expected = len(next(reader, []))
            for number, row in enumerate(reader, 2):
                if row and len(row) != expected:
                    return number, len(row), expected
    except (UnicodeDecodeError, csv.Error):
        return None
    return None


def _cell_text(value: object) -> str | None:
    if value is None:
        return None
    if isinstance(value, datetime):
        return value.date().isoformat() if value.time() == datetime.min.time() else str(value)
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value)
