"""Reading list CSV strictly: known encodings, strict quoting, fixed column counts.

Government CSV exports are old-fashioned (OFAC's are cp1252 with a DOS end-of-file byte), so the
reader accepts UTF-8 and falls back to cp1252, but refuses binary content, broken quoting,
rows of the wrong width and any field longer than ``MAX_FIELD`` characters (the ``csv`` module's
own limit, set for the read) with an ``InputError`` naming file and line.
"""

from __future__ import annotations

import _csv
import csv
import io
from collections.abc import Iterator
from pathlib import Path

from aidtrace.errors import InputError
from aidtrace.ingest.limits import csv_field_limit, field_too_long

# No field of an official list comes near 128 KiB (OFAC remarks, the longest, are a few KiB).
# It is also the csv module's default, so holding the module to it while a list is read changes
# nothing for any other reader in the process.
MAX_FIELD = 128 * 1024
EOF_MARK = "\x1a"  # DOS end-of-file byte some OFAC exports still end with


def decode(path: Path) -> str:
    """The file's text: UTF-8 (with or without BOM) or else cp1252; binary files are refused."""
    try:
        data = path.read_bytes()
    except FileNotFoundError as exc:
        raise InputError("file not found", source=path) from exc
    except OSError as exc:
        raise InputError(f"cannot read file: {exc.strerror}", source=path) from exc
    if b"\x00" in data:
        line = data.count(b"\n", 0, data.index(b"\x00")) + 1
        raise InputError(
            "binary content (NUL bytes): wrong encoding or not a CSV file",
            source=path,
            record=f"line {line}",
        )
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError:
        pass
    try:
        return data.decode("cp1252")
    except UnicodeDecodeError as exc:
        line = data.count(b"\n", 0, exc.start) + 1
        raise InputError(
            f"text is neither UTF-8 nor cp1252 (byte {data[exc.start]:#x})",
            source=path,
            record=f"line {line}",
        ) from exc


def rows(path: Path, width: int | tuple[int, ...] | None) -> Iterator[tuple[int, list[str]]]:
    """``(line, fields)`` for every data row; each row must have ``width`` fields if given."""
    widths = (width,) if isinstance(width, int) else width
    reader = csv.reader(io.StringIO(decode(path), newline=""), strict=True)
    try:
        with csv_field_limit(MAX_FIELD):
            yield from _checked(reader, widths, path)
    except csv.Error as exc:
        where = f"line {reader.line_num}"
        if field_too_long(exc):
            raise InputError(
                f"a field is longer than {MAX_FIELD:,} characters", source=path, record=where
            ) from exc
        raise InputError(f"broken CSV quoting: {exc}", source=path, record=where) from exc


def _checked(
    reader: _csv.Reader, widths: tuple[int, ...] | None, path: Path
) -> Iterator[tuple[int, list[str]]]:
    for fields in reader:
        if not fields or fields == [EOF_MARK] or not "".join(fields).strip():
            continue
        if widths is not None and len(fields) not in widths:
            raise InputError(
                f"expected {' or '.join(map(str, widths))} fields, found {len(fields)} "
                "(broken quoting?)",
                source=path,
                record=f"line {reader.line_num}",
            )
        yield reader.line_num, fields


def as_csv(fields: list[str]) -> str:
    """A row back as one CSV line, for the evidence fragment."""
    out = io.StringIO()
    csv.writer(out, lineterminator="\n").writerow(fields)
    return out.getvalue()
