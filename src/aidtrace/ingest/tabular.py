"""Read CSV or XLSX tables whose columns are found by HXL hashtag or by an explicit mapping.

Every tabular importer (ledger, distributions, needs, beneficiaries, staff…) declares a
:class:`TableSpec` — the fields it wants, each with its HXL hashtag, type and whether it is
required — and calls :func:`read_table`, which returns a typed, validated Arrow table, or
:func:`iter_rows` for plain dicts one row at a time. Column order and header wording do not
matter: a column is found by its hashtag (``#org+id+payer`` matches ``#org +payer +id``), or,
when the file has no hashtag row, by the header text named in ``mapping``.

Every file is held to :class:`~aidtrace.ingest.limits.InputLimits` first: no cell longer than
``cell_chars`` (``personal_chars`` in names and the fields a spec marks personal), XLSX
workbooks inspected before they are inflated (``aidtrace.ingest.xlsx``), and a field that two
columns claim (the same hashtag twice, or a mapped header that appears twice) refused as
ambiguous.

Validation is columnar (Polars, every column in one parallel pass), and the first bad cell is
reported as an :class:`~aidtrace.errors.InputError` naming the file, the line (1-based,
counting header rows, as a spreadsheet shows it) and the column::

    ledger.csv, record 7: column 'amount' (#value): '12,5x' is not a number

Example::

    spec = TableSpec("ledger", (
        Column("txn_id", "#txn+id"),
        Column("amount", "#value", FieldType.NUMBER, minimum=0),
        Column("purpose", "#sector", required=False, aliases=("#txn+purpose",)),
    ))
    table = read_table(Path("ledger.csv"), spec)
"""

from __future__ import annotations

import csv
from collections.abc import Callable, Iterator, Mapping
from dataclasses import dataclass, field
from datetime import date, datetime
from enum import StrEnum
from pathlib import Path

import polars as pl
import pyarrow as pa

from aidtrace.errors import InputError
from aidtrace.ingest.limits import DEFAULT_LIMITS, InputLimits, csv_field_limit, too_long
from aidtrace.ingest.xlsx import read_xlsx


class FieldType(StrEnum):
    TEXT = "text"
    INTEGER = "integer"
    NUMBER = "number"
    DATE = "date"  # YYYY-MM-DD
    MONTH = "month"  # YYYY-MM, stored as the first day of the month
    BOOLEAN = "boolean"  # 1/0, true/false, yes/no


@dataclass(frozen=True)
class Column:
    """One field a table wants: its output name, hashtag, type and constraints."""

    name: str
    hxl: str
    type: FieldType = FieldType.TEXT
    required: bool = True  # the column must exist and no cell may be empty
    aliases: tuple[str, ...] = ()  # other hashtags accepted for the same field
    minimum: float | None = None  # numbers only: smallest allowed value
    pattern: str | None = None  # text only: a regular expression every value must match


@dataclass(frozen=True)
class TableSpec:
    """The fields one kind of file holds."""

    kind: str
    columns: tuple[Column, ...]
    key: tuple[str, ...] = ()  # fields that together must be unique within the file
    personal: frozenset[str] = frozenset()  # with names, held to the tighter personal_chars

    def column(self, name: str) -> Column:
        return next(c for c in self.columns if c.name == name)


def read_table(
    path: Path,
    spec: TableSpec,
    mapping: Mapping[str, str] | None = None,
    limits: InputLimits = DEFAULT_LIMITS,
) -> pa.Table:
    """Read, locate, type and validate ``path`` against ``spec``; all columns of ``spec`` are
    returned (absent optional ones as nulls). Raises :class:`InputError` at the first problem
    (the earliest line; on one line, the first column of ``spec``)."""
    sheet = read_raw(path, limits)
    located = _locate(sheet, spec, mapping, path)
    short = [source for name, source in located.items() if _short(spec, name)]
    _refuse_long_cells(sheet, short, limits.personal_chars, "input_max_personal_chars", path)
    # One pass over the file for every column at once (Polars runs the expressions in parallel).
    raw = sheet.body.select(
        pl.col(source).str.strip_chars().replace("", None).alias(name)
        for name, source in located.items()
    )
    typed = raw.select(_typed(c) if c.name in located else _absent(c) for c in spec.columns)
    _refuse_bad_cells(raw, typed, spec, located, sheet, path)
    _refuse_duplicate_keys(typed, spec, sheet, path)
    return typed.to_arrow()


