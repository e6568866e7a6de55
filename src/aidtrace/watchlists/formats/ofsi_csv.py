"""OFSI Consolidated List, CSV (the legacy ``ConList.csv``): one row per name, grouped by party.

Row 1 is ``Last Updated,dd/mm/yyyy``; row 2 the column names. Every name of a party (primary
name, AKAs, variations) is its own row sharing the ``Group ID``; the party's other facts
(dates of birth, documents, addresses) are spread over those rows and are gathered here.
Built from the published column layout and a hand-made fixture; the real file was not available.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from datetime import date, datetime
from pathlib import Path

from aidtrace.errors import InputError
from aidtrace.watchlists.formats import dates
from aidtrace.watchlists.formats.csvsafe import as_csv, rows
from aidtrace.watchlists.formats.normal import clean, country_code, name, unique, unique_names
from aidtrace.watchlists.formats.registry import ListHeader, register
from aidtrace.watchlists.formats.un_xml import PREFIX_PROGRAMMES
from aidtrace.watchlists.model import (
    EntitySchema,
    EntryName,
    Identifier,
    ListEntry,
    NamePart,
    NameQuality,
)

SCHEMAS = {
    "individual": EntitySchema.PERSON,
    "entity": EntitySchema.ORGANIZATION,
    "ship": EntitySchema.VESSEL,
}
NAME_COLUMNS: tuple[tuple[str, str], ...] = (
    ("Name 1", "given"),
    ("Name 2", "middle"),
    ("Name 3", "other"),
    ("Name 4", "other"),
    ("Name 5", "other"),
    ("Name 6", "family"),
)
ADDRESS_COLUMNS = (*(f"Address {i}" for i in range(1, 7)), "Post/Zip Code", "Country")
_UN_REF = re.compile(r"UN Ref\s+([A-Z]{2}[ie]\.\d+)")
REQUIRED = ("Name 6", "Group Type", "Alias Type", "Group ID")

Row = dict[str, str]


class OfsiConListCsv:
    name = "ofsi_csv"
    description = "OFSI Consolidated List (ConList.csv)"

    def sniff(self, path: Path, head: bytes) -> bool:
        return head.lstrip(b"\xef\xbb\xbf").startswith(b"Last Updated,") and b"Group ID" in head

    def members(self, path: Path) -> tuple[Path, ...]:
        return (path,)

    def header(self, path: Path) -> ListHeader:
        for _, fields in rows(path, None):
            updated = _day(fields[1] if len(fields) > 1 else "", path, "line 1")
            return ListHeader(
                "ofsi", datetime(updated.year, updated.month, updated.day) if updated else None
            )
        raise InputError("empty file", source=path)

    def parse(self, path: Path) -> Iterator[ListEntry]:
        groups: dict[str, list[Row]] = {}
        for row in _records(path):
            groups.setdefault(row["Group ID"], []).append(row)
        for group_id, members in groups.items():
            yield _entry(group_id, members, path)


def _day(value: str, path: Path, record: str) -> date | None:
    value = clean(value)
    if not value:
        return None
    try:
        return datetime.strptime(value, "%d/%m/%Y").date()
    except ValueError as exc:
        raise InputError(f"{value!r} is not dd/mm/yyyy", source=path, record=record) from exc


def _records(path: Path) -> Iterator[Row]:
    columns: list[str] | None = None
    for line, fields in rows(path, None):
        if columns is None:
            if "Group ID" in fields:
                columns = [clean(f) for f in fields]
                missing = [c for c in REQUIRED if c not in columns]
                if missing:
                    raise InputError(
                        f"missing columns: {', '.join(missing)}", source=path, record=f"line {line}"
                    )
            continue
        if len(fields) != len(columns):
            raise InputError(
                f"expected {len(columns)} fields, found {len(fields)} (broken quoting?)",
                source=path,
                record=f"line {line}",
            )
        row = dict(zip(columns, (clean(f) for f in fields), strict=True))
        if not row["Group ID"]:
            raise InputError("row without Group ID", source=path, record=f"line {line}")
        row["_line"], row["_raw"] = str(line), as_csv(fields)
        yield row
    if columns is None:
        raise InputError("no header row with a 'Group ID' column", source=path)


def _all(members: list[Row], column: str) -> list[str]:
    return [m.get(column, "") for m in members]


def _entry(group_id: str, members: list[Row], path: Path) -> ListEntry:
    first = members[0]
    kind = first["Group Type"].lower()
    if kind not in SCHEMAS:
        raise InputError(
            f"unknown Group Type {first['Group Type']!r}",
            source=path,
            record=f"line {first['_line']}",
        )
    person = SCHEMAS[kind] is EntitySchema.PERSON
    other = " ".join(unique(_all(members, "Other Information")))
    ref = _UN_REF.search(other)
    un_ref = ref[1] if ref else ""
    return ListEntry(
        list_name="ofsi",
        source_id=group_id,
        schema=SCHEMAS[kind],
        names=_names(members, person),
        birth_dates=tuple(
            dict.fromkeys(d for d in map(dates.parse_date, _all(members, "DOB")) if d)
        ),
        birth_places=unique(
            [
                ", ".join(
                    v for v in (m.get("Town of Birth", ""), m.get("Country of Birth", "")) if v
                )
                for m in members
            ]
        ),
        nationalities=unique([country_code(n) for n in _all(members, "Nationality")]),
        identifiers=tuple(dict.fromkeys(i for m in members for i in _identifiers(m))),
        addresses=unique(
            [", ".join(v for c in ADDRESS_COLUMNS if (v := m.get(c, ""))) for m in members]
        ),
        programmes=unique([*_all(members, "Regime"), PREFIX_PROGRAMMES.get(un_ref[:2], "")]),
        titles=unique(_all(members, "Title")),
        listed_on=_day(first.get("Listed On", ""), path, f"line {first['_line']}"),
        remarks=" ".join(unique([*_all(members, "Position"), other])) or None,
        raw="".join(m["_raw"] for m in members),
    )


def _names(members: list[Row], person: bool) -> tuple[EntryName, ...]:
    found: list[EntryName | None] = []
    for m in members:
        parts = tuple(NamePart(tag, v) for col, tag in NAME_COLUMNS if (v := m.get(col, "")))
        alias_type, quality_text = m["Alias Type"].lower(), m.get("Alias Quality", "").lower()
        quality = NameQuality.PRIMARY if alias_type == "primary name" else NameQuality.STRONG
        if "low" in quality_text:
            quality = NameQuality.WEAK
        found.append(name(" ".join(p.value for p in parts), quality, parts if person else ()))
        found.append(
            name(
                m.get("Name Non-Latin Script", ""),
                NameQuality.ORIGINAL_SCRIPT,
                (),
                m.get("Non-Latin Script Language", "").lower() or None,
            )
        )
    return unique_names(found)


def _identifiers(m: Row) -> Iterator[Identifier]:
    if m.get("Passport Number"):
        yield Identifier("passport", m["Passport Number"], None, m.get("Passport Details") or None)
    if m.get("National Identification Number"):
        note = m.get("National Identification Details", "")
        kind = "tazkira" if "tazkira" in note.lower() else "national_id"
        yield Identifier(kind, m["National Identification Number"], None, note or None)


register(OfsiConListCsv())
