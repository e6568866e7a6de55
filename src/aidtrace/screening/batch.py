"""A CSV file of names to screen, read row by row into queries.

The file as a whole is checked before anything is screened (a text CSV with a name column), so a
wrong file is refused at once rather than after the watchlists have loaded. A row that cannot be
screened (no name in it, an impossible birth date, an unknown party type) is set aside with its row
number and the reason, and the other rows go on: the caller reports the refused rows, so none
passes for a clear.

Columns: ``name`` or ``full_name``; optional ``id`` (or ``subject``), ``dob`` (or
``date_of_birth``), ``nationality``, ``gender`` (or ``sex``) and ``type`` (or ``schema``: person,
organisation, vessel or any; an empty cell takes the file's default) and ``id_number`` (or
``passport``, ``tazkira``: a document number). Headers are read whatever
their case and spacing, and in Dari or Pashto (``HEADERS``); columns of other names are left
alone.
"""

from __future__ import annotations

import codecs
import csv
from collections.abc import Generator, Iterator, Mapping, Sequence
from contextlib import closing
from dataclasses import dataclass, field
from datetime import date
from functools import partial
from pathlib import Path

from aidtrace.errors import InputError
from aidtrace.headers import fold_header
from aidtrace.screening.query import PartyType, Query, read_party, read_query

NAME_COLUMNS = ("name", "full_name")
TYPE_COLUMNS = ("type", "schema")


def _folded(header: str) -> str:
    """A header as compared: ``fold_header`` (case, spacing, punctuation, Arabic-script letter
    variants), an underscore read as a space."""
    return fold_header(header.replace("_", " "))


# Headers as clerks write them, read as the columns above (case, spaces and the underscore aside;
# Dari and Pashto too).
HEADERS = {
    "name": ("name", "نام", "نوم"),
    "full_name": ("full_name", "full name", "fullname", "نام کامل", "نام مکمل", "بشپړ نوم"),
    "id": ("id", "شناسه", "پېژند"),
    "subject": ("subject",),
    "dob": ("dob", "تاریخ تولد", "د زیږیدو نیټه", "د زېږېدو نېټه"),
    "date_of_birth": ("date_of_birth", "date of birth", "birth date", "birth_date"),
    "nationality": ("nationality", "ملیت", "تابعیت"),
    "gender": ("gender", "جنسیت"),
    "sex": ("sex", "جنس"),
    "type": ("type", "نوع", "ډول"),
    "id_number": (
        "id_number",
        "id number",
        "passport",
        "passport number",
        "tazkira",
        "national id",
        "شماره تذکره",
        "تذکره",
        "پاسپورت",
        "د تذکرې شمېره",
    ),
    "schema": ("schema",),
}
_HEADER = {_folded(h): column for column, written in HEADERS.items() for h in written}
_SNIFF = 64 * 1024  # bytes looked at before screening starts
# A line of a CSV of names is well under a kilobyte; this bounds what one line may cost in memory.
MAX_LINE = 1 << 20
# A name written over more lines than this, or holding the separator, is rows swallowed by a
# quotation mark left open, not a name.
NAME_LINES = 2


@dataclass(frozen=True)
class Refusal:
    """A row not screened: its number as a spreadsheet shows it (the header is row 1, a blank
    line is a row), and why."""

    row: int
    reason: str


