"""What the importers of published aid data (FTS, HNO, IPC) share: one import, all or nothing,
typed rows stored through Arrow, the checks that name a bad value's file, record and field, and
a :class:`Reading` that either fails at the first bad record (an import) or notes every one and
reads on (``--check``).
"""

from __future__ import annotations

import json
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime
from pathlib import Path
from typing import TypeVar

import pyarrow as pa

from aidtrace.errors import InputError
from aidtrace.ingest.limits import InputLimits, too_long
from aidtrace.ingest.registry import ImportResult, Store, import_once
from aidtrace.ingest.tabular import MAX_PROBLEMS, Checked, Problem, read_raw
from aidtrace.progress import Progress
from aidtrace.store.engine import Engine
from aidtrace.workspace import Workspace

T = TypeVar("T")
R = TypeVar("R")


@dataclass
class Reading:
    """How a file's records are read: an import (``check`` false) fails at the first bad
    record; a check notes every bad record, reads on, and reports them all at the end.

    ``unit`` is what a record's number counts: ``line`` for a CSV (as a spreadsheet numbers
    it), ``flow`` / ``feature`` / ``activity`` for the n-th one of a JSON or XML file."""

    check: bool = False
    unit: str = "line"
    problems: list[Problem] = field(default_factory=list)
    records: int = 0  # how many records the file holds, as an import would count them

    def each(self, items: Iterable[tuple[int, T]], parse: Callable[[int, T], R]) -> list[R]:
        """``parse`` applied to every (number, item); a bad item is noted (check) or raised."""
        out = []
        for number, item in items:
            try:
                out.append(parse(number, item))
            except InputError as exc:
                self.note(exc, number)
        return out

    def note(self, exc: InputError, number: int | None = None) -> None:
        """Note ``exc`` as a problem of the record ``number`` (or of its own record); raised
        unless checking."""
        if not self.check:
            raise exc
        record = exc.record if isinstance(exc.record, int) else number
        self.problems.append(Problem(exc.message, line=record, unit=self.unit))

    def kept(self, rows: list[dict[str, object]]) -> list[dict[str, object]]:
        """``rows``, counted as the records the file holds."""
        self.records = len(rows)
        return rows

    def checked(self, path: Path) -> Checked:
        """What a check of ``path`` found: the records read and every problem, in file order."""
        ordered = sorted(self.problems, key=lambda p: p.line or 0)
        listed = tuple(ordered[:MAX_PROBLEMS])
        more = max(len(ordered) - MAX_PROBLEMS, 0)
        return Checked(path, pa.table({}), listed, more, count=self.records)


def check_published(path: Path, unit: str, parse: Callable[[Reading], object]) -> Checked:
    """Read ``path`` with ``parse`` noting every bad record; nothing is stored."""
    reading = Reading(check=True, unit=unit)
    parse(reading)
    return reading.checked(path)


# Reads a published file into what to store; given a checking Reading, it notes every problem.
Parse = Callable[[Workspace, Path, Reading | None], Store]


# Not frozen: the Importer protocol declares plain (settable) attributes.
@dataclass
class PublishedImporter:
    """The importer of one published format (FTS, HNO, IPC), made from its parse function."""

    name: str
    description: str
    parse: Parse
    unit: Callable[[Path], str]  # what a file's records are called in a problem: line, flow…

    def load(self, workspace: Workspace, path: Path, progress: Progress) -> ImportResult:
        """Import one file, all or nothing; an identical file imported before is skipped."""
        return import_once(
            workspace, self.name, path, progress, lambda: self.parse(workspace, path, None)
        )

    def check(self, workspace: Workspace, path: Path) -> Checked:
        """Read one file in full and list every bad record; nothing is stored."""
        unit = self.unit(path)
        return check_published(path, unit, lambda reading: self.parse(workspace, path, reading))


def insert_rows(
    engine: Engine, table: str, schema: pa.Schema, rows: Sequence[dict[str, object]], import_id: str
) -> None:
    """Append ``rows`` (dicts with the schema's fields) to ``table``, stamped with the import."""
    if not rows:
        return
    data = pa.Table.from_pylist([dict(r, import_id=import_id) for r in rows], schema=schema)
    incoming = f"__incoming_{table}"
    engine.register(incoming, data)
    names = ", ".join(schema.names)
    engine.execute(f"INSERT INTO {table} ({names}) SELECT {names} FROM {incoming}")


def replace_rows(
    engine: Engine,
    table: str,
    schema: pa.Schema,
    rows: Sequence[dict[str, object]],
    key: Sequence[str],
    import_id: str,
) -> None:
    """Store ``rows`` in ``table``, each replacing the stored row with the same ``key`` fields
    (a missing value matches a missing one): a re-imported record supersedes the old one."""
    keys = pa.Table.from_pylist(
        [{k: r[k] for k in key} for r in rows], schema=pa.schema([schema.field(k) for k in key])
    )
    registered = f"__{table}_keys"
    engine.register(registered, keys)
    match = " AND ".join(f"k.{k} IS NOT DISTINCT FROM t.{k}" for k in key)
    engine.execute(
        f"DELETE FROM {table} t WHERE EXISTS (SELECT 1 FROM {registered} k WHERE {match})"
    )
    insert_rows(engine, table, schema, rows, import_id)


