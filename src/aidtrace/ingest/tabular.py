"""Read CSV or XLSX tables whose columns are found by HXL hashtag, a mapping or a known header.

Every tabular importer (ledger, distributions, needs, beneficiaries, staff, contracts…) declares
a :class:`TableSpec` — the fields it wants, each with its HXL hashtag, type and whether it is
required — and calls :func:`read_table`, which returns a typed, validated Arrow table, or
:func:`check_table`, which reads the whole file and returns every problem it has. Column order
and header wording do not matter: a column is found by its hashtag (``#org+id+payer`` matches
``#org +payer +id``), or, when the file has no hashtag row, by the header named in a
:class:`~aidtrace.ingest.profiles.Profile` or by a known English, Dari or Pashto header
(:mod:`aidtrace.ingest.headers`). A profile also gives fixed values for fields the file lacks
(``currency=AFN``) and the day/month order of date columns.

Cells are read as partners write them: dates in many forms and calendars
(:mod:`aidtrace.ingest.dates`), numbers with thousands separators and Persian digits
(:mod:`aidtrace.ingest.numbers`), places by name instead of P-code
(:mod:`aidtrace.ingest.locations`).

Every file is held to :class:`~aidtrace.ingest.limits.InputLimits` first: no cell longer than
``cell_chars`` (``personal_chars`` in names and the fields a spec marks personal), XLSX
workbooks inspected before they are inflated (``aidtrace.ingest.xlsx``), and a field that two
columns claim refused as ambiguous.

Validation is columnar (Polars, every column in one parallel pass). :func:`read_table` raises
the first problem as an :class:`~aidtrace.errors.InputError` naming the file, the line (1-based,
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

from collections.abc import Callable, Iterator, Mapping
from dataclasses import dataclass, replace
from enum import StrEnum
from pathlib import Path

import polars as pl
import pyarrow as pa

from aidtrace.errors import InputError
from aidtrace.ingest import locations
from aidtrace.ingest.dates import read_dates
from aidtrace.ingest.headers import locate, tag_key
from aidtrace.ingest.limits import DEFAULT_LIMITS, InputLimits
from aidtrace.ingest.numbers import plain_number_expr
from aidtrace.ingest.profiles import ALL_DATES, Profile
from aidtrace.ingest.sheet import RawSheet, read_raw, refuse_long_cells

__all__ = [
    "Checked",
    "Column",
    "FieldType",
    "Problem",
    "RawSheet",
    "TableSpec",
    "check_table",
    "iter_rows",
    "read_raw",
    "read_table",
]


class FieldType(StrEnum):
    TEXT = "text"
    INTEGER = "integer"
    NUMBER = "number"
    DATE = "date"  # any form aidtrace.ingest.dates reads; stored as a Gregorian date
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


@dataclass(frozen=True)
class Problem:
    """One thing wrong with a file: where (line and column, when it is one cell), what was
    read there and why it cannot be imported."""

    why: str
    line: int | None = None
    column: str | None = None  # the column as the file heads it, with its field
    value: str | None = None
    unit: str = "line"  # what ``line`` counts: a table's lines, a JSON file's records…

    @property
    def message(self) -> str:
        shown = "" if self.value is None else f"{self.value!r} "
        return f"{self.column}: {shown}{self.why}" if self.column else f"{shown}{self.why}"


@dataclass(frozen=True)
class Checked:
    """A file read in full: the rows that would be imported and every problem found."""

    path: Path
    table: pa.Table
    problems: tuple[Problem, ...]
    more: int = 0  # problems found beyond those listed (see MAX_PROBLEMS)
    count: int | None = None  # records read, when ``table`` does not hold them

    @property
    def records(self) -> int:
        """How many records the file would import."""
        return self.table.num_rows if self.count is None else self.count

    def raise_first(self) -> None:
        """Raise the first problem as the one-line error of a refused import."""
        if self.problems:
            first = self.problems[0]
            raise InputError(first.message, source=self.path, record=first.line)


# A hostile or hopeless file could have a problem in every cell; list this many.
MAX_PROBLEMS = 10_000


def read_table(
    path: Path,
    spec: TableSpec,
    mapping: Mapping[str, str] | None = None,
    limits: InputLimits = DEFAULT_LIMITS,
    profile: Profile | None = None,
) -> pa.Table:
    """Read, locate, type and validate ``path`` against ``spec``; all columns of ``spec`` are
    returned (absent optional ones as nulls). Raises :class:`InputError` at the first problem
    (the earliest line; on one line, the first column of ``spec``)."""
    checked = check_table(path, spec, mapping, limits, profile)
    checked.raise_first()
    return checked.table


def check_table(
    path: Path,
    spec: TableSpec,
    mapping: Mapping[str, str] | None = None,
    limits: InputLimits = DEFAULT_LIMITS,
    profile: Profile | None = None,
) -> Checked:
    """Read the whole of ``path`` and return its rows with every problem, in line order.

    A problem with the file as a whole (unreadable, a required column missing, an ambiguous
    header) is raised as an :class:`InputError` instead: nothing of the file can be read."""
    profile = Profile(mapping=dict(mapping or {})).over(profile or Profile())
    wide = _with_place_names(spec)
    sheet = _with_fixed_values(read_raw(path, limits), wide, profile, path)
    given = set(profile.fixed)
    located = locate(sheet, wide, profile.mapping, path, given, locations.DERIVED)
    _refuse_fixed_over_column(sheet, located, given, path)
    located |= {name: _fixed_source(name) for name in given}
    short = [source for name, source in located.items() if _short(wide, name)]
    refuse_long_cells(sheet, short, limits.personal_chars, "input_max_personal_chars", path)
    # One pass over the file for every column at once (Polars runs the expressions in parallel).
    raw = sheet.body.select(
        pl.col(source).str.strip_chars().replace("", None).alias(name)
        for name, source in located.items()
    )
    typed, column_problems = _typed_frame(raw, wide, located, profile)
    typed, place_problems = locations.resolve_places(typed, located)
    where = _Where(sheet, wide, located)
    problems = [where.whole_column(name, why) for name, why in column_problems]
    problems += _bad_cells(raw, typed, wide, located, set(dict(column_problems)), where)
    problems += [where.cell(p.index, p.field, p.value, p.why) for p in place_problems]
    problems.sort(key=lambda p: (p.line or 0, where.order(p.column)))
    problems += _duplicate_keys(typed, spec, sheet)
    listed = tuple(problems[:MAX_PROBLEMS])
    table = typed.select(c.name for c in spec.columns).to_arrow()
    return Checked(path, table, listed, max(len(problems) - MAX_PROBLEMS, 0))


def iter_rows(
    path: Path,
    spec: TableSpec,
    mapping: Mapping[str, str] | None = None,
    limits: InputLimits = DEFAULT_LIMITS,
) -> Iterator[dict[str, object]]:
    """Validated rows as dicts keyed by field name (the whole file is validated first)."""
    yield from read_table(path, spec, mapping, limits).to_pylist()


def unknown_fields(spec: TableSpec, profile: Profile) -> tuple[list[str], list[str]]:
    """(the fields ``profile`` maps or fixes that ``spec``'s files do not have, the fields it
    gives a date format for that are not dates there), place-name fields counting as fields."""
    wide = _with_place_names(spec)
    fields = {c.name for c in wide.columns}
    dates = {c.name for c in wide.columns if c.type is FieldType.DATE} | {ALL_DATES}
    return (
        sorted((set(profile.mapping) | set(profile.fixed)) - fields),
        sorted(set(profile.date_formats) - dates),
    )


def _with_place_names(spec: TableSpec) -> TableSpec:
    """``spec`` with the place-name fields a table of codes also accepts (read, then resolved
    into its codes by :mod:`aidtrace.ingest.locations`)."""
    names = {c.name for c in spec.columns}
    extra = locations.name_fields(names, names)
    hxl = {locations.PROVINCE_NAME: "#adm1+name", locations.DISTRICT_NAME: "#adm2+name"}
    added = tuple(Column(n, hxl[n], required=False) for n in extra)
    return replace(spec, columns=spec.columns + added) if added else spec


def _fixed_source(name: str) -> str:
    return f"fixed:{name}"


def _with_fixed_values(sheet: RawSheet, spec: TableSpec, profile: Profile, path: Path) -> RawSheet:
    """The sheet with one column per fixed value (``currency=AFN``), headed as given."""
    if not profile.fixed:
        return sheet
    fields = {c.name for c in spec.columns}
    unknown = sorted(set(profile.fixed) - fields)
    if unknown:
        raise InputError(f"fixed values for unknown fields: {', '.join(unknown)}", source=path)
    body = sheet.body.with_columns(
        pl.lit(value, dtype=pl.String).alias(_fixed_source(name))
        for name, value in profile.fixed.items()
    )
    headers = dict(sheet.headers)
    headers |= {_fixed_source(n): f"{n}={v} (fixed)" for n, v in profile.fixed.items()}
    return RawSheet(body, sheet.header_rows, headers, sheet.hashtags)


def _refuse_fixed_over_column(
    sheet: RawSheet, located: Mapping[str, str], given: set[str], path: Path
) -> None:
    """A fixed value is for a field the file lacks; it never silently replaces a column."""
    clash = sorted(given & set(located))
    if clash:
        name = clash[0]
        header = sheet.headers[located[name]]
        raise InputError(
            f"{name} has a fixed value but the file also has a column for it ({header!r}); "
            "drop one of them",
            source=path,
        )


def _short(spec: TableSpec, name: str) -> bool:
    """Whether a field is held to ``personal_chars``: personal data, and every name (a
    hashtag with ``+name``), since names are screened and screening costs time with length."""
    key = tag_key(spec.column(name).hxl)
    return name in spec.personal or (key is not None and "name" in key[1])


def _typed_frame(
    raw: pl.DataFrame, spec: TableSpec, located: Mapping[str, str], profile: Profile
) -> tuple[pl.DataFrame, list[tuple[str, str]]]:
    """Every column of ``spec`` typed (absent ones null), and the date columns refused whole
    (an undecidable day/month order) with why."""
    typed = raw.select(
        _typed(c) if c.name in located and c.type is not FieldType.DATE else _absent(c)
        for c in spec.columns
    )
    columns = [c.name for c in spec.columns if c.type is FieldType.DATE and c.name in located]
    read = {n: read_dates(raw.get_column(n), profile.date_order(n)) for n in columns}
    # A partner writes dates one way: a column no date decides takes the order the file's
    # other date columns show, when they all show the same one (never a row-by-row guess).
    shown = {d.order for n, d in read.items() if d.order and profile.date_order(n) is None}
    if len(shown) == 1:
        (order,) = shown
        read |= {n: read_dates(raw.get_column(n), order) for n, d in read.items() if d.undecided}
    refused = [(n, d.problem) for n, d in read.items() if d.problem is not None]
    typed = typed.with_columns(d.values.alias(n) for n, d in read.items())
    return typed, refused


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


@dataclass(frozen=True)
class _Where:
    """Names a cell as the file shows it: its line and its column's header and hashtag."""

    sheet: RawSheet
    spec: TableSpec
    located: Mapping[str, str]

    def column(self, name: str) -> str:
        return f"column {self.sheet.headers[self.located[name]]!r} ({self.spec.column(name).hxl})"

    def cell(self, index: int, name: str, value: object, why: str) -> Problem:
        shown = None if value is None else str(value)
        return Problem(why, self.sheet.line(index), self.column(name), shown)

    def whole_column(self, name: str, why: str) -> Problem:
        return Problem(why, None, self.column(name))

    def order(self, column: str | None) -> int:
        """The spec's order of a column, so that problems of one line read left to right."""
        names = [self.column(c.name) for c in self.spec.columns if c.name in self.located]
        return names.index(column) if column in names else len(names)


