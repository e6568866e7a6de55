"""OFAC's free-text ``Remarks``: the dates, places, identifiers and weak aliases hidden in them.

Remarks are ``;``-separated clauses such as ``DOB 10 Dec 1948``, ``POB Kandahar, Afghanistan``,
``Passport 1084010 (Egypt)``, ``Tazkira National ID Card 932995 (Afghanistan)``,
``nationality Syria`` or ``a.k.a. 'BNC'`` (a weak alias). Clause kinds are a table, not a chain.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from aidtrace.watchlists.formats import dates
from aidtrace.watchlists.formats.normal import country_code
from aidtrace.watchlists.model import DateInterval, Identifier

# Identifier clause prefix → Identifier.kind (longest prefixes first when matching).
ID_KINDS = {
    "Tazkira National ID Card": "tazkira",
    "Passport": "passport",
    "National ID No.": "national_id",
    "Cedula No.": "national_id",
    "D.N.I.": "national_id",
    "C.U.R.P.": "national_id",
    "SSN": "national_id",
    "Identification Number": "other",
    "Tax ID No.": "tax_id",
    "NIT #": "tax_id",
    "R.F.C.": "tax_id",
    "V.A.T. Number": "tax_id",
    "Registration Number": "registration",
    "Registration ID": "registration",
    "Company Number": "registration",
    "Business Registration Number": "registration",
    "Vessel Registration Identification IMO": "imo",
    "Driver's License No.": "other",
}
# One alternation, longest prefix first, instead of trying each prefix in turn.
_ID_PREFIX = re.compile(
    "^(" + "|".join(re.escape(p) for p in sorted(ID_KINDS, key=len, reverse=True)) + ") "
)
_ID_BODY = re.compile(r"^(?P<number>[^()]+?)\s*(?:\((?P<country>[^)]+)\)\s*(?P<note>.*))?$")
_ALIAS = re.compile(r"^(?:a\.k\.a\.|f\.k\.a\.|n\.k\.a\.)\s+'(.+)'$")
_SPLIT = re.compile(r";\s+")


@dataclass
class Remarks:
    """What the remarks of one entry yielded."""

    birth_dates: list[DateInterval] = field(default_factory=list)
    birth_places: list[str] = field(default_factory=list)
    nationalities: list[str] = field(default_factory=list)
    identifiers: list[Identifier] = field(default_factory=list)
    weak_aliases: list[str] = field(default_factory=list)
    gender: str | None = None


def _clauses(text: str) -> list[str]:
    return [c.strip().rstrip(".").strip() for c in _SPLIT.split(text.strip()) if c.strip()]


def _identifier(clause: str) -> Identifier | None:
    prefix = _ID_PREFIX.match(clause)
    if prefix is None:
        return None
    m = _ID_BODY.match(clause[prefix.end() :])
    if m is None or not m["number"].strip():
        return None
    country = country_code(m["country"]) if m["country"] else None
    return Identifier(ID_KINDS[prefix[1]], m["number"].strip(), country, m["note"] or None)


def _apply(found: Remarks, clause: str) -> None:
    alias = _ALIAS.match(clause)
    if alias:
        found.weak_aliases.append(alias[1])
        return
    head, _, rest = clause.partition(" ")
    if head == "DOB":
        interval = dates.parse_date(rest)
        if interval is not None:
            found.birth_dates.append(interval)
    elif head == "POB":
        found.birth_places.append(rest)
    elif head in ("nationality", "citizen"):
        found.nationalities.append(country_code(rest))
    elif head == "Gender":
        found.gender = rest
    else:
        ident = _identifier(clause)
        if ident is not None:
            found.identifiers.append(ident)


def parse_remarks(text: str) -> Remarks:
    """Every clause of an entry's remarks that aidtrace understands; the rest stays as text."""
    found = Remarks()
    for clause in _clauses(text):
        _apply(found, clause.removeprefix("alt. "))
    return found