@dataclass(frozen=True)
class CsvTable:
    """A published CSV's header texts and its rows as (line, {header: text or None})."""

    path: Path
    headers: tuple[str, ...]
    records: list[tuple[int, dict[str, str | None]]]

    def has(self, *wanted: str) -> bool:
        return all(w in self.headers for w in wanted)

    def require(self, wanted: Sequence[str], kind: str) -> None:
        """Refuse the file unless it has every ``wanted`` column."""
        missing = [w for w in wanted if w not in self.headers]
        if missing:
            raise InputError(
                f"not {kind}: columns {', '.join(repr(m) for m in missing)} not found",
                source=self.path,
            )


def read_csv_table(path: Path, workspace: Workspace) -> CsvTable:
    """Every cell as text, read within the workspace's input bounds."""
    sheet = read_raw(path, InputLimits.of(workspace.config))
    names = [sheet.headers[s].strip() for s in sheet.body.columns]
    records = [
        (sheet.line(i), dict(zip(names, row, strict=True)))
        for i, row in enumerate(sheet.body.iter_rows())
    ]
    return CsvTable(path, tuple(names), records)


# The FTS API pages and IPC area files run to a few hundred KiB; far above that is not one.
MAX_JSON_BYTES = 256 << 20


def read_json(path: Path, workspace: Workspace, kind: str) -> object:
    """A JSON file within bounds: its size, its nesting (the parser's recursion limit) and the
    length of every string (``input_max_cell_chars``, as for a table's cell)."""
    try:
        size = path.stat().st_size
    except FileNotFoundError:
        raise InputError("file not found", source=path) from None
    if size > MAX_JSON_BYTES:
        raise InputError(f"over {MAX_JSON_BYTES >> 20} MiB: not {kind}", source=path)
    try:
        doc: object = json.loads(path.read_bytes())
    except RecursionError:
        raise InputError("nested too deeply to be read", source=path) from None
    except (ValueError, UnicodeDecodeError) as exc:
        raise InputError(f"not readable JSON: {exc}", source=path) from None
    _refuse_long_strings(doc, InputLimits.of(workspace.config).cell_chars, path)
    return doc


def _refuse_long_strings(doc: object, limit: int, path: Path) -> None:
    stack = [doc]
    while stack:
        value = stack.pop()
        if isinstance(value, str) and len(value) > limit:
            what = too_long("a text value", len(value), limit, "input_max_cell_chars")
            raise InputError(what, source=path)
        if isinstance(value, dict):
            stack.extend(value.keys())
            stack.extend(value.values())
        elif isinstance(value, list):
            stack.extend(value)


class Fields:
    """Typed reads of one record's fields, each failure an :class:`InputError` naming the
    file, the record and the field."""

    def __init__(self, path: Path, record: int, label: str = "") -> None:
        self.path, self.record, self.label = path, record, label

    def fail(self, field: str, problem: str) -> InputError:
        prefix = f"{self.label}: " if self.label else ""
        return InputError(
            f"{prefix}field {field!r}: {problem}", source=self.path, record=self.record
        )

    def text(self, field: str, value: object, required: bool = False) -> str | None:
        if value is None or (isinstance(value, str) and not value.strip()):
            if required:
                raise self.fail(field, "is empty but required")
            return None
        if isinstance(value, (dict, list)):
            raise self.fail(field, f"{value!r} is not text")
        return str(value).strip()

    def number(self, field: str, value: object, required: bool = False) -> float | None:
        raw = self.text(field, value, required)
        if raw is None:
            return None
        try:
            number = float(raw)
        except ValueError:
            raise self.fail(field, f"{raw!r} is not a number") from None
        if number != number or number in (float("inf"), float("-inf")) or number < 0:
            raise self.fail(field, f"{raw!r} is not a non-negative number")
        return number

    def integer(self, field: str, value: object, required: bool = False) -> int | None:
        number = self.number(field, value, required)
        if number is None:
            return None
        if not number.is_integer():
            raise self.fail(field, f"{value!r} is not a whole number")
        return int(number)

    def day(self, field: str, value: object, required: bool = False) -> date | None:
        raw = self.text(field, value, required)
        if raw is None:
            return None
        try:
            return datetime.fromisoformat(raw.replace("Z", "+00:00")).date()
        except ValueError:
            raise self.fail(field, f"{raw!r} is not a date (YYYY-MM-DD)") from None

    def choice(self, field: str, value: object, allowed: Sequence[str]) -> str:
        raw = (self.text(field, value, required=True) or "").lower()
        if raw not in allowed:
            raise self.fail(field, f"{raw!r} is not one of {', '.join(allowed)}")
        return raw
