"""A FollowTheMoney entity as a ``ListEntry``, and back-references resolved for a whole file.

Only the parties of a list become entries (Person, Organization, Company, LegalEntity,
PublicBody, Vessel, Airplane) and, when the file says which entities are targets, only those.
Addresses, sanctions and identity documents are separate FtM entities pointing at a party;
they are folded into the party's entry (addresses, programmes and listing date, identifiers).
"""

from __future__ import annotations

import json
from collections import defaultdict
from collections.abc import Iterable, Mapping
from typing import Any

from aidtrace.watchlists.formats import dates
from aidtrace.watchlists.formats.normal import name, unique, unique_names
from aidtrace.watchlists.model import (
    DateInterval,
    EntitySchema,
    EntryName,
    Identifier,
    ListEntry,
    NameQuality,
)

LIST_NAME = "opensanctions"
SCHEMAS = {
    "Person": EntitySchema.PERSON,
    "Organization": EntitySchema.ORGANIZATION,
    "Company": EntitySchema.ORGANIZATION,
    "PublicBody": EntitySchema.ORGANIZATION,
    "LegalEntity": EntitySchema.OTHER,
    "Vessel": EntitySchema.VESSEL,
    "Airplane": EntitySchema.AIRCRAFT,
}
# FtM identifier properties → Identifier.kind.
ID_PROPERTIES = {
    "passportNumber": "passport",
    "idNumber": "national_id",
    "taxNumber": "tax_id",
    "innCode": "tax_id",
    "registrationNumber": "registration",
    "ogrnCode": "registration",
    "imoNumber": "imo",
}
NAME_PROPERTIES: tuple[tuple[str, NameQuality], ...] = (
    ("name", NameQuality.STRONG),
    ("alias", NameQuality.STRONG),
    ("previousName", NameQuality.STRONG),
    ("weakAlias", NameQuality.WEAK),
)


def props(entity: Mapping[str, Any], prop: str) -> list[str]:
    values = entity.get("properties", {}).get(prop, [])
    return [v for v in values if isinstance(v, str) and v.strip()]


def is_party(entity: Mapping[str, Any]) -> bool:
    return entity.get("schema") in SCHEMAS and entity.get("target", True) is not False


def raw_json(entity: Mapping[str, Any]) -> str:
    """The entity as canonical JSON, so the same entity reads the same from any file."""
    return json.dumps(entity, ensure_ascii=False, sort_keys=True, separators=(",", ":"))


def _names(entity: Mapping[str, Any]) -> tuple[EntryName, ...]:
    primary = entity.get("caption") or next(iter(props(entity, "name")), "")
    found: list[EntryName | None] = [name(primary, NameQuality.PRIMARY)]
    for prop, quality in NAME_PROPERTIES:
        found += [name(v, quality) for v in props(entity, prop)]
    return unique_names(found)


def _birth_dates(entity: Mapping[str, Any]) -> tuple[DateInterval, ...]:
    found = (dates.parse_date(v) for v in props(entity, "birthDate"))
    return tuple(dict.fromkeys(d for d in found if d is not None))


def _identifiers(entity: Mapping[str, Any]) -> list[Identifier]:
    return [
        Identifier(kind, v) for prop, kind in ID_PROPERTIES.items() for v in props(entity, prop)
    ]


def to_entry(entity: Mapping[str, Any], linked: Iterable[Mapping[str, Any]] = ()) -> ListEntry:
    """The party ``entity`` with the address, sanction and document entities pointing at it."""
    linked = list(linked)
    sanctions = [e for e in linked if e.get("schema") == "Sanction"]
    listed = sorted(d for s in sanctions for d in props(s, "listingDate") + props(s, "startDate"))
    listed_on = dates.parse_date(listed[0]) if listed else None
    addresses = props(entity, "address") + [
        a for e in linked if e.get("schema") == "Address" for a in props(e, "full")
    ]
    documents = [e for e in linked if e.get("schema") in ("Passport", "Identification")]
    return ListEntry(
        list_name=LIST_NAME,
        source_id=str(entity["id"]),
        schema=SCHEMAS[entity["schema"]],
        names=_names(entity),
        birth_dates=_birth_dates(entity),
        birth_places=unique(props(entity, "birthPlace")),
        nationalities=unique(props(entity, "nationality") + props(entity, "citizenship")),
        identifiers=tuple(
            dict.fromkeys(
                _identifiers(entity)
                + [Identifier("passport", n) for d in documents for n in props(d, "number")]
            )
        ),
        addresses=unique(addresses),
        programmes=unique(
            props(entity, "program") + [p for s in sanctions for p in props(s, "program")]
        ),
        titles=unique(props(entity, "title")),
        listed_on=listed_on.start if listed_on else None,
        gender=next(iter(props(entity, "gender")), None),
        remarks="; ".join(props(entity, "notes") + props(entity, "position")) or None,
        raw=raw_json(entity),
    )


# The property through which each adjunct schema points at its party.
LINKS = {"Sanction": "entity", "Passport": "holder", "Identification": "holder"}


def linked_by_party(
    entities: Mapping[str, Mapping[str, Any]],
) -> dict[str, list[Mapping[str, Any]]]:
    """For every party id, the adjunct entities (sanctions, documents, addresses) of it."""
    linked: dict[str, list[Mapping[str, Any]]] = defaultdict(list)
    for entity in entities.values():
        prop = LINKS.get(str(entity.get("schema")))
        for target in props(entity, prop) if prop else []:
            linked[target].append(entity)
    for entity in entities.values():
        for address_id in props(entity, "addressEntity"):
            if address_id in entities:
                linked[str(entity["id"])].append(entities[address_id])
    return linked
