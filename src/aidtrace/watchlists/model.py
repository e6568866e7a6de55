"""The normalised watchlist entry every list parser yields and every matcher reads.

One ``ListEntry`` per listed party, whatever the source format. Dates of birth are intervals
because lists say "1958", "approximately 1960", "between 1955 and 1958" or "dd/mm/1945".
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from enum import StrEnum


class EntitySchema(StrEnum):
    PERSON = "Person"
    ORGANIZATION = "Organization"
    VESSEL = "Vessel"
    AIRCRAFT = "Airplane"
    OTHER = "LegalEntity"


class NameQuality(StrEnum):
    """How much a name should count when it matches."""

    PRIMARY = "primary"  # the name the list designates the party by
    STRONG = "strong"  # a good-quality alias (UN "Good", UK "Primary name variation", OFAC a.k.a.)
    WEAK = "weak"  # a low-quality alias (UN "Low", OFAC "weak a.k.a.")
    ORIGINAL_SCRIPT = "original_script"  # the name in its own (e.g. Perso-Arabic) script


@dataclass(frozen=True)
class NamePart:
    """A labelled part of a name: ``tag`` is given, father, grandfather, family, title…"""

    tag: str
    value: str


@dataclass(frozen=True)
class EntryName:
    full: str
    quality: NameQuality
    script: str = "Latin"  # ISO 15924 name of the dominant script, e.g. "Latin", "Arabic"
    parts: tuple[NamePart, ...] = ()
    lang: str | None = None


@dataclass(frozen=True)
class DateInterval:
    """A closed interval of possible dates; an exact date has ``start == end``."""

    start: date
    end: date
    text: str = ""  # the source's own wording, for evidence

    @property
    def exact(self) -> bool:
        return self.start == self.end


@dataclass(frozen=True)
class Identifier:
    kind: str  # passport, national_id, tazkira, tax_id, imo, registration, other
    number: str
    country: str | None = None
    note: str | None = None


@dataclass(frozen=True)
class ListEntry:
    """One listed party as one normalised record."""

    list_name: str  # un, ofac_sdn, ofac_cons, eu, uk, opensanctions
    source_id: str  # the list's own reference (UN "TAi.002", OFAC ent_num, …)
    schema: EntitySchema
    names: tuple[EntryName, ...]
    birth_dates: tuple[DateInterval, ...] = ()
    birth_places: tuple[str, ...] = ()
    nationalities: tuple[str, ...] = ()  # ISO 3166 alpha-2 where known, else the list's words
    identifiers: tuple[Identifier, ...] = ()
    addresses: tuple[str, ...] = ()
    programmes: tuple[str, ...] = ()  # e.g. "UN 1988 Taliban", "UN 1267 ISIL/Al-Qaida", "SDGT"
    titles: tuple[str, ...] = ()
    listed_on: date | None = None
    gender: str | None = None
    remarks: str | None = None
    raw: str = field(default="", repr=False)  # the source fragment, verbatim, for evidence

    @property
    def primary_name(self) -> str:
        for name in self.names:
            if name.quality is NameQuality.PRIMARY:
                return name.full
        return self.names[0].full if self.names else self.source_id