def _short(spec: TableSpec, name: str) -> bool:
    """Whether a field is held to ``personal_chars``: personal data, and every name (a
    hashtag with ``+name``), since names are screened and screening costs time with length."""
    key = _tag_key(spec.column(name).hxl)
    return name in spec.personal or (key is not None and "name" in key[1])


def _absent(col: Column) -> pl.Expr:
    return pl.lit(None, dtype=_DTYPES[col.type]).alias(col.name)


def _typed(col: Column) -> pl.Expr:
    return _CASTS[col.type](pl.col(col.name)).alias(col.name)


def _checks(col: Column) -> list[tuple[str, pl.Expr]]:
    """Each problem a cell of ``col`` can have, with the mask of rows that have it."""
    r, t = pl.col(f"raw:{col.name}"), pl.col(col.name)
    checks = []
    if col.required:
        checks.append(("is empty but required", r.is_null()))
    checks.append((f"is not {_NOUNS[col.type]}", r.is_not_null() & t.is_null()))
    if col.minimum is not None:
        checks.append((f"is below the minimum {col.minimum:g}", (t < col.minimum).fill_null(False)))
    if col.pattern is not None:
        matches = r.str.contains(f"^(?:{col.pattern})$").fill_null(True)
        checks.append(
            (f"does not match the expected form {col.pattern}", r.is_not_null() & ~matches)
        )
    return checks


def _refuse_bad_cells(
    raw: pl.DataFrame,
    typed: pl.DataFrame,
    spec: TableSpec,
    located: Mapping[str, str],
    sheet: RawSheet,
    path: Path,
) -> None:
    both = pl.concat([raw.rename(lambda n: f"raw:{n}"), typed], how="horizontal")
    checks = [
        (c, problem, mask)
        for c in spec.columns
        if c.name in located
        for problem, mask in _checks(c)
    ]
    firsts = both.select(
        pl.arg_where(mask).first().alias(str(i)) for i, (_, _, mask) in enumerate(checks)
    ).row(0)
    failing = [(index, i) for i, index in enumerate(firsts) if index is not None]
    if not failing:
        return
    index, i = min(failing)
    col, problem, _ = checks[i]
    value = raw.get_column(col.name)[index]
    shown = "" if value is None else f"{value!r} "
    where = f"column {sheet.headers[located[col.name]]!r} ({col.hxl})"
    raise InputError(f"{where}: {shown}{problem}", source=path, record=sheet.line(index))


def _refuse_duplicate_keys(
    frame: pl.DataFrame, spec: TableSpec, sheet: RawSheet, path: Path
) -> None:
    if not spec.key:
        return
    keys = frame.select(spec.key)
    dup = keys.is_duplicated()
    if dup.any():
        first, second = (int(i) for i in dup.arg_true()[:2])
        value = ", ".join(str(v) for v in keys.row(second))
        raise InputError(
            f"duplicate {'/'.join(spec.key)} {value!r} (first on line {sheet.line(first)})",
            source=path,
            record=sheet.line(second),
        )


def iter_rows(
    path: Path,
    spec: TableSpec,
    mapping: Mapping[str, str] | None = None,
    limits: InputLimits = DEFAULT_LIMITS,
) -> Iterator[dict[str, object]]:
    """Validated rows as dicts keyed by field name (the whole file is validated first)."""
    yield from read_table(path, spec, mapping, limits).to_pylist()


_DTYPES: dict[FieldType, type[pl.DataType]] = {
    FieldType.TEXT: pl.String,
    FieldType.INTEGER: pl.Int64,
    FieldType.NUMBER: pl.Float64,
    FieldType.DATE: pl.Date,
    FieldType.MONTH: pl.Date,
    FieldType.BOOLEAN: pl.Boolean,
}

_TRUE = ("1", "true", "yes", "y", "t")
_FALSE = ("0", "false", "no", "n", "f")


def _cast_boolean(raw: pl.Expr) -> pl.Expr:
    low = raw.str.to_lowercase()
    return pl.when(low.is_in(_TRUE)).then(True).when(low.is_in(_FALSE)).then(False)


_CASTS: dict[FieldType, Callable[[pl.Expr], pl.Expr]] = {
    FieldType.TEXT: lambda e: e,
    FieldType.INTEGER: lambda e: e.cast(pl.Int64, strict=False),
    FieldType.NUMBER: lambda e: e.cast(pl.Float64, strict=False),
    FieldType.DATE: lambda e: e.str.to_date("%Y-%m-%d", strict=False),
    FieldType.MONTH: lambda e: (e + "-01").str.to_date("%Y-%m-%d", strict=False),
    FieldType.BOOLEAN: _cast_boolean,
}

