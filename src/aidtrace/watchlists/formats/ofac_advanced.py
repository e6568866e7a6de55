"""OFAC "advanced" XML (``sdn_advanced.xml``, ``cons_advanced.xml``): normalised parties.

Two streaming passes: the first gathers the lookup tables (``ofac_advanced_refs``), the second
turns each ``<DistinctParty>`` into an entry. Names are built from their parts in reading order
(first, middle, last) using the name-part types; an alias with ``LowQuality="true"`` is weak.
Features (birth date, place of birth, nationality, title, gender, address, vessel flag, call
sign) are dispatched by their type's name. Built from the published schema with a hand-made
fixture; no real advanced file was available to test against.
"""

from __future__ import annotations

import xml.etree.ElementTree as ET
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path

from aidtrace.errors import InputError
from aidtrace.ingest.xmlsafe import child, children, descendants, fragment, records, text
from aidtrace.watchlists.formats.base import XmlListFormat
from aidtrace.watchlists.formats.normal import country_code, name, unique, unique_names
from aidtrace.watchlists.formats.ofac_advanced_refs import ROOTS, AdvancedRefs, read_refs, ymd
from aidtrace.watchlists.formats.registry import ListHeader, register
from aidtrace.watchlists.model import (
    DateInterval,
    EntitySchema,
    EntryName,
    Identifier,
    ListEntry,
    NamePart,
    NameQuality,
)

PARTY_TYPES = {
    "Individual": EntitySchema.PERSON,
    "Entity": EntitySchema.ORGANIZATION,
    "Vessel": EntitySchema.VESSEL,
    "Aircraft": EntitySchema.AIRCRAFT,
}
# OFAC's long-standing sub-type ids, used when a file omits its PartySubTypeValues.
DEFAULT_SUBTYPES = {"1": "Vessel", "2": "Aircraft", "3": "Entity", "4": "Individual"}
PART_ORDER = {"First Name": 0, "Middle Name": 1, "Patronymic": 2, "Matronymic": 3, "Last Name": 4}
PART_TAGS = {"First Name": "given", "Middle Name": "middle", "Last Name": "family"}
PART_TAGS |= {"Patronymic": "father", "Matronymic": "mother"}


@dataclass
class _Facts:
    """What a party's features say, gathered before the entry is built."""

    birth_dates: list[DateInterval] = field(default_factory=list)
    birth_places: list[str] = field(default_factory=list)
    nationalities: list[str] = field(default_factory=list)
    addresses: list[str] = field(default_factory=list)
    titles: list[str] = field(default_factory=list)
    identifiers: list[Identifier] = field(default_factory=list)
    gender: str | None = None


def _detail(version: ET.Element, refs: AdvancedRefs) -> str:
    detail = child(version, "VersionDetail")
    if detail is None:
        return ""
    return text(detail) or refs.value("DetailReference", detail.get("DetailReferenceID"))


def _locations(version: ET.Element, refs: AdvancedRefs) -> list[str]:
    return [
        refs.places[v.get("LocationID", "")].text
        for v in children(version, "VersionLocation")
        if v.get("LocationID", "") in refs.places
    ]


def _countries(version: ET.Element, refs: AdvancedRefs) -> list[str]:
    found = [
        refs.places[v.get("LocationID", "")].country
        for v in children(version, "VersionLocation")
        if v.get("LocationID", "") in refs.places
    ]
    return found or [country_code(_detail(version, refs))]


def _birth_date(version: ET.Element, refs: AdvancedRefs, facts: _Facts) -> None:
    for period in children(version, "DatePeriod"):
        days = [
            d
            for d in (ymd(e) for e in descendants(period, "From") + descendants(period, "To"))
            if d
        ]
        if days:
            facts.birth_dates.append(
                DateInterval(
                    min(days),
                    max(days),
                    "/".join(sorted({d.isoformat() for d in (min(days), max(days))})),
                )
            )


FEATURES: dict[str, Callable[[ET.Element, AdvancedRefs, _Facts], None]] = {
    "Birthdate": _birth_date,
    "Place of Birth": lambda v, r, f: f.birth_places.extend(_locations(v, r) or [_detail(v, r)]),
    "Nationality Country": lambda v, r, f: f.nationalities.extend(_countries(v, r)),
    "Citizenship Country": lambda v, r, f: f.nationalities.extend(_countries(v, r)),
    "Vessel Flag": lambda v, r, f: f.nationalities.extend(_countries(v, r)),
    "Location": lambda v, r, f: f.addresses.extend(_locations(v, r)),
    "Title": lambda v, r, f: f.titles.append(_detail(v, r)),
    "Call Sign": lambda v, r, f: f.identifiers.append(Identifier("call_sign", _detail(v, r))),
    "Aircraft Tail Number": lambda v, r, f: f.identifiers.append(
        Identifier("other", _detail(v, r), note="tail number")
    ),
    "Gender": lambda v, r, f: setattr(f, "gender", _detail(v, r) or None),
}


