"""Exporting normalised list entries as FollowTheMoney entities, for investigators' tools.

Each entry becomes one party entity (Person, Organization, Vessel, Airplane, LegalEntity) with
id ``<list>-<source id>``, plus one ``Sanction`` entity carrying its programmes and listing date.
FtM has no date intervals: an exact day, a whole month or a whole year is written as the FtM date
prefix (``1958-05-12``, ``1958-05``, ``1958``); any other interval as every year it spans.
Identifier kinds without an FtM property (tazkira, call sign…) are written as ``idNumber``.
"""

from __future__ import annotations

import calendar
import json
from collections.abc import Iterable
from typing import IO, Any

from aidtrace.watchlists.model import DateInterval, ListEntry, NameQuality

ID_PROPERTY = {
    "passport": "passportNumber",
    "national_id": "idNumber",
    "tax_id": "taxNumber",
    "registration": "registrationNumber",
    "imo": "imoNumber",
}
NAME_PROPERTY = {
    NameQuality.STRONG: "alias",
    NameQuality.ORIGINAL_SCRIPT: "alias",
    NameQuality.WEAK: "weakAlias",
}


def ftm_dates(interval: DateInterval) -> list[str]:
    """The FtM date prefixes that say what ``interval`` says, as closely as FtM can."""
    start, end = interval.start, interval.end
    if start == end:
        return [start.isoformat()]
    if (start.month, start.day, end.month, end.day) == (1, 1, 12, 31):
        return [str(y) for y in range(start.year, end.year + 1)]
    whole_month = start.day == 1 and end.day == calendar.monthrange(end.year, end.month)[1]
    if whole_month and (start.year, start.month) == (end.year, end.month):
        return [f"{start.year:04d}-{start.month:02d}"]
    return [str(y) for y in range(start.year, end.year + 1)]


def entity_id(entry: ListEntry) -> str:
    return f"{entry.list_name}-{entry.source_id}"


def _properties(entry: ListEntry) -> dict[str, list[str]]:
    props: dict[str, list[str]] = {"name": [entry.primary_name], "topics": ["sanction"]}

    def add(prop: str, values: Iterable[str]) -> None:
        for value in values:
            if value and value not in props.setdefault(prop, []):
                props[prop].append(value)

    for n in entry.names:
        if n.quality is not NameQuality.PRIMARY:
            add(NAME_PROPERTY[n.quality], [n.full])
    add("birthDate", [d for interval in entry.birth_dates for d in ftm_dates(interval)])
    add("birthPlace", entry.birth_places)
    add("nationality", entry.nationalities)
    for ident in entry.identifiers:
        add(ID_PROPERTY.get(ident.kind, "idNumber"), [ident.number])
    add("address", entry.addresses)
    add("title", entry.titles)
    add("gender", [entry.gender or ""])
    add("notes", [entry.remarks or ""])
    return {k: v for k, v in props.items() if v}


def to_entities(entry: ListEntry) -> list[dict[str, Any]]:
    """The party entity and its Sanction entity."""
    party_id = entity_id(entry)
    common = {"datasets": [entry.list_name], "referents": []}
    party = {
        "id": party_id,
        "caption": entry.primary_name,
        "schema": entry.schema.value,
        "properties": _properties(entry),
        "target": True,
        **common,
    }
    sanction_props: dict[str, list[str]] = {"entity": [party_id]}
    if entry.programmes:
        sanction_props["program"] = list(entry.programmes)
    if entry.listed_on:
        sanction_props["listingDate"] = [entry.listed_on.isoformat()]
    sanction = {
        "id": f"{party_id}-sanction",
        "caption": ", ".join(entry.programmes) or "Sanction",
        "schema": "Sanction",
        "properties": sanction_props,
        "target": False,
        **common,
    }
    return [party, sanction]


def export_ftm(entries: Iterable[ListEntry], out: IO[str]) -> int:
    """Write ``entries`` as FtM JSON lines to ``out``; returns the number of parties written."""
    count = 0
    for entry in entries:
        for entity in to_entities(entry):
            out.write(json.dumps(entity, ensure_ascii=False, sort_keys=True) + "\n")
        count += 1
    return count