_NOUNS = {
    FieldType.TEXT: "text",
    FieldType.INTEGER: "a whole number",
    FieldType.NUMBER: "a number",
    FieldType.DATE: "a date (YYYY-MM-DD)",
    FieldType.MONTH: "a month (YYYY-MM)",
    FieldType.BOOLEAN: "a yes/no value (1/0)",
}


def _tag_key(tag: str) -> tuple[str, frozenset[str]] | None:
    """A hashtag and its attribute set, so that attribute order and spacing do not matter."""
    parts = [p.strip().lower() for p in tag.strip().split("+")]
    if not parts[0].startswith("#") or len(parts[0]) < 2:
        return None
    return parts[0], frozenset(p for p in parts[1:] if p)


def _locate(
    sheet: RawSheet, spec: TableSpec, mapping: Mapping[str, str] | None, path: Path
) -> dict[str, str]:
    """Field name -> source column for every field found; fails on a missing required one."""
    if mapping is not None:
        found = _by_header(sheet, spec, mapping, path)
    elif sheet.hashtags:
        found = _by_hashtag(sheet, spec, path)
    else:
        raise InputError(
            "no HXL hashtag row found in the first rows and no column mapping given", source=path
        )
    missing = [c for c in spec.columns if c.required and c.name not in found]
    if missing:
        wanted = ", ".join(f"{c.name} ({c.hxl})" for c in missing)
        raise InputError(f"required columns not found: {wanted}", source=path)
    return found


def _by_header(
    sheet: RawSheet, spec: TableSpec, mapping: Mapping[str, str], path: Path
) -> dict[str, str]:
    unknown = sorted(set(mapping) - {c.name for c in spec.columns})
    if unknown:
        raise InputError(f"the mapping names unknown fields: {', '.join(unknown)}", source=path)
    found: dict[str, str] = {}
    for name, header in mapping.items():
        wanted = header.strip().lower()
        sources = [s for s, text in sheet.headers.items() if text.strip().lower() == wanted]
        if not sources:
            raise InputError(f"mapped header {header!r} (for {name}) not in the file", source=path)
        if len(sources) > 1:
            raise _ambiguous(f"header {header!r} (mapped to {name})", sheet, sources, path)
        found[name] = sources[0]
    return found


def _ambiguous(what: str, sheet: RawSheet, sources: list[str], path: Path) -> InputError:
    where = " and ".join(str(sheet.position(s)) for s in sources)
    return InputError(
        f"{what} is in columns {where}: ambiguous, keep one of them or rename the others",
        source=path,
    )


def _by_hashtag(sheet: RawSheet, spec: TableSpec, path: Path) -> dict[str, str]:
    keys = {source: _tag_key(tag) for source, tag in sheet.hashtags.items()}
    found: dict[str, str] = {}
    # Exact matches first, so that #value never steals the column of #value+unit.
    for col in spec.columns:
        wanted = [_tag_key(t) for t in (col.hxl, *col.aliases)]
        exact = [s for s, k in keys.items() if k is not None and k in wanted]
        for key in dict.fromkeys(keys[s] for s in exact):
            same = [s for s in exact if keys[s] == key]
            if len(same) > 1:
                what = f"hashtag {sheet.hashtags[same[0]]!r} ({col.name})"
                raise _ambiguous(what, sheet, same, path)
        if exact:
            found[col.name] = exact[0]
    taken = set(found.values())
    for col in spec.columns:
        if col.name in found:
            continue
        wanted_keys = [k for k in (_tag_key(t) for t in (col.hxl, *col.aliases)) if k]
        # A column carrying extra attributes (#value+usd for #value) still matches when unique.
        loose = [
            s
            for s, k in keys.items()
            if k and s not in taken and any(k[0] == w[0] and w[1] <= k[1] for w in wanted_keys)
        ]
        if len(loose) == 1:
            found[col.name] = loose[0]
            taken.add(loose[0])
    return found


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
    _refuse_long_cells(whole, frame.columns, limits.cell_chars, "input_max_cell_chars", path)
    return RawSheet(frame.slice(skip), skip, headers, hashtags)


def _refuse_long_cells(
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
