"""OFAC SDN (and consolidated non-SDN) CSV set: ``sdn.csv`` + ``alt.csv``, ``add.csv``, comments.

The main file names the publication; its siblings in the same directory (``alt.csv``,
``add.csv``, ``sdn_comments.csv``, or ``cons_alt.csv``… for ``cons_prim.csv``) are joined on
``ent_num``. Long remarks overflow into the comments file and are rejoined before parsing.
No header row; ``-0-`` means empty.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

from aidtrace.errors import InputError
from aidtrace.watchlists.formats.csvsafe import as_csv, rows
from aidtrace.watchlists.formats.normal import clean, country_code, name, unique, unique_names
from aidtrace.watchlists.formats.ofac_remarks import parse_remarks
from aidtrace.watchlists.formats.registry import ListHeader, register
from aidtrace.watchlists.model import (
    EntitySchema,
    EntryName,
    Identifier,
    ListEntry,
    NamePart,
    NameQuality,
)

SDN_WIDTH, ALT_WIDTH, ADD_WIDTH, COMMENTS_WIDTH = 12, 5, 6, 2
SCHEMAS = {
    "individual": EntitySchema.PERSON,
    "vessel": EntitySchema.VESSEL,
    "aircraft": EntitySchema.AIRCRAFT,
    "": EntitySchema.ORGANIZATION,
}


@dataclass(frozen=True)
class CsvSet:
    """The main file's name, its list and its sibling files' names, per publication."""

    main: str
    list_name: str
    alt: str
    add: str
    comments: str


SETS = (
    CsvSet("sdn.csv", "ofac_sdn", "alt.csv", "add.csv", "sdn_comments.csv"),
    CsvSet("cons_prim.csv", "ofac_cons", "cons_alt.csv", "cons_add.csv", "cons_comments.csv"),
)


def _set_of(path: Path) -> CsvSet | None:
    return next((s for s in SETS if s.main == path.name.lower()), None)


def _sibling(path: Path, name: str) -> Path | None:
    for candidate in path.parent.iterdir():
        if candidate.name.lower() == name:
            return candidate
    return None


class OfacCsv:
    name = "ofac_csv"
    description = "OFAC SDN / consolidated CSV set (sdn.csv with alt, add and comments files)"

    def sniff(self, path: Path, head: bytes) -> bool:
        return _set_of(path) is not None

    def members(self, path: Path) -> tuple[Path, ...]:
        found = self._set(path)
        siblings = (_sibling(path, n) for n in (found.alt, found.add, found.comments))
        return (path, *(s for s in siblings if s is not None))

    def header(self, path: Path) -> ListHeader:
        return ListHeader(self._set(path).list_name)

    def parse(self, path: Path) -> Iterator[ListEntry]:
        found = self._set(path)
        extra = _Siblings.read(path, found)
        list_name = found.list_name
        for line, fields in rows(path, SDN_WIDTH):
            yield _entry(list_name, fields, extra, path, line)

    def _set(self, path: Path) -> CsvSet:
        found = _set_of(path)
        if found is None:
            known = ", ".join(s.main for s in SETS)
            raise InputError(f"an OFAC CSV set is named by its main file ({known})", source=path)
        return found


@dataclass(frozen=True)
class _Siblings:
    """The alias, address and comment rows of a set, by ``ent_num``."""

    alts: dict[str, list[list[str]]]
    adds: dict[str, list[list[str]]]
    comments: dict[str, str]

    @classmethod
    def read(cls, path: Path, found: CsvSet) -> _Siblings:
        return cls(
            _grouped(_sibling(path, found.alt), ALT_WIDTH),
            _grouped(_sibling(path, found.add), ADD_WIDTH),
            {
                k: "".join(v[1] for v in rs)
                for k, rs in _grouped(_sibling(path, found.comments), COMMENTS_WIDTH).items()
            },
        )


def _grouped(path: Path | None, width: int) -> dict[str, list[list[str]]]:
    grouped: dict[str, list[list[str]]] = defaultdict(list)
    if path is not None:
        for _, fields in rows(path, width):
            grouped[fields[0].strip()].append(fields)
    return grouped


def _entry(list_name: str, fields: list[str], extra: _Siblings, path: Path, line: int) -> ListEntry:
    ent_num = fields[0].strip()
    if not ent_num.isdigit():
        raise InputError(f"ent_num {ent_num!r} is not a number", source=path, record=f"line {line}")
    sdn_type = clean(fields[2]).lower()
    if sdn_type not in SCHEMAS:
        raise InputError(f"unknown SDN_Type {sdn_type!r}", source=path, record=f"line {line}")
    schema = SCHEMAS[sdn_type]
    remarks_text = clean(clean(fields[11]) + extra.comments.get(ent_num, ""))
    remarks = parse_remarks(remarks_text)
    alts, adds = extra.alts.get(ent_num, []), extra.adds.get(ent_num, [])
    names = [_primary(clean(fields[1]), schema)]
    names += [name(clean(a[3]), NameQuality.STRONG) for a in alts]
    names += [name(a, NameQuality.WEAK) for a in remarks.weak_aliases]
    return ListEntry(
        list_name=list_name,
        source_id=ent_num,
        schema=schema,
        names=unique_names(names),
        birth_dates=tuple(dict.fromkeys(remarks.birth_dates)),
        birth_places=unique(remarks.birth_places),
        nationalities=unique([*remarks.nationalities, country_code(clean(fields[9]))]),
        identifiers=tuple(dict.fromkeys([*_vessel_ids(fields), *remarks.identifiers])),
        addresses=unique([", ".join(v for f in a[2:5] if (v := clean(f))) for a in adds]),
        programmes=_programmes(fields[3]),
        titles=unique([clean(fields[4])]),
        gender=remarks.gender,
        remarks=remarks_text or None,
        raw="".join(as_csv(r) for r in [fields, *alts, *adds]),
    )


def _primary(listed: str, schema: EntitySchema) -> EntryName | None:
    """Individuals are listed "SURNAME, Given"; the name is read as "Given SURNAME"."""
    if schema is EntitySchema.PERSON and ", " in listed:
        family, given = (p.strip() for p in listed.split(", ", 1))
        parts = (NamePart("given", given), NamePart("family", family))
        return name(f"{given} {family}", NameQuality.PRIMARY, parts)
    return name(listed, NameQuality.PRIMARY)


def _programmes(text: str) -> tuple[str, ...]:
    # "SDGT] [IRGC": OFAC writes several programmes as one bracket-joined field.
    return unique([clean(p.strip("[] ")) for p in clean(text).split("] [")])


def _vessel_ids(fields: list[str]) -> list[Identifier]:
    call_sign = clean(fields[5])
    return [Identifier("call_sign", call_sign)] if call_sign else []


register(OfacCsv())
