"""UN Security Council Consolidated List, XML (``sc-sanctions.xsd``).

Root ``<CONSOLIDATED_LIST dateGenerated=…>`` holding ``<INDIVIDUAL>`` and ``<ENTITY>`` records.
The regime comes from the reference-number prefix (``TAi.002`` is the 1988 Taliban list,
``QDi.196`` the 1267 ISIL/Al-Qaida list) or, for other regimes, from ``UN_LIST_TYPE``.
"""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET
from datetime import date
from pathlib import Path

from aidtrace.errors import InputError
from aidtrace.ingest.xmlsafe import (
    child_text,
    children,
    fragment,
    root_element,
    values,
)
from aidtrace.watchlists.formats import dates
from aidtrace.watchlists.formats.base import XmlListFormat, timestamp
from aidtrace.watchlists.formats.normal import clean, country_code, name, unique, unique_names
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

ROOTS = ("CONSOLIDATED_LIST",)
RECORDS = ("INDIVIDUAL", "ENTITY")

# Reference-number prefix → programme, for the two regimes aidtrace's flagship case turns on.
PREFIX_PROGRAMMES = {"TA": "UN 1988 Taliban", "QD": "UN 1267 ISIL/Al-Qaida"}
# UN_LIST_TYPE → the resolution that established the regime.
LIST_TYPE_PROGRAMMES = {
    "Taliban": "UN 1988 Taliban",
    "Al-Qaida": "UN 1267 ISIL/Al-Qaida",
    "DPRK": "UN 1718 DPRK",
    "Iran": "UN 2231 Iran",
    "Iraq": "UN 1518 Iraq",
    "Libya": "UN 1970 Libya",
    "Somalia": "UN 2713 Al-Shabaab",
    "DRC": "UN 1533 DRC",
    "CAR": "UN 2127 CAR",
    "SouthSudan": "UN 2206 South Sudan",
    "Sudan": "UN 1591 Sudan",
    "Yemen": "UN 2140 Yemen",
    "Haiti": "UN 2653 Haiti",
    "GB": "UN 2048 Guinea-Bissau",
}
ALIAS_QUALITY = {
    "good": NameQuality.STRONG,
    "a.k.a.": NameQuality.STRONG,
    "f.k.a.": NameQuality.STRONG,
    "low": NameQuality.WEAK,
}
NAME_PARTS: tuple[tuple[str, str], ...] = (
    ("FIRST_NAME", "first"),
    ("SECOND_NAME", "second"),
    ("THIRD_NAME", "third"),
    ("FOURTH_NAME", "fourth"),
)
_TRAILING_NUMBER = re.compile(r"(?:number|no\.?)\s*([A-Z0-9][A-Z0-9 /-]*)$", re.I)


class UNConsolidatedXML(XmlListFormat):
    name = "un_xml"
    description = "UN Security Council Consolidated List (XML, sc-sanctions.xsd)"
    roots = ROOTS
    record_tags = RECORDS
    markers = (b"<CONSOLIDATED_LIST",)

    def header(self, path: Path) -> ListHeader:
        root = root_element(path, ROOTS)
        return ListHeader("un", timestamp(root.get("dateGenerated", ""), path, "dateGenerated"))

    def entry(self, elem: ET.Element, path: Path) -> ListEntry:
        return _entry(elem, path)


def _entry(elem: ET.Element, path: Path) -> ListEntry:
    ref = child_text(elem, "REFERENCE_NUMBER")
    if not ref:
        raise InputError(
            "record without REFERENCE_NUMBER", source=path, record=child_text(elem, "DATAID")
        )
    person = elem.tag.endswith("INDIVIDUAL")
    listed = _listed_on(child_text(elem, "LISTED_ON"), path, ref)
    prefix = "INDIVIDUAL" if person else "ENTITY"
    return ListEntry(
        list_name="un",
        source_id=ref,
        schema=EntitySchema.PERSON if person else EntitySchema.ORGANIZATION,
        names=_names(elem, prefix),
        birth_dates=_birth_dates(elem) if person else (),
        birth_places=unique([_place(p) for p in children(elem, "INDIVIDUAL_PLACE_OF_BIRTH")]),
        nationalities=unique([country_code(v) for v in values(elem, "NATIONALITY")]),
        identifiers=tuple(
            i for i in (_document(d) for d in children(elem, "INDIVIDUAL_DOCUMENT")) if i
        ),
        addresses=unique([_place(a) for a in children(elem, f"{prefix}_ADDRESS")]),
        programmes=(_programme(ref, child_text(elem, "UN_LIST_TYPE")),),
        titles=values(elem, "TITLE"),
        listed_on=listed,
        gender=child_text(elem, "GENDER") or None,
        remarks=_remarks(elem),
        raw=fragment(elem),
    )


