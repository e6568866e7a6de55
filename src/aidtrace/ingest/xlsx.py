"""Reading the first sheet of an XLSX workbook that may be hostile.

An XLSX file is a zip of XML. Before openpyxl parses anything, the zip's directory is checked:
what every member inflates to, in total and relative to its stored size, so a 1 MB file cannot
become gigabytes of XML (a "zip bomb"). The sizes a zip declares can be trusted here because
Python's ``zipfile``, which openpyxl reads through, never inflates a member past its declared size
and checks its CRC at the end: a member that lies about its size fails to read.

The sheet is then streamed row by row (openpyxl's read-only mode) with its declared dimension
thrown away, so a 5 KB file declaring ``A1:XFD1048576`` allocates nothing for the cells it does
not have; the cells actually spread over (rows × widest row, gaps included) are capped too.
"""

from __future__ import annotations

import zipfile
import zlib
from collections.abc import Callable, Iterable
from itertools import compress, count, repeat
from operator import is_not
from pathlib import Path
from xml.etree.ElementTree import ParseError

import polars as pl

from aidtrace.errors import InputError
from aidtrace.ingest.limits import MIB, InputLimits

# A cell value as text (the tabular reader owns the rules: dates as ISO, whole floats as ints).
CellText = Callable[[object], str | None]

# Members below this size may compress as well as they like: the ratio only matters where the
# inflated bytes do. A member of this size at the ratio limit is still only 1 MiB.
RATIO_FLOOR = MIB
# A workbook has a dozen members; a zip directory with more is not a spreadsheet.
MAX_MEMBERS = 10_000


def inspect_zip(path: Path, limits: InputLimits) -> None:
    """Refuse a workbook whose members would inflate past the limits (nothing is inflated)."""
    try:
        with zipfile.ZipFile(path) as archive:
            members = archive.infolist()
    except FileNotFoundError as exc:
        raise InputError("file not found", source=path) from exc
    except (zipfile.BadZipFile, OSError, ValueError) as exc:
        raise InputError(f"not a readable XLSX workbook: {exc}", source=path) from exc
    if len(members) > MAX_MEMBERS:
        raise InputError(
            f"not a workbook: its zip holds {len(members):,} files (at most {MAX_MEMBERS:,})",
            source=path,
        )
    for member in members:
        _check_ratio(member, limits, path)
    total = sum(m.file_size for m in members)
    if total > limits.xlsx_unzipped_mb * MIB:
        raise InputError(
            f"the workbook inflates to {total / MIB:,.0f} MiB, over the limit of "
            f"{limits.xlsx_unzipped_mb:,} MiB (input_max_xlsx_unzipped_mb in aidtrace.toml)",
            source=path,
        )


def _check_ratio(member: zipfile.ZipInfo, limits: InputLimits, path: Path) -> None:
    if member.file_size <= RATIO_FLOOR:
        return
    stored = max(member.compress_size, 1)
    if member.file_size > limits.xlsx_ratio * stored:
        raise InputError(
            f"zip member {member.filename!r} inflates {member.file_size // stored:,}:1 "
            f"({member.file_size / MIB:,.0f} MiB from {stored:,} bytes), over the limit of "
            f"{limits.xlsx_ratio}:1 (input_max_xlsx_ratio in aidtrace.toml): a zip bomb?",
            source=path,
        )


# What openpyxl and the zip layer raise on a broken workbook, at open or while streaming.
_BROKEN = (
    zipfile.BadZipFile,
    zlib.error,
    ParseError,
    OSError,
    KeyError,
    IndexError,
    ValueError,
    EOFError,
)


def read_xlsx(path: Path, limits: InputLimits, text: CellText) -> pl.DataFrame:
    """The first sheet's cells as text columns ``column_1``…, after :func:`inspect_zip`."""
    inspect_zip(path, limits)
    # openpyxl parses the workbook's XML through defusedxml when it is installed (it is ours).
    from openpyxl import load_workbook  # type: ignore[import-untyped]
    from openpyxl.utils.exceptions import InvalidFileException  # type: ignore[import-untyped]

    try:
        book = load_workbook(path, read_only=True, data_only=True)
    except (InvalidFileException, *_BROKEN) as exc:
        raise InputError(f"not a readable XLSX workbook: {exc}", source=path) from exc
    try:
        sheet = book.worksheets[0]
        # The declared dimension is the file's claim, not its content: never pad to it.
        sheet.reset_dimensions()
        columns = _columns(sheet.iter_rows(values_only=True), limits, text, path)
    except _BROKEN as exc:
        raise InputError(f"not a readable XLSX workbook: {exc}", source=path) from exc
    finally:
        book.close()
    names = [f"column_{i + 1}" for i in range(len(columns))]
    schema = dict.fromkeys(names, pl.String)
    return pl.DataFrame(dict(zip(names, columns, strict=True)), schema=schema)


def _columns(
    rows: Iterable[tuple[object, ...]], limits: InputLimits, text: CellText, path: Path
) -> list[list[str | None]]:
    """Rows turned into columns, refused as soon as the grid would pass ``xlsx_cells``.

    openpyxl pads each row to its last cell, so a row with one cell in column XFD arrives
    16,384 wide; the cells present are found at C speed and kept sparse until the end, so the
    work before a refusal is proportional to the cells present, not to the grid."""
    found: dict[int, list[tuple[int, str | None]]] = {}  # column -> (row, text) of each cell
    width = height = 0
    for height, values in enumerate(rows, 1):
        present = list(compress(count(), map(is_not, values, repeat(None))))
        if present:
            width = max(width, present[-1] + 1)
        if height * width > limits.xlsx_cells:
            raise InputError(
                f"the sheet spreads over more than {limits.xlsx_cells:,} cells by row "
                f"{height:,} ({width:,} columns wide; input_max_xlsx_cells in aidtrace.toml)",
                source=path,
            )
        for i in present:
            found.setdefault(i, []).append((height - 1, text(values[i])))
    columns: list[list[str | None]] = [[None] * height for _ in range(width)]
    for i, cells in found.items():
        for row, value in cells:
            columns[i][row] = value
    return columns