class OfacAdvancedXml(XmlListFormat):
    name = "ofac_advanced_xml"
    description = "OFAC advanced XML (sdn_advanced.xml schema)"
    roots = ROOTS
    record_tags = ("DistinctParty",)
    markers = (b"<Sanctions",)

    def sniff(self, path: Path, head: bytes) -> bool:
        return super().sniff(path, head) and (
            b"ADVANCED_XML" in head or b"ReferenceValueSets" in head
        )

    def header(self, path: Path) -> ListHeader:
        day = ymd(self.first(path, "DateOfIssue"))
        list_name = "ofac_cons" if "cons" in path.name.lower() else "ofac_sdn"
        return ListHeader(list_name, datetime(day.year, day.month, day.day) if day else None)

    def entry(self, elem: ET.Element, path: Path) -> ListEntry:
        return _entry(self.header(path).list_name, elem, read_refs(path), path)

    def parse(self, path: Path) -> Iterator[ListEntry]:
        # the lookup tables are read once, in a first pass, not once per party
        refs = read_refs(path)
        list_name = self.header(path).list_name
        for party in records(path, ROOTS, self.record_tags):
            yield _entry(list_name, party, refs, path)


def _schema(profile: ET.Element, refs: AdvancedRefs) -> EntitySchema:
    sub_id = profile.get("PartySubTypeID", "")
    sub = refs.values.get(("PartySubType", sub_id))
    kind = (
        refs.value("PartyType", sub.get("PartyTypeID"))
        if sub is not None
        else DEFAULT_SUBTYPES.get(sub_id, "")
    )
    return PARTY_TYPES.get(kind, EntitySchema.OTHER)


def _documented_name(
    doc: ET.Element, groups: dict[str, str], quality: NameQuality, person: bool
) -> EntryName | None:
    values = [
        (groups.get(v.get("NamePartGroupID", ""), ""), text(v))
        for v in descendants(doc, "NamePartValue")
    ]
    if person:
        values.sort(key=lambda pair: PART_ORDER.get(pair[0], 5))
    parts = tuple(
        NamePart(PART_TAGS[kind], value) for kind, value in values if kind in PART_TAGS and value
    )
    return name(" ".join(v for _, v in values if v), quality, parts if person else ())


def _names(identity: ET.Element, refs: AdvancedRefs, person: bool) -> list[EntryName | None]:
    groups = {
        g.get("ID", ""): refs.value("NamePartType", g.get("NamePartTypeID"))
        for g in descendants(identity, "NamePartGroup")
    }
    found: list[EntryName | None] = []
    for alias in children(identity, "Alias"):
        quality = NameQuality.PRIMARY if alias.get("Primary") == "true" else NameQuality.STRONG
        if alias.get("LowQuality") == "true":
            quality = NameQuality.WEAK
        for doc in children(alias, "DocumentedName"):
            found.append(_documented_name(doc, groups, quality, person))
    # Primary aliases come first so the listed name is the entry's primary name.
    return sorted(found, key=lambda n: n is None or n.quality is not NameQuality.PRIMARY)


def _entry(list_name: str, party: ET.Element, refs: AdvancedRefs, path: Path) -> ListEntry:
    uid = party.get("FixedRef", "")
    profile = child(party, "Profile")
    if not uid or profile is None:
        raise InputError(
            "DistinctParty without FixedRef or Profile", source=path, record=uid or None
        )
    schema = _schema(profile, refs)
    identities = children(profile, "Identity")
    facts = _Facts(
        identifiers=[d for i in identities for d in refs.documents.get(i.get("ID", ""), [])]
    )
    for feature in children(profile, "Feature"):
        handler = FEATURES.get(refs.value("FeatureType", feature.get("FeatureTypeID")))
        for version in children(feature, "FeatureVersion") if handler else []:
            handler(version, refs, facts)  # type: ignore[misc]
    sanction = refs.sanctions.get(profile.get("ID", uid))
    return ListEntry(
        list_name=list_name,
        source_id=uid,
        schema=schema,
        names=unique_names(
            [n for i in identities for n in _names(i, refs, schema is EntitySchema.PERSON)]
        ),
        birth_dates=tuple(dict.fromkeys(facts.birth_dates)),
        birth_places=unique(facts.birth_places),
        nationalities=unique(facts.nationalities),
        identifiers=tuple(dict.fromkeys(i for i in facts.identifiers if i.number)),
        addresses=unique(facts.addresses),
        programmes=unique(sanction.programmes) if sanction else (),
        titles=unique(facts.titles),
        listed_on=sanction.listed_on if sanction else None,
        gender=facts.gender,
        raw=fragment(party),
    )


register(OfacAdvancedXml())
