"""The evidence beside the name: date of birth, nationality, gender, identifiers.

Each comparison says agree, consistent, conflict or unknown, with the values it compared, so the
explanation can show the officer why a score went up or down.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from enum import StrEnum

from rigour.territories import lookup_territory

from aidtrace.errors import InputError
from aidtrace.screening.query import Query, read_birth_date
from aidtrace.watchlists.model import DateInterval, Identifier, ListEntry

NEAR_DAYS = 366  # a year apart still fits "approximately 1968" and clerical slips


class Agreement(StrEnum):
    EXACT = "exact"  # same day, or same number
    CONSISTENT = "consistent"  # intervals overlap or lie within a year
    CONFLICT = "conflict"  # clearly different
    UNKNOWN = "unknown"  # one side does not say

    @property
    def support(self) -> float:
        """How much this agreement corroborates identity, 0..1 (0.5 = says nothing)."""
        return {"exact": 1.0, "consistent": 0.75, "conflict": 0.0, "unknown": 0.5}[self.value]


@dataclass(frozen=True)
class Check:
    agreement: Agreement
    query: str = ""
    listed: str = ""


def parse_birth_date(text: str, today: date | None = None) -> DateInterval | None:
    """A birth date read as the command line reads one (``query.read_birth_date``: ``1960``,
    ``1960-05``, ``~1960``, ``1960/1962`` and ``between 1960 and 1962`` as ranges, ``1339 SH``…),
    or None where it cannot be a living person's (no such day, before 1900, after ``today``,
    day and month that could be read either way): a record's unreadable date says nothing,
    rather than stopping the batch or being read as a nearby date it may not be."""
    try:
        return read_birth_date(text, today or date.today())
    except InputError:
        return None


def compare_birth(query: DateInterval | None, listed: Sequence[DateInterval]) -> Check:
    """The best agreement between the query's birth date and any the list gives."""
    if query is None or not listed:
        return Check(Agreement.UNKNOWN)
    best = Check(Agreement.CONFLICT, query.text, "; ".join(d.text or str(d.start) for d in listed))
    for interval in listed:
        label = interval.text or str(interval.start)
        if query.exact and interval.exact and query.start == interval.start:
            return Check(Agreement.EXACT, query.text, label)
        gap = max(interval.start.toordinal() - query.end.toordinal(),
                  query.start.toordinal() - interval.end.toordinal())  # fmt: skip
        if gap <= NEAR_DAYS:
            best = Check(Agreement.CONSISTENT, query.text, label)
    return best


def compare_nationality(query: str | None, listed: Sequence[str]) -> Check:
    if not query or not listed:
        return Check(Agreement.UNKNOWN)
    wanted = country_of(query)
    known = [country_of(n) for n in listed]
    agreement = Agreement.EXACT if wanted in known else Agreement.CONFLICT
    return Check(agreement, query, ", ".join(listed))


def compare_gender(query: str | None, listed: str | None) -> Check:
    """Male or female on both sides, agreeing or not; anything else says nothing."""
    ours, theirs = _gender(query), _gender(listed)
    if ours is None or theirs is None:
        return Check(Agreement.UNKNOWN)
    agreement = Agreement.EXACT if ours == theirs else Agreement.CONFLICT
    return Check(agreement, query or "", listed or "")


def _gender(text: str | None) -> str | None:
    word = (text or "").strip().lower()
    return {"m": "male", "male": "male", "f": "female", "female": "female"}.get(word)


def compare_identifiers(query: Sequence[str], listed: Sequence[Identifier]) -> Check:
    """An identifier number in common is the strongest evidence there is."""
    if not query or not listed:
        return Check(Agreement.UNKNOWN)
    ours = {id_key(q) for q in query}
    for ident in listed:
        if id_key(ident.number) in ours:
            return Check(Agreement.EXACT, ident.number, f"{ident.kind} {ident.number}")
    return Check(Agreement.UNKNOWN)  # a different document number is no proof of a different person


def country_of(text: str) -> str:
    """ISO code when rigour knows the country or demonym ("Afghan", "Afghanistan" -> "af")."""
    territory = lookup_territory(text.strip())
    return territory.code if territory is not None else text.strip().lower()


NOT_HELD = "not on the list"  # the query gave it; the entry holds none to compare with
NOT_AMONG = "not among the entry's"  # a document number the entry does not hold among its own


def uncompared(query: Query, entry: ListEntry) -> list[tuple[str, str]]:
    """What the query gave beside the name that counted for nothing, as (field, why): a birth
    date, nationality or gender the entry does not give (``NOT_HELD``), a document number when
    the entry holds none or only others (``NOT_AMONG``: a different number is no proof of a
    different person). So a reader can tell evidence that was given and weighed nothing from
    evidence never given."""
    found = []
    if query.birth_date is not None and not entry.birth_dates:
        found.append(("birth_date", NOT_HELD))
    if query.nationality and not entry.nationalities:
        found.append(("nationality", NOT_HELD))
    if query.gender and _gender(entry.gender) is None:
        found.append(("gender", NOT_HELD))
    if query.identifiers:
        if not entry.identifiers:
            found.append(("identifiers", NOT_HELD))
        elif (
            compare_identifiers(query.identifiers, entry.identifiers).agreement
            is not Agreement.EXACT
        ):
            found.append(("identifiers", NOT_AMONG))
    return found


def id_key(number: str) -> str:
    """A document number as compared: letters and digits only, in lower case."""
    return re.sub(r"[^0-9a-z]", "", number.lower())
