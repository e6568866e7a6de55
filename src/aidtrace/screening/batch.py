"""A CSV file of names to screen, read row by row into queries.

The file as a whole is checked before anything is screened (a text CSV with a name column), so a
wrong file is refused at once rather than after the watchlists have loaded. A row that cannot be
screened (no name in it, an impossible birth date, an unknown party type) is set aside with its row
number and the reason, and the other rows go on: the caller reports the refused rows, so none
passes for a clear.

Columns: ``name`` or ``full_name``; optional ``id`` (or ``subject``), ``dob`` (or
``date_of_birth``), ``nationality``, ``gender`` (or ``sex``) and ``type`` (or ``schema``: person,
organisation, vessel or any; an empty cell takes the file's default).
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
from aidtrace.screening.query import PartyType, Query, read_party, read_query

NAME_COLUMNS = ("name", "full_name")
TYPE_COLUMNS = ("type", "schema")
_SNIFF = 64 * 1024  # bytes looked at before screening starts
# A line of a CSV of names is well under a kilobyte; this bounds what one line may cost in memory.
MAX_LINE = 1 << 20


@dataclass(frozen=True)
class Refusal:
    """A row not screened: its number as a spreadsheet shows it (the header is row 1), and why."""

    row: int
    reason: str


@dataclass
class NameFile:
    """The rows of ``path`` as queries; ``refused`` fills up as the rows are read. ``party`` is
    the type of the rows whose ``type`` cell is empty (or of every row, without the column)."""

    path: Path
    party: PartyType = PartyType.ANY
    refused: list[Refusal] = field(default_factory=list)
    _line: int = field(default=0, init=False, repr=False)  # the last line read, for errors

    def __post_init__(self) -> None:
        _check_text(self.path)
        with closing(self._lines()) as lines:
            self.column = _name_column(csv.DictReader(lines), self.path)

    def queries(self, today: date) -> Iterator[Query]:
        """Each screenable row as a query, in file order; the others go to ``refused``."""
        reader = csv.DictReader(self._lines())
        try:
            for row_number, row in enumerate(reader, start=2):
                try:
                    query = self._query(row, row_number, today)
                except InputError as exc:
                    self.refused.append(Refusal(row_number, exc.message))
                    continue
                yield query
        except csv.Error as exc:
            # Past this point the reader cannot find the next row: the file is refused there.
            raise InputError(f"{_unreadable(exc)} (line {self._line})", source=self.path) from None

    def _lines(self) -> Generator[str, None, None]:
        """The file's lines as text, decoded one by one so that a bad byte is placed exactly."""
        with self.path.open("rb") as fh:
            for number, raw in enumerate(iter(partial(fh.readline, MAX_LINE + 1), b""), start=1):
                self._line = number
                if len(raw) > MAX_LINE:
                    raise InputError(f"line {number} is over {MAX_LINE:,} bytes", source=self.path)
                try:
                    yield (raw.removeprefix(codecs.BOM_UTF8) if number == 1 else raw).decode()
                except UnicodeDecodeError as exc:
                    raise InputError(
                        f"{_unreadable(exc)} (line {number})", source=self.path
                    ) from None

    def _query(self, row: dict[str, str | None], row_number: int, today: date) -> Query:
        default = f"{self.path.name}:{row_number}"
        return row_query(row, self.column, default, self.party, today)


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
    )


def _check_text(path: Path) -> None:
    with path.open("rb") as fh:
        head = fh.read(_SNIFF)
    if b"\x00" in head:
        raise InputError("not a text CSV file (it holds binary data)", source=path)
    try:
        codecs.getincrementaldecoder("utf-8-sig")().decode(head, final=len(head) < _SNIFF)
    except UnicodeDecodeError as exc:
        raise InputError(_unreadable(exc), source=path) from None


def _name_column(reader: csv.DictReader[str], path: Path) -> str:
    try:
        fields = reader.fieldnames or ()
    except csv.Error as exc:
        raise InputError(_unreadable(exc), source=path) from None
    return name_column(fields, path)


def name_column(fields: Sequence[str], source: str | Path) -> str:
    """The column of ``fields`` holding the names to screen."""
    column = next((c for c in NAME_COLUMNS if c in fields), None)
    if column is None:
        raise InputError("no name or full_name column", source=source)
    return column


def _unreadable(exc: UnicodeDecodeError | csv.Error) -> str:
    if isinstance(exc, UnicodeDecodeError):
        return (
            f"not a text CSV file in UTF-8 (byte 0x{exc.object[exc.start]:02x}); save as CSV UTF-8"
        )
    return f"not a readable CSV file ({exc})"