def _bad_cells(
    raw: pl.DataFrame,
    typed: pl.DataFrame,
    spec: TableSpec,
    located: Mapping[str, str],
    skipped: set[str],
    where: _Where,
) -> list[Problem]:
    """Every failing cell of every check, each cell once (its first failing check)."""
    both = pl.concat([raw.rename(lambda n: f"raw:{n}"), typed], how="horizontal")
    checks = [
        (c, problem, mask)
        for c in spec.columns
        if c.name in located and c.name not in skipped
        for problem, mask in _checks(c)
    ]
    if not checks:
        return []
    hits = both.select(
        pl.arg_where(mask).head(MAX_PROBLEMS).implode().alias(str(i))
        for i, (_, _, mask) in enumerate(checks)
    ).row(0)
    seen: set[tuple[int, str]] = set()
    problems = []
    for (col, why, _), indices in zip(checks, hits, strict=True):
        for index in indices:
            if (index, col.name) not in seen:
                seen.add((index, col.name))
                problems.append(where.cell(index, col.name, raw[col.name][index], why))
    return problems


def _duplicate_keys(frame: pl.DataFrame, spec: TableSpec, sheet: RawSheet) -> list[Problem]:
    """A problem for every repeat of a key (the first occurrence is named in each)."""
    if not spec.key:
        return []
    keys = frame.select(spec.key).with_row_index("__row")
    # Most files have no repeat: one parallel pass says so before any grouping is done.
    keys = keys.filter(keys.select(spec.key).is_duplicated())
    if keys.height == 0:
        return []
    firsts = keys.group_by(spec.key, maintain_order=True).agg(pl.col("__row").min())
    repeats = keys.join(firsts, on=spec.key, how="left", suffix="_first", nulls_equal=True)
    repeats = repeats.filter(pl.col("__row") != pl.col("__row_first")).head(MAX_PROBLEMS)
    problems = []
    for row in repeats.iter_rows(named=True):
        value = ", ".join("(blank)" if row[k] is None else str(row[k]) for k in spec.key)
        first = sheet.line(row["__row_first"])
        why = f"duplicate {'/'.join(spec.key)} {value!r} (first on line {first})"
        problems.append(Problem(why, sheet.line(row["__row"])))
    return problems


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
    FieldType.INTEGER: lambda e: plain_number_expr(e).cast(pl.Int64, strict=False),
    FieldType.NUMBER: lambda e: plain_number_expr(e).cast(pl.Float64, strict=False),
    FieldType.MONTH: lambda e: (e + "-01").str.to_date("%Y-%m-%d", strict=False),
    FieldType.BOOLEAN: _cast_boolean,
}

_NOUNS = {
    FieldType.TEXT: "text",
    FieldType.INTEGER: "a whole number",
    FieldType.NUMBER: "a number",
    FieldType.DATE: "a date (such as 2014-03-19, 19/03/2014, Mar/19/2014 or 1392/12/28)",
    FieldType.MONTH: "a month (YYYY-MM)",
    FieldType.BOOLEAN: "a yes/no value (1/0)",
}
