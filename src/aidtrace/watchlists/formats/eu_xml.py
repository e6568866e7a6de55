"""EU Financial Sanctions Files (FSF), XML: ``<export generationDate=…><sanctionEntity>``.

Everything sits in attributes: ``nameAlias`` (``wholeName``, ``strong``, ``nameLanguage``),
``birthdate`` (an exact ``birthdate``, or ``year``/``monthOfYear``/``dayOfMonth``, or a
``yearRangeFrom``–``yearRangeTo`` range; ``circa="true"`` widens it), ``citizenship``,
``identification`` and ``address``. The EU marks no name as primary: the first strong name is.
Built from the published format and a hand-made fixture; no full EU file was available.
"""

from __future__ import annotations

import xml.etree.ElementTree as ET
from datetime import date
from pathlib import Path

from aidtrace.errors import InputError
from aidtrace.ingest.xmlsafe import children, fragment, root_element
from aidtrace.watchlists.formats import dates
from aidtrace.watchlists.formats.base import XmlListFormat, timestamp
from aidtrace.watchlists.formats.normal import clean, country_code, name, unique, unique_names
from aidtrace.watchlists.formats.registry import ListHeader, register
from aidtrace.watchlists.formats.un_xml import PREFIX_PROGRAMMES
from aidtrace.watchlists.model import (
    DateInterval,
    EntitySchema,
    EntryName,
    Identifier,
    ListEntry,
    NamePart,
    NameQuality,
)

ROOTS = ("export",)
SCHEMAS = {"person": EntitySchema.PERSON, "enterprise": EntitySchema.ORGANIZATION}
ID_KINDS = {
    "passport": "passport",
    "id": "national_id",
    "tax": "tax_id",
    "regnumber": "registration",
}
UNKNOWN_COUNTRY = "00"


def _attr(elem: ET.Element, key: str) -> str:
    return clean(elem.get(key))


class EuFsfXml(XmlListFormat):
    name = "eu_xml"
    description = "EU Financial Sanctions Files (XML)"
    roots = ROOTS
    record_tags = ("sanctionEntity",)
    markers = (b"<export", b"fsd/export")

    def header(self, path: Path) -> ListHeader:
        value = root_element(path, ROOTS).get("generationDate", "")
        return ListHeader("eu", timestamp(value, path, "generationDate"))

    def entry(self, elem: ET.Element, path: Path) -> ListEntry:
        return _entry(elem, path)


def _entry(elem: ET.Element, path: Path) -> ListEntry:
    ref = _attr(elem, "euReferenceNumber") or _attr(elem, "logicalId")
    subject = next(iter(children(elem, "subjectType")), None)
    kind = _attr(subject, "code") if subject is not None else ""
    if not ref:
        raise InputError("sanctionEntity without euReferenceNumber or logicalId", source=path)
    aliases = children(elem, "nameAlias")
    un_ref = _attr(elem, "unitedNationId")
    regulations = children(elem, "regulation")
    return ListEntry(
        list_name="eu",
        source_id=ref,
        schema=SCHEMAS.get(kind, EntitySchema.OTHER),
        names=_names(aliases, kind == "person"),
        birth_dates=tuple(
            dict.fromkeys(d for d in map(_birth_date, children(elem, "birthdate")) if d)
        ),
        birth_places=unique(
            [
                _place(b, ("city", "region", "place", "countryDescription"))
                for b in children(elem, "birthdate")
            ]
        ),
        nationalities=unique([_country(c) for c in children(elem, "citizenship")]),
        identifiers=tuple(
            _identifier(i) for i in children(elem, "identification") if _attr(i, "number")
        ),
        addresses=unique(
            [
                _place(
                    a,
                    ("street", "poBox", "city", "zipCode", "region", "place", "countryDescription"),
                )
                for a in children(elem, "address")
            ]
        ),
        programmes=unique(
            [f"EU {_attr(r, 'programme')}" for r in regulations if _attr(r, "programme")]
            + [PREFIX_PROGRAMMES.get(un_ref[:2], "")]
        ),
        titles=unique([_attr(a, "title") for a in aliases]),
        listed_on=_listed_on(regulations),
        gender={"M": "male", "F": "female"}.get(
            next((_attr(a, "gender") for a in aliases if _attr(a, "gender")), "")
        ),
        remarks=" ".join(t.text.strip() for t in children(elem, "remark") if t.text) or None,
        raw=fragment(elem),
    )


def _names(aliases: list[ET.Element], person: bool) -> tuple[EntryName, ...]:
    found: list[EntryName | None] = []
    for alias in aliases:
        strong = _attr(alias, "strong").lower() != "false"
        quality = NameQuality.STRONG if strong else NameQuality.WEAK
        if strong and not any(n and n.quality is NameQuality.PRIMARY for n in found):
            quality = NameQuality.PRIMARY
        tags = (("firstName", "given"), ("middleName", "middle"), ("lastName", "family"))
        parts = tuple(NamePart(t, v) for k, t in tags if (v := _attr(alias, k))) if person else ()
        lang = _attr(alias, "nameLanguage").lower() or None
        found.append(name(_attr(alias, "wholeName"), quality, parts, lang))
    return unique_names(found)


def _birth_date(elem: ET.Element) -> DateInterval | None:
    low, high = _attr(elem, "yearRangeFrom"), _attr(elem, "yearRangeTo")
    if low and high:
        found = dates.parse_date(f"between {low} and {high}")
    elif _attr(elem, "birthdate"):
        found = dates.parse_date(_attr(elem, "birthdate"))
    elif _attr(elem, "year").isdigit():
        month, day = _attr(elem, "monthOfYear"), _attr(elem, "dayOfMonth")
        found = dates.parse_date(
            "-".join(p.zfill(2) for p in (_attr(elem, "year"), month, day) if p)
        )
    else:
        return None
    if found is not None and _attr(elem, "circa").lower() == "true":
        return dates.widen(found, text=f"circa {found.text}")
    return found


def _country(elem: ET.Element) -> str:
    code = _attr(elem, "countryIso2Code")
    if code and code != UNKNOWN_COUNTRY:
        return code.lower()
    return country_code(_attr(elem, "countryDescription"))


def _place(elem: ET.Element, keys: tuple[str, ...]) -> str:
    values = [_attr(elem, k) for k in keys]
    return ", ".join(v for v in values if v and v != "UNKNOWN")


def _identifier(elem: ET.Element) -> Identifier:
    description = _attr(elem, "identificationTypeDescription")
    kind = ID_KINDS.get(_attr(elem, "identificationTypeCode").lower(), "other")
    if "tazkira" in description.lower():
        kind = "tazkira"
    return Identifier(kind, _attr(elem, "number"), _country(elem) or None, description or None)


def _listed_on(regulations: list[ET.Element]) -> date | None:
    days = sorted(_attr(r, "publicationDate") for r in regulations if _attr(r, "publicationDate"))
    try:
        return date.fromisoformat(days[0][:10]) if days else None
    except ValueError:
        return None


register(EuFsfXml())
