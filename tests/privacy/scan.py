"""A plaintext scanner: looks for personal values in every byte a workspace wrote, and in every
text or binary cell of its store (a compressed column would hide from a byte scan)."""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path

import duckdb


def needles(values: Iterable[str], min_digits: int = 7, last_nine: bool = True) -> set[bytes]:
    """The forms a value could be stored in: as given, case-folded, digits only, last nine."""
    found: set[bytes] = set()
    for value in values:
        found |= {value.encode(), value.casefold().encode()}
        digits = "".join(ch for ch in value if ch.isdigit())
        if len(digits) >= min_digits:
            found.add(digits.encode())
            if last_nine:
                found.add(digits[-9:].encode())
    return found


def raw_hits(root: Path, wanted: set[bytes]) -> list[tuple[str, bytes]]:
    """(file, needle) for every needle found in any file under ``root`` (ASCII case ignored)."""
    lowered = {n.lower() for n in wanted}
    hits = []
    for path in sorted(p for p in root.rglob("*") if p.is_file()):
        try:
            data = path.read_bytes().lower()
        except FileNotFoundError:  # a spill file released while we walked
            continue
        hits.extend((str(path), n) for n in lowered if n in data)
    return hits


def cell_hits(con: duckdb.DuckDBPyConnection, wanted: set[bytes]) -> list[tuple[str, bytes]]:
    """(table.column, needle) for every needle inside any text or blob cell of the store."""
    columns = con.execute(
        "SELECT table_name, column_name FROM information_schema.columns "
        "WHERE data_type IN ('VARCHAR', 'BLOB') OR data_type LIKE '%[]'"
    ).fetchall()
    hits = []
    for table, column in columns:
        rows = con.execute(f'SELECT "{column}"::VARCHAR FROM "{table}"').fetchall()
        blob = "\n".join(str(r[0]) for r in rows).encode().lower()
        hits.extend((f"{table}.{column}", n) for n in wanted if n.lower() in blob)
    return hits
