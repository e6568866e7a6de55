"""Dates of birth as intervals, from every wording the lists use.

Lists rarely give one day: "1958", "approximately 1960", "between 1955 and 1958", "dd/mm/1945",
"circa 1971", "Jan 1960". Each wording becomes the closed interval of days it allows, keeping the
source's own text for evidence. An approximate date is widened by ``APPROX_YEARS`` on each side,
because "approximately 1960" on a list is routinely a guess within a year or so.
"""

from __future__ import annotations

import calendar
import re
from collections.abc import Callable
from datetime import date

from aidtrace.watchlists.model import DateInterval

APPROX_YEARS = 1
MIN_YEAR, MAX_YEAR = 1800, 2100

MONTHS = {name.lower(): i for i, name in enumerate(calendar.month_abbr) if name}
MONTHS.update({name.lower(): i for i, name in enumerate(calendar.month_name) if name})

_APPROX = re.compile(r"^(?:approx(?:imately|\.)?|circa|ca\.?|c\.|about|around)\s+", re.I)
_RANGE = re.compile(r"^(?:between\s+)?(.+?)\s*(?:\band\b|\bto\b|-|–)\s*(.+)$", re.I)
_ISO = re.compile(r"^(\d{4})(?:-(\d{1,2})(?:-(\d{1,2}))?)?(?:T.*)?$")
_DMY = re.compile(r"^(\d{1,2}|dd|00)[/.](\d{1,2}|mm|00)[/.](\d{4})$", re.I)
_MY = re.compile(r"^(\d{1,2}|mm|00)[/.](\d{4})$", re.I)
_WORDY = re.compile(r"^(?:(\d{1,2})\s+)?([A-Za-z]{3,9})\.?,?\s+(\d{4})$")


def span(
    year: int, month: int | None = None, day: int | None = None, text: str = ""
) -> DateInterval:
    """The interval a possibly partial date covers: a year, a month or one day."""
    if not MIN_YEAR <= year <= MAX_YEAR:
        raise ValueError(f"year {year} out of range")
    if month is None:
        return DateInterval(date(year, 1, 1), date(year, 12, 31), text)
    if day is None:
        last = calendar.monthrange(year, month)[1]
        return DateInterval(date(year, month, 1), date(year, month, last), text)
    one = date(year, month, day)
    return DateInterval(one, one, text)


def between(low: DateInterval, high: DateInterval, text: str = "") -> DateInterval:
    start, end = min(low.start, high.start), max(low.end, high.end)
    return DateInterval(start, end, text)


def widen(interval: DateInterval, years: int = APPROX_YEARS, text: str = "") -> DateInterval:
    """An approximate date: the interval grown by ``years`` on each side."""
    start = interval.start.replace(year=interval.start.year - years, month=1, day=1)
    end = interval.end.replace(year=interval.end.year + years, month=12, day=31)
    return DateInterval(start, end, text or interval.text)


def _part(value: str | None) -> int | None:
    # "dd", "mm" and "00" all mean "not known" in the lists' partial dates.
    if value is None or not value.isdigit() or int(value) == 0:
        return None
    return int(value)


def _iso(m: re.Match[str]) -> tuple[int, int | None, int | None]:
    return int(m[1]), _part(m[2]), _part(m[3])


def _dmy(m: re.Match[str]) -> tuple[int, int | None, int | None]:
    month = _part(m[2])
    return int(m[3]), month, _part(m[1]) if month else None


def _my(m: re.Match[str]) -> tuple[int, int | None, int | None]:
    return int(m[2]), _part(m[1]), None


def _wordy(m: re.Match[str]) -> tuple[int, int | None, int | None]:
    month = MONTHS.get(m[2].lower())
    if month is None:
        raise ValueError(f"unknown month {m[2]!r}")
    return int(m[3]), month, _part(m[1])


_SINGLE: tuple[
    tuple[re.Pattern[str], Callable[[re.Match[str]], tuple[int, int | None, int | None]]], ...
] = (
    (_ISO, _iso),
    (_DMY, _dmy),
    (_MY, _my),
    (_WORDY, _wordy),
)


def _single(text: str) -> DateInterval | None:
    for pattern, fields in _SINGLE:
        m = pattern.match(text)
        if m:
            try:
                return span(*fields(m), text=text)
            except ValueError:
                return None
    return None


def parse_date(text: str) -> DateInterval | None:
    """The interval a list's date wording allows, or ``None`` when it is not a date at all."""
    raw = " ".join(text.split())
    cleaned = raw.strip(" .;,")
    if not cleaned:
        return None
    approx = _APPROX.match(cleaned)
    if approx:
        inner = parse_date(cleaned[approx.end() :])
        return widen(inner, text=raw) if inner else None
    found = _single(cleaned)
    if found is not None:
        return DateInterval(found.start, found.end, raw)
    ranged = _RANGE.match(cleaned)
    if ranged:
        low, high = _single(ranged[1].strip()), _single(ranged[2].strip())
        if low and high:
            return between(low, high, raw)
    return None
