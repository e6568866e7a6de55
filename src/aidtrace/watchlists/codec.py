"""``ListEntry`` to plain JSON and back, so snapshots can be stored and exchanged losslessly."""

from __future__ import annotations

import hashlib
import json
from datetime import date
from typing import Any

from aidtrace.watchlists.model import (
    DateInterval,
    EntitySchema,
    EntryName,
    Identifier,
    ListEntry,
    NamePart,
    NameQuality,
)

# Fields compared when deciding whether an entry was amended: everything but the raw fragment,
# whose whitespace changes whenever a list is re-exported.
COMPARED = tuple(f for f in ListEntry.__dataclass_fields__ if f != "raw")


def _name(n: EntryName) -> dict[str, Any]:
    out: dict[str, Any] = {"full": n.full, "quality": n.quality.value, "script": n.script}
    if n.parts:
        out["parts"] = [[p.tag, p.value] for p in n.parts]
    if n.lang:
        out["lang"] = n.lang
    return out


def _interval(d: DateInterval) -> dict[str, str]:
    return {"start": d.start.isoformat(), "end": d.end.isoformat(), "text": d.text}


def _identifier(i: Identifier) -> dict[str, str | None]:
    return {"kind": i.kind, "number": i.number, "country": i.country, "note": i.note}


def to_dict(entry: ListEntry) -> dict[str, Any]:
    """The entry as JSON-ready data (enums as values, dates as ISO strings)."""
    return {
        "list_name": entry.list_name,
        "source_id": entry.source_id,
        "schema": entry.schema.value,
        "names": [_name(n) for n in entry.names],
        "birth_dates": [_interval(d) for d in entry.birth_dates],
        "birth_places": list(entry.birth_places),
        "nationalities": list(entry.nationalities),
        "identifiers": [_identifier(i) for i in entry.identifiers],
        "addresses": list(entry.addresses),
        "programmes": list(entry.programmes),
        "titles": list(entry.titles),
        "listed_on": entry.listed_on.isoformat() if entry.listed_on else None,
        "gender": entry.gender,
        "remarks": entry.remarks,
        "raw": entry.raw,
    }


def from_dict(data: dict[str, Any]) -> ListEntry:
    """The inverse of ``to_dict``."""
    return ListEntry(
        list_name=data["list_name"],
        source_id=data["source_id"],
        schema=EntitySchema(data["schema"]),
        names=tuple(
            EntryName(
                full=n["full"],
                quality=NameQuality(n["quality"]),
                script=n.get("script", "Latin"),
                parts=tuple(NamePart(t, v) for t, v in n.get("parts", ())),
                lang=n.get("lang"),
            )
            for n in data["names"]
        ),
        birth_dates=tuple(
            DateInterval(date.fromisoformat(d["start"]), date.fromisoformat(d["end"]), d["text"])
            for d in data["birth_dates"]
        ),
        birth_places=tuple(data["birth_places"]),
        nationalities=tuple(data["nationalities"]),
        identifiers=tuple(Identifier(**i) for i in data["identifiers"]),
        addresses=tuple(data["addresses"]),
        programmes=tuple(data["programmes"]),
        titles=tuple(data["titles"]),
        listed_on=date.fromisoformat(data["listed_on"]) if data["listed_on"] else None,
        gender=data["gender"],
        remarks=data["remarks"],
        raw=data.get("raw", ""),
    )


def dumps(entry: ListEntry) -> str:
    return json.dumps(to_dict(entry), ensure_ascii=False, sort_keys=True, separators=(",", ":"))


def loads(text: str) -> ListEntry:
    return from_dict(json.loads(text))


def entry_hash(entry: ListEntry) -> str:
    """A content address of the whole entry (raw fragment included)."""
    return hashlib.sha256(dumps(entry).encode("utf-8")).hexdigest()


def changed_fields(old: ListEntry, new: ListEntry) -> tuple[str, ...]:
    """The fields (raw fragment aside) whose values differ between two versions of an entry."""
    return tuple(f for f in COMPARED if getattr(old, f) != getattr(new, f))