@dataclass
class NameFile:
    """The rows of ``path`` as queries; ``refused`` fills up as the rows are read. ``party`` is
    the type of the rows whose ``type`` cell is empty (or of every row, without the column).

    The separator is a comma, or a semicolon or tab when the header holds no comma (a
    spreadsheet saved where the comma is the decimal mark). A row that cannot be read as a row
    of names (a line over ``MAX_LINE`` bytes, a cell over the CSV reader's limit, more cells
    than the header, a name running over several lines or holding the separator, which a
    quotation mark left open makes of the rows after it) is refused by its number and the
    others are read on."""

    path: Path
    party: PartyType = PartyType.ANY
    refused: list[Refusal] = field(default_factory=list)
    _line: int = field(default=0, init=False, repr=False)  # the last line read, for errors

    def __post_init__(self) -> None:
        _check_text(self.path)
        with closing(self._lines()) as lines:
            first = next(lines, None)
        if first is None or not first.strip():
            raise InputError("the file is empty (no header row)", source=self.path)
        self.delimiter = _delimiter(first)
        header = next(csv.reader([first], delimiter=self.delimiter))
        self.columns = _columns(header, self.path)
        self.width = len(header)
        self.column = "name" if "name" in self.columns else "full_name"

    def queries(self, today: date) -> Iterator[Query]:
        """Each screenable row as a query, in file order; the others go to ``refused``."""
        lines = self._lines()
        reader = csv.reader(lines, delimiter=self.delimiter)
        row, end = 1, 1  # a spreadsheet's row number (a blank line is a row), the last line read
        try:
            next(reader)  # the header, read already
            while True:
                row += 1
                try:
                    cells = next(reader)
                except StopIteration:
                    return
                except csv.Error as exc:  # the reader drops the line it stopped on
                    end = self._line
                    self.refused.append(Refusal(row, _row_unreadable(exc)))
                    continue
                start, end = end + 1, reader.line_num
                if not any(c.strip() for c in cells):
                    continue  # a blank line
                try:
                    query = self._query(cells, row, (start, end), today)
                except InputError as exc:
                    self.refused.append(Refusal(row, exc.message))
                    continue
                yield query
        finally:
            lines.close()

    def _lines(self) -> Generator[str, None, None]:
        """The file's lines as text, decoded one by one so that a bad byte is placed exactly. A
        line over ``MAX_LINE`` bytes is refused and read past, a blank line in its place."""
        with self.path.open("rb") as fh:
            read = partial(fh.readline, MAX_LINE + 1)
            for number, raw in enumerate(iter(read, b""), start=1):
                self._line = number
                if len(raw) > MAX_LINE:
                    if number == 1:
                        raise InputError(f"the header is over {MAX_LINE:,} bytes", source=self.path)
                    while not raw.endswith(b"\n") and raw:
                        raw = read()
                    reason = f"a line over {MAX_LINE:,} bytes (not read)"
                    self.refused.append(Refusal(number, reason))
                    yield "\n"
                    continue
                try:
                    yield (raw.removeprefix(codecs.BOM_UTF8) if number == 1 else raw).decode()
                except UnicodeDecodeError as exc:
                    raise InputError(
                        f"{_unreadable(exc)} (line {number})", source=self.path
                    ) from None

    def _query(self, cells: list[str], row: int, lines: tuple[int, int], today: date) -> Query:
        """Row ``row`` (on ``lines``, first and last) as a query, or ``InputError``."""
        if any(c.strip() for c in cells[self.width :]):
            raise InputError(
                f"{len(cells)} cells where the header has {self.width} (a separator inside a "
                "name? put the name in quotation marks)"
            )
        known = {c: cells[i] if i < len(cells) else "" for c, i in self.columns.items()}
        name = known[self.column]
        swallowed = self.delimiter in name or name.count("\n") + 1 > NAME_LINES
        if ("\n" in name or "\r" in name) and swallowed:
            raise InputError(
                f"the name runs over lines {lines[0]}-{lines[1]} and holds what looks like "
                "other rows (a quotation mark left open?)"
            )
        default = f"{self.path.name}:{row}"
        return row_query(known, self.column, default, self.party, today)


def _delimiter(header: str) -> str:
    """The separator of a CSV file whose first line is ``header``."""
    if "," in header:
        return ","
    return next((d for d in (";", "\t") if d in header), ",")


def _columns(header: Sequence[str], path: Path) -> dict[str, int]:
    """Where each known column stands, by the name this module reads it under; the file is
    refused without a name column, or with a column given twice."""
    found: dict[str, int] = {}
    for position, written in enumerate(header):
        known = _HEADER.get(_folded(written))
        if known is None:
            continue
        if known in found:
            raise InputError(f"two columns read as {known!r}: keep one", source=path)
        found[known] = position
    if not any(c in found for c in NAME_COLUMNS):
        seen = ", ".join(repr(h) for h in header[:8]) or "none"
        raise InputError(
            f"no name or full_name column (the header has {seen}; is the separator a comma?)",
            source=path,
        )
    return found


def row_query(
    row: Mapping[str, str | None], column: str, subject: str, party: PartyType, today: date
) -> Query:
    """A row of a table of names as a query: the name in ``column``, the subject from ``id`` or
    ``subject`` (``subject`` where both are empty), the type from ``type`` (``party`` where
    empty). Raises ``InputError`` for a row that cannot be screened."""
    typed = next((cell for c in TYPE_COLUMNS if (cell := row.get(c) or "").strip()), "")
    return read_query(
        row.get(column) or "",
        today,
        subject=row.get("id") or row.get("subject") or subject,
        birth_date=row.get("dob") or row.get("date_of_birth"),
        nationality=row.get("nationality"),
        party=read_party(typed) if typed else party,
        gender=row.get("gender") or row.get("sex"),
        identifiers=(row.get("id_number") or "",),
    )


def _check_text(path: Path) -> None:
    with path.open("rb") as fh:
        head = fh.read(_SNIFF)
    if head.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        raise InputError(
            "a UTF-16 text file, not a text CSV file in UTF-8: save as CSV UTF-8", source=path
        )
    if b"\x00" in head:
        raise InputError("not a text CSV file (it holds binary data)", source=path)
    try:
        codecs.getincrementaldecoder("utf-8-sig")().decode(head, final=len(head) < _SNIFF)
    except UnicodeDecodeError as exc:
        raise InputError(_unreadable(exc), source=path) from None


def name_column(fields: Sequence[str], source: str | Path) -> str:
    """The column of ``fields`` holding the names to screen."""
    column = next((c for c in NAME_COLUMNS if c in fields), None)
    if column is None:
        raise InputError("no name or full_name column", source=source)
    return column


def _row_unreadable(exc: csv.Error) -> str:
    if "field larger" in str(exc):
        return f"a cell over {csv.field_size_limit():,} characters (not read)"
    return f"not readable as a row of the file ({exc})"


def _unreadable(exc: UnicodeDecodeError | csv.Error) -> str:
    if isinstance(exc, UnicodeDecodeError):
        return (
            f"not a text CSV file in UTF-8 (byte 0x{exc.object[exc.start]:02x}); save as CSV UTF-8"
        )
    return f"not a readable CSV file ({exc})"
