"""UK Sanctions List (FCDO), XML: ``<Designations><Designation>``.

Names come in six parts (``Name1`` given … ``Name6`` family) graded Primary Name, Primary Name
Variation or Alias (with an ``AliasStrength``); non-Latin names stand apart. Dates are
``dd/mm/yyyy`` with ``dd``/``mm`` for unknown parts. A designation that mirrors a UN one carries
its ``UNReferenceNumber``, and then also gets the UN programme (1988 Taliban, 1267 ISIL/Al-Qaida).
"""

from __future__ import annotations

import xml.etree.ElementTree as ET
from collections.abc import Iterator
from datetime import date, datetime
from pathlib import Path

from aidtrace.errors import InputError
from aidtrace.ingest.xmlsafe import (
    child_text,
    descendant_texts,
    descendants,
    fragment,
)
from aidtrace.watchlists.formats import dates
from aidtrace.watchlists.formats.base import XmlListFormat
from aidtrace.watchlists.formats.normal import country_code, name, unique, unique_names
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

ROOTS = ("Designations",)
SCHEMAS = {
    "individual": EntitySchema.PERSON,
    "entity": EntitySchema.ORGANIZATION,
    "ship": EntitySchema.VESSEL,
}
NAME_TAGS: tuple[tuple[str, str], ...] = (
    ("Name1", "given"),
    ("Name2", "middle"),
    ("Name3", "other"),
    ("Name4", "other"),
    ("Name5", "other"),
    ("Name6", "family"),
)
ADDRESS_TAGS = (*(f"AddressLine{i}" for i in range(1, 7)), "AddressPostalCode", "AddressCountry")


class UkSanctionsXml(XmlListFormat):
    name = "uk_xml"
    description = "UK Sanctions List (FCDO), XML"
    roots = ROOTS
    record_tags = ("Designation",)
    markers = (b"<Designations",)

    def header(self, path: Path) -> ListHeader:
        generated = self.first(path, "DateGenerated")
        value = generated.text.strip() if generated is not None and generated.text else ""
        day = _day(value, path, "DateGenerated")
        return ListHeader("uk", datetime(day.year, day.month, day.day) if day else None)

    def entry(self, elem: ET.Element, path: Path) -> ListEntry:
        return _entry(elem, path)


def _day(value: str, path: Path, field: str, record: str | None = None) -> date | None:
    if not value:
        return None
    try:
        return datetime.strptime(value, "%d/%m/%Y").date()
    except ValueError as exc:
        raise InputError(
            f"{field} {value!r} is not dd/mm/yyyy", source=path, record=record
        ) from exc


def _entry(elem: ET.Element, path: Path) -> ListEntry:
    uid = child_text(elem, "UniqueID")
    kind = child_text(elem, "IndividualEntityShip").lower()
    if not uid or kind not in SCHEMAS:
        raise InputError(
            f"designation without UniqueID or of unknown kind {kind!r}",
            source=path,
            record=uid or None,
        )
    un_ref = child_text(elem, "UNReferenceNumber")
    flags = descendant_texts(elem, "CurrentBelievedFlagOfShip")
    return ListEntry(
        list_name="uk",
        source_id=uid,
        schema=SCHEMAS[kind],
        names=_names(elem, SCHEMAS[kind] is EntitySchema.PERSON),
        birth_dates=tuple(
            d for d in (dates.parse_date(t) for t in descendant_texts(elem, "DOB")) if d
        ),
        birth_places=unique(
            [_join(loc, ("TownOfBirth", "CountryOfBirth")) for loc in descendants(elem, "Location")]
        ),
        nationalities=unique(
            [country_code(n) for n in descendant_texts(elem, "Nationality") + flags]
        ),
        identifiers=tuple(dict.fromkeys(_identifiers(elem))),
        addresses=unique([_join(a, ADDRESS_TAGS) for a in descendants(elem, "Address")]),
        programmes=unique([child_text(elem, "RegimeName"), PREFIX_PROGRAMMES.get(un_ref[:2], "")]),
        titles=descendant_texts(elem, "Title"),
        listed_on=_day(child_text(elem, "DateDesignated"), path, "DateDesignated", uid),
        gender=next(iter(descendant_texts(elem, "Gender")), None),
        remarks=" ".join(
            t
            for t in (
                child_text(elem, "OtherInformation"),
                child_text(elem, "UKStatementofReasons"),
            )
            if t
        )
        or None,
        raw=fragment(elem),
    )


def _join(elem: ET.Element, tags: tuple[str, ...]) -> str:
    return ", ".join(v for t in tags if (v := child_text(elem, t)))


def _names(elem: ET.Element, person: bool) -> tuple[EntryName, ...]:
    found: list[EntryName | None] = []
    for entry in descendants(elem, "Name"):
        parts = tuple(
            NamePart(tag, v) for field, tag in NAME_TAGS if (v := child_text(entry, field))
        )
        found.append(
            name(" ".join(p.value for p in parts), _quality(entry), parts if person else ())
        )
    found += [
        name(t, NameQuality.ORIGINAL_SCRIPT) for t in descendant_texts(elem, "NameNonLatinScript")
    ]
    return unique_names(found)


def _quality(entry: ET.Element) -> NameQuality:
    kind = child_text(entry, "NameType").lower()
    if kind == "primary name":
        return NameQuality.PRIMARY
    if "low" in child_text(entry, "AliasStrength").lower():
        return NameQuality.WEAK
    return NameQuality.STRONG


def _identifiers(elem: ET.Element) -> Iterator[Identifier]:
    for passport in descendants(elem, "Passport"):
        number = child_text(passport, "PassportNumber")
        if number:
            yield Identifier(
                "passport",
                number,
                None,
                child_text(passport, "PassportAdditionalInformation") or None,
            )
    for national in descendants(elem, "NationalIdentifier"):
        number = child_text(national, "NationalIdentifierNumber")
        note = child_text(national, "NationalIdentifierAdditionalInformation")
        if number:
            yield Identifier(
                "tazkira" if "tazkira" in note.lower() else "national_id",
                number,
                None,
                note or None,
            )
    for imo in descendant_texts(elem, "IMONumber"):
        yield Identifier("imo", imo.removeprefix("IMO"))
    for reg in descendant_texts(elem, "BusinessRegistrationNumber"):
        yield Identifier("registration", reg)


register(UkSanctionsXml())
