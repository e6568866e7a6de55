"""OFAC XML in the ``sdn.xml`` schema (SDN list and the consolidated non-SDN list).

``<sdnList><publshInformation>`` (sic) carries the publish date and the record count, which is
checked against what was read so a truncated export is refused. Each ``<sdnEntry>`` has
``uid``, names, ``sdnType``, programmes, ``akaList`` (strong/weak), ``idList``, addresses,
dates and places of birth, nationalities and citizenships. The advanced schema
(``sdn_advanced.xml``) is not supported: no real file could be obtained to build against.
"""

from __future__ import annotations

import xml.etree.ElementTree as ET
from collections.abc import Iterator
from pathlib import Path

from aidtrace.errors import InputError
from aidtrace.ingest.xmlsafe import child, child_text, children, fragment
from aidtrace.watchlists.formats import dates
from aidtrace.watchlists.formats.base import XmlListFormat, timestamp
from aidtrace.watchlists.formats.normal import clean, country_code, name, unique, unique_names
from aidtrace.watchlists.formats.ofac_remarks import ID_KINDS
from aidtrace.watchlists.formats.registry import ListHeader, register
from aidtrace.watchlists.model import (
    EntitySchema,
    EntryName,
    Identifier,
    ListEntry,
    NamePart,
    NameQuality,
)

ROOTS = ("sdnList",)
SCHEMAS = {
    "individual": EntitySchema.PERSON,
    "entity": EntitySchema.ORGANIZATION,
    "vessel": EntitySchema.VESSEL,
    "aircraft": EntitySchema.AIRCRAFT,
}
AKA_QUALITY = {"strong": NameQuality.STRONG, "weak": NameQuality.WEAK}
# idList rows that carry facts rather than identifiers.
NOT_IDENTIFIERS: tuple[str, ...] = (
    "Gender",
    "Secondary sanctions risk",
    "Website",
    "Email Address",
    "Target Type",
    "Executive Order",
    "Transactions Prohibited",
    "Additional Sanctions",
    "Issuer Name",
    "Organization Established Date",
    "Organization Type",
    "Listing Date",
    "Effective Date",
    "Nationality of Registration",
)


class OfacXml(XmlListFormat):
    name = "ofac_xml"
    description = "OFAC SDN / consolidated list XML (sdn.xml schema)"
    roots = ROOTS
    record_tags = ("sdnEntry",)
    markers = (b"<sdnList",)

    def header(self, path: Path) -> ListHeader:
        info = self.first(path, "publshInformation")
        if info is None:
            raise InputError("no <publshInformation> before the first entry", source=path)
        published = timestamp(
            child_text(info, "Publish_Date"),
            path,
            "Publish_Date",
            "%m/%d/%Y",
            expected="mm/dd/yyyy",
        )
        count = child_text(info, "Record_Count")
        return ListHeader(_list_name(path), published, int(count) if count.isdigit() else None)

    def entry(self, elem: ET.Element, path: Path) -> ListEntry:
        return _entry(_list_name(path), elem, path)

    def parse(self, path: Path) -> Iterator[ListEntry]:
        expected = self.header(path).record_count
        seen = 0
        for entry in super().parse(path):
            seen += 1
            yield entry
        if expected is not None and seen != expected:
            raise InputError(
                f"Record_Count says {expected} entries, the file has {seen} (truncated?)",
                source=path,
            )


def _list_name(path: Path) -> str:
    return "ofac_cons" if "cons" in path.name.lower() else "ofac_sdn"


def _entry(list_name: str, elem: ET.Element, path: Path) -> ListEntry:
    uid = child_text(elem, "uid")
    kind = child_text(elem, "sdnType").lower()
    if not uid or kind not in SCHEMAS:
        raise InputError(
            f"entry without uid or with unknown sdnType {kind!r}", source=path, record=uid or None
        )
    schema = SCHEMAS[kind]
    ids = [i for i in children(_list(elem, "idList"), "id")]
    return ListEntry(
        list_name=list_name,
        source_id=uid,
        schema=schema,
        names=_names(elem, schema),
        birth_dates=tuple(
            d
            for d in (
                dates.parse_date(child_text(i, "dateOfBirth"))
                for i in children(_list(elem, "dateOfBirthList"), "dateOfBirthItem")
            )
            if d
        ),
        birth_places=unique(
            [
                child_text(i, "placeOfBirth")
                for i in children(_list(elem, "placeOfBirthList"), "placeOfBirthItem")
            ]
        ),
        nationalities=unique(
            [
                country_code(child_text(i, "country"))
                for lst in ("nationalityList", "citizenshipList")
                for i in list(_list(elem, lst))
            ]
        ),
        identifiers=tuple(x for x in (_identifier(i) for i in ids) if x),
        addresses=unique([_address(a) for a in children(_list(elem, "addressList"), "address")]),
        programmes=unique([clean(p.text) for p in children(_list(elem, "programList"), "program")]),
        titles=unique([child_text(elem, "title")]),
        gender=next(
            (child_text(i, "idNumber") for i in ids if child_text(i, "idType") == "Gender"), None
        ),
        remarks=child_text(elem, "remarks") or None,
        raw=fragment(elem),
    )


def _list(elem: ET.Element, tag: str) -> ET.Element:
    return child(elem, tag) or ET.Element(tag)


def _person_name(
    first: str, last: str, quality: NameQuality, schema: EntitySchema
) -> EntryName | None:
    if schema is EntitySchema.PERSON and not first and ", " in last:
        last, first = (p.strip() for p in last.split(", ", 1))
    parts = tuple(NamePart(t, v) for t, v in (("given", first), ("family", last)) if v)
    return name(" ".join(p.value for p in parts), quality, parts)


def _names(elem: ET.Element, schema: EntitySchema) -> tuple[EntryName, ...]:
    found = [
        _person_name(
            child_text(elem, "firstName"), child_text(elem, "lastName"), NameQuality.PRIMARY, schema
        )
    ]
    for aka in children(_list(elem, "akaList"), "aka"):
        quality = AKA_QUALITY.get(child_text(aka, "category").lower(), NameQuality.STRONG)
        found.append(
            _person_name(child_text(aka, "firstName"), child_text(aka, "lastName"), quality, schema)
        )
    return unique_names(found)


def _identifier(elem: ET.Element) -> Identifier | None:
    kind_text, number = child_text(elem, "idType"), child_text(elem, "idNumber")
    if not number or kind_text.startswith(NOT_IDENTIFIERS):
        return None
    kind = next((k for prefix, k in ID_KINDS.items() if kind_text.startswith(prefix)), "other")
    country = child_text(elem, "idCountry")
    return Identifier(
        kind, number, country_code(country) or None, kind_text if kind == "other" else None
    )


def _address(elem: ET.Element) -> str:
    fields = (
        "address1",
        "address2",
        "address3",
        "city",
        "stateOrProvince",
        "postalCode",
        "country",
    )
    return ", ".join(v for f in fields if (v := child_text(elem, f)))


register(OfacXml())