def _listed_on(value: str, path: Path, ref: str) -> date | None:
    # xs:date may carry a zone ("2015-04-07-04:00"); the day is what matters.
    if not value:
        return None
    try:
        return date.fromisoformat(value[:10])
    except ValueError as exc:
        raise InputError(f"LISTED_ON {value!r} is not a date", source=path, record=ref) from exc


def _programme(ref: str, list_type: str) -> str:
    return PREFIX_PROGRAMMES.get(ref[:2]) or LIST_TYPE_PROGRAMMES.get(list_type, f"UN {list_type}")


def _names(elem: ET.Element, prefix: str) -> tuple[EntryName, ...]:
    parts = tuple(NamePart(tag, v) for field, tag in NAME_PARTS if (v := child_text(elem, field)))
    found = [name(" ".join(p.value for p in parts), NameQuality.PRIMARY, parts)]
    found.append(name(child_text(elem, "NAME_ORIGINAL_SCRIPT"), NameQuality.ORIGINAL_SCRIPT))
    for alias in children(elem, f"{prefix}_ALIAS"):
        quality = ALIAS_QUALITY.get(child_text(alias, "QUALITY").lower(), NameQuality.STRONG)
        found.append(name(child_text(alias, "ALIAS_NAME"), quality))
    return unique_names(found)


def _birth_dates(elem: ET.Element) -> tuple[DateInterval, ...]:
    found = [_birth_date(d) for d in children(elem, "INDIVIDUAL_DATE_OF_BIRTH")]
    return tuple(dict.fromkeys(d for d in found if d is not None))


def _birth_date(elem: ET.Element) -> DateInterval | None:
    kind = child_text(elem, "TYPE_OF_DATE").upper()
    if kind == "BETWEEN":
        low, high = child_text(elem, "FROM_YEAR"), child_text(elem, "TO_YEAR")
        return dates.parse_date(f"between {low} and {high}") if low and high else None
    when = child_text(elem, "DATE") or child_text(elem, "YEAR")
    interval = dates.parse_date(when) if when else None
    if interval is None:
        return None
    if kind == "APPROXIMATELY":
        return dates.widen(interval, text=f"approximately {when}")
    return interval


def _place(elem: ET.Element) -> str:
    fields = ("STREET", "CITY", "STATE_PROVINCE", "ZIP_CODE", "COUNTRY", "NOTE")
    return ", ".join(v for f in fields if (v := child_text(elem, f)))


def _document(elem: ET.Element) -> Identifier | None:
    kind_text = " ".join(child_text(elem, f) for f in ("TYPE_OF_DOCUMENT", "TYPE_OF_DOCUMENT2"))
    note = child_text(elem, "NOTE")
    number = child_text(elem, "NUMBER")
    if not number or (not number[0].isdigit() and " " in number and "number" in number.lower()):
        match = _TRAILING_NUMBER.search(number or child_text(elem, "TYPE_OF_DOCUMENT2"))
        number = match[1] if match else number
    if not number:
        return None
    country = child_text(elem, "ISSUING_COUNTRY") or child_text(elem, "COUNTRY_OF_ISSUE")
    return Identifier(
        kind=_document_kind(f"{kind_text} {note} {child_text(elem, 'NUMBER')}"),
        number=number,
        country=country_code(country) or None,
        note=clean(" ".join(x for x in (kind_text.strip(), note) if x)) or None,
    )


def _document_kind(text: str) -> str:
    lowered = text.lower()
    if "tazkira" in lowered:
        return "tazkira"
    if "pass" in lowered or "pasaporte" in lowered:
        return "passport"
    if "national identification" in lowered:
        return "national_id"
    return "other"


def _remarks(elem: ET.Element) -> str | None:
    designations = values(elem, "DESIGNATION")
    parts = [child_text(elem, "COMMENTS1")]
    if designations:
        parts.append("Designation: " + "; ".join(designations))
    return " ".join(p for p in parts if p) or None


register(UNConsolidatedXML())
