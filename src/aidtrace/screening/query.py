"""What is screened: a name with whatever else is known about the party.

A query typed by a person (the CLI, the web search box, a CSV of names) is read through
``read_query``, which refuses what would make a screen silently meaningless: a name with nothing
in it to compare reads "no match" as if it were a clear, and an impossible or future birth date
or an unknown nationality conflicts with every listed one, pushing a true hit under the threshold.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from datetime import date, timedelta
from functools import lru_cache

from rigour.territories import lookup_territory

from aidtrace.errors import InputError
from aidtrace.lists.model import DateInterval
from aidtrace.names.analyze import analyse

# Letters and digits of any script; modifier letters (ʰ, ـ) alone carry no name.
_NAME_CATEGORIES = frozenset(("Lu", "Ll", "Lt", "Lo", "Nd", "Nl", "No"))
# Longer than any name on the lists: pasted text, not a name, and the scorer's work grows with it.
MAX_NAME = 500
# No one screened today was born before this year: an earlier one is a typing slip.
EARLIEST_BIRTH_YEAR = 1900
_DATE = re.compile(r"(\d{4})(?:[-/.](\d{1,2})(?:[-/.](\d{1,2}))?)?")


@dataclass(frozen=True)
class Query:
    """One party to screen. ``subject`` identifies it in alerts and decisions (a party id, a
    beneficiary's keyed pseudonym); ``organisation`` is None when unknown."""

    name: str
    subject: str = ""
    birth_date: DateInterval | None = None
    nationality: str | None = None
    identifiers: tuple[str, ...] = ()
    organisation: bool | None = None


def read_query(
    name: str,
    today: date,
    *,
    subject: str = "",
    birth_date: str | None = None,
    nationality: str | None = None,
) -> Query:
    """A query from what a person typed, or ``InputError`` saying what cannot be screened."""
    text = screenable_name(name)
    birth = read_birth_date(birth_date, today) if birth_date else None
    country = read_nationality(nationality) if nationality else None
    return Query(text, subject or text, birth, country)


def screenable_name(name: str) -> str:
    """``name`` with its spaces collapsed, if it holds a letter or digit the scorer can use."""
    text = " ".join(name.split())
    if not _is_text(text):  # a terminal in another encoding: Python keeps the bad bytes as such
        raise InputError(f"{name!r} is not UTF-8 text (is the terminal set to UTF-8?)")
    if len(text) > MAX_NAME:
        raise InputError(f"a name of {len(text):,} characters is not a name (at most {MAX_NAME})")
    if not any(map(_name_character, text)):
        raise InputError(f"nothing to screen in {name!r} (no letter or digit)")
    return text


def _is_text(text: str) -> bool:
    try:
        text.encode()
    except UnicodeEncodeError:  # lone surrogates, which stand for undecodable bytes
        return False
    return True


@lru_cache(maxsize=65_536)  # a name's characters recur across a whole file of names
def _name_character(char: str) -> bool:
    """A letter or digit the name analysis keeps (it drops some: a lone hard sign, a hamza)."""
    return unicodedata.category(char) in _NAME_CATEGORIES and bool(analyse(char).tokens)


@lru_cache(maxsize=65_536)  # a file of a million people holds a few tens of thousands of dates
def read_birth_date(text: str, today: date) -> DateInterval:
    """``1958``, ``1958-05``, ``1958-05-12`` or ``1955..1958``, refusing any date that cannot
    be a living person's birth date (no such day, before 1900, after ``today``)."""
    low, dots, high = text.strip().partition("..")
    first = _date_part(low, text, today)
    last = _date_part(high, text, today) if dots else first
    if last.end < first.start:
        raise InputError(f"birth date {text!r}: the range ends before it starts")
    return DateInterval(first.start, last.end, text.strip())


def _date_part(part: str, text: str, today: date) -> DateInterval:
    match = _DATE.fullmatch(part.strip())
    if match is None:
        raise InputError(f"birth date {text!r}: expected YYYY, YYYY-MM or YYYY-MM-DD")
    year, month, day = (int(g) if g else None for g in match.groups())
    assert year is not None  # the pattern requires it
    if year < EARLIEST_BIRTH_YEAR:
        raise InputError(f"birth date {text!r}: before {EARLIEST_BIRTH_YEAR}")
    try:
        start, end = _interval(year, month, day)
    except ValueError as exc:  # month 13, 30 February, day 45
        raise InputError(f"birth date {text!r}: no such date ({exc})") from None
    if start > today:
        raise InputError(f"birth date {text!r}: in the future")
    return DateInterval(start, end, part)


def _interval(year: int, month: int | None, day: int | None) -> tuple[date, date]:
    if month is None:
        return date(year, 1, 1), date(year, 12, 31)
    if day is None:
        first = date(year, month, 1)  # refuses month 0 or 13 before the next month is sought
        following = date(year + month // 12, month % 12 + 1, 1)
        return first, following - timedelta(days=1)
    exact = date(year, month, day)
    return exact, exact


@lru_cache(maxsize=4096)  # a few dozen countries, each looked up in ~0.3 ms
def read_nationality(text: str) -> str:
    """A country the screen can compare: a name, demonym or ISO code ("Afghan", "AF")."""
    if lookup_territory(text.strip()) is None:
        raise InputError(f"nationality {text!r}: not a country name or ISO code")
    return text.strip()
