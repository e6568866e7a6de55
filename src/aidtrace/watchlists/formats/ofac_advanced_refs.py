"""The lookup tables of OFAC's advanced XML, gathered in a first pass over the file.

The advanced export is normalised like a database: parties point at reference values (feature
types, name-part types, countries…), at ``Locations``, at identity documents (``IDRegDocuments``,
keyed by identity) and, from ``SanctionsEntries`` after the parties, at their programmes.
"""

from __future__ import annotations

import xml.etree.ElementTree as ET
from collections import defaultdict
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

from aidtrace.ingest.xmlsafe import child, children, descendants, local, records, text
from aidtrace.watchlists.formats.normal import clean, country_code
from aidtrace.watchlists.formats.ofac_remarks import ID_KINDS
from aidtrace.watchlists.model import Identifier

ROOTS = ("Sanctions",)


@dataclass(frozen=True)
class Place:
    text: str
    country: str  # ISO alpha-2 (lower case) when known


@dataclass
class Sanction:
    programmes: list[str] = field(default_factory=list)
    listed_on: date | None = None


@dataclass
class AdvancedRefs:
    """Everything a party may point at, by id."""

    values: dict[tuple[str, str], ET.Element] = field(default_factory=dict)
    places: dict[str, Place] = field(default_factory=dict)
    documents: dict[str, list[Identifier]] = field(default_factory=lambda: defaultdict(list))
    sanctions: dict[str, Sanction] = field(default_factory=dict)

    def value(self, kind: str, ref: str | None) -> str:
        """The text of reference value ``ref`` of set ``kind`` (e.g. "FeatureType", "8")."""
        found = self.values.get((kind, ref or ""))
        return text(found)

    def country(self, ref: str | None) -> str:
        found = self.values.get(("Country", ref or ""))
        if found is None:
            return ""
        iso2 = found.get("ISO2", "")
        return iso2.lower() if len(iso2) == 2 else country_code(text(found))


def ymd(elem: ET.Element | None) -> date | None:
    """A ``<Year><Month><Day>`` group as a date (missing month or day taken as the first)."""
    if elem is None or not text(child(elem, "Year")).isdigit():
        return None
    parts = [text(child(elem, tag)) for tag in ("Year", "Month", "Day")]
    try:
        return date(int(parts[0]), int(parts[1] or 1), int(parts[2] or 1))
    except ValueError:
        return None


def _place(elem: ET.Element, refs: AdvancedRefs) -> Place:
    values = [text(v) for v in descendants(elem, "Value")]
    country_ref = next((c.get("CountryID") for c in children(elem, "LocationCountry")), None)
    country_name = refs.value("Country", country_ref)
    return Place(", ".join(v for v in [*values, country_name] if v), refs.country(country_ref))


def _document(elem: ET.Element, refs: AdvancedRefs) -> Identifier | None:
    number = clean(text(child(elem, "IDRegistrationNo")))
    kind_text = refs.value("IDRegDocType", elem.get("IDRegDocTypeID"))
    if not number:
        return None
    kind = next((k for prefix, k in ID_KINDS.items() if kind_text.startswith(prefix)), "other")
    if kind_text.startswith("Vessel Registration"):
        kind, number = "imo", number.removeprefix("IMO ").strip()
    country = refs.country(elem.get("IssuedBy-CountryID")) or None
    return Identifier(kind, number, country, kind_text if kind == "other" else None)


def _sanction(elem: ET.Element, refs: AdvancedRefs) -> Sanction:
    days = [d for e in children(elem, "EntryEvent") if (d := ymd(child(e, "Date")))]
    found = Sanction(listed_on=min(days, default=None))
    for measure in children(elem, "SanctionsMeasure"):
        kind = refs.value("SanctionsType", measure.get("SanctionsTypeID"))
        comment = text(child(measure, "Comment"))
        if comment and kind in ("Program", ""):
            found.programmes.append(comment)
    return found


def _add_values(elem: ET.Element, refs: AdvancedRefs) -> None:
    for value in elem.iter():
        if value.get("ID") is not None:
            refs.values[(local(value.tag), value.get("ID", ""))] = value


def _add_place(elem: ET.Element, refs: AdvancedRefs) -> None:
    refs.places[elem.get("ID", "")] = _place(elem, refs)


def _add_document(elem: ET.Element, refs: AdvancedRefs) -> None:
    doc = _document(elem, refs)
    if doc is not None:
        refs.documents[elem.get("IdentityID", "")].append(doc)


def _add_sanction(elem: ET.Element, refs: AdvancedRefs) -> None:
    refs.sanctions[elem.get("ProfileID", "")] = _sanction(elem, refs)


def _skip(elem: ET.Element, refs: AdvancedRefs) -> None:
    """Parties are read in the second pass; here they are only freed."""


FIRST_PASS: dict[str, Callable[[ET.Element, AdvancedRefs], None]] = {
    "ReferenceValueSets": _add_values,
    "Location": _add_place,
    "IDRegDocument": _add_document,
    "SanctionsEntry": _add_sanction,
    "DistinctParty": _skip,
}


def read_refs(path: Path) -> AdvancedRefs:
    """Every lookup table of the file (one streaming pass)."""
    refs = AdvancedRefs()
    for elem in records(path, ROOTS, FIRST_PASS):
        FIRST_PASS[local(elem.tag)](elem, refs)
    return refs
