"""A CSV file of names to screen, read row by row into queries.

The file as a whole is checked before anything is screened (a text CSV with a name column), so a
wrong file is refused at once rather than after the watchlists have loaded. A row that cannot be
screened (no name in it, an impossible birth date) is set aside with its row number and the reason,
and the other rows go on: the caller reports the refused rows, so none passes for a clear.
"""

from __future__ import annotations

import codecs
import csv
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import TextIO

from aidtrace.errors import InputError
from aidtrace.screening.query import Query, read_query

NAME_COLUMNS = ("name", "full_name")
_SNIFF = 64 * 1024  # bytes looked at before screening starts


@dataclass(frozen=True)
class Refusal:
    """A row not screened: its number as a spreadsheet shows it (the header is row 1), and why."""

    row: int
    reason: str


@dataclass
class NameFile:
    """The rows of ``path`` as queries; ``refused`` fills up as the rows are read."""

    path: Path
    refused: list[Refusal] = field(default_factory=list)

    def __post_init__(self) -> None:
        _check_text(self.path)
        with self._open() as fh:
            self.column = _name_column(csv.DictReader(fh), self.path)

    def queries(self, today: date) -> Iterator[Query]:
        """Each screenable row as a query, in file order; the others go to ``refused``."""
        with self._open() as fh:
            reader = csv.DictReader(fh)
            for row_number, row in self._rows(reader):
                try:
                    yield self._query(row, row_number, today)
                except InputError as exc:
                    self.refused.append(Refusal(row_number, exc.message))

    def _open(self) -> TextIO:
        return self.path.open(encoding="utf-8-sig", newline="")

    def _rows(self, reader: csv.DictReader[str]) -> Iterator[tuple[int, dict[str, str | None]]]:
        row_number = 1
        try:
            for row_number, row in enumerate(reader, start=2):
                yield row_number, row
        except (UnicodeDecodeError, csv.Error) as exc:
            # Past this point the reader cannot find the next row: the file is refused there.
            where = f" (at row {row_number + 1})"
            raise InputError(_unreadable(exc) + where, source=self.path) from None

    def _query(self, row: dict[str, str | None], row_number: int, today: date) -> Query:
        subject = row.get("id") or row.get("subject") or f"{self.path.name}:{row_number}"
        return read_query(
            row.get(self.column) or "",
            today,
            subject=subject,
            birth_date=row.get("dob") or row.get("date_of_birth"),
            nationality=row.get("nationality"),
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
    column = next((c for c in NAME_COLUMNS if c in fields), None)
    if column is None:
        raise InputError("no name or full_name column", source=path)
    return column


def _unreadable(exc: UnicodeDecodeError | csv.Error) -> str:
    if isinstance(exc, UnicodeDecodeError):
        return (
            f"not a text CSV file in UTF-8 (byte 0x{exc.object[exc.start]:02x}); save as CSV UTF-8"
        )
    return f"not a readable CSV file ({exc})"
