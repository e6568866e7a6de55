"""The Solar Hijri calendar (Hijri-e Shamsi), as Afghan and Iranian offices date their papers.

A Solar Hijri year starts at Nowruz, the March equinox (20 or 21 March); months 1–6 have 31
days, months 7–11 have 30, and month 12 has 29, or 30 in a leap year. Which years are leap
follows the equinox, not a fixed rule; the leap years come from Borkowski's break years
(K. M. Borkowski, "The Persian calendar for 3000 years", Earth, Moon and Planets 74, 1996), the
method of the widely used ``jalaali`` libraries, which agrees with the astronomical calendar
for the years 1–3177. Examples: 1 Hamal (Farvardin) 1403 is 20 March 2024; 24 Asad (Mordad)
1400 is 15 August 2021.
"""

from __future__ import annotations

from datetime import date, timedelta

# Years (Solar Hijri) at which the 33-year leap pattern shifts.
_BREAKS: tuple[int, ...] = (
    -61,
    9,
    38,
    199,
    426,
    686,
    756,
    818,
    1111,
    1181,
    1210,
    1635,
    2060,
    2097,
    2192,
    2262,
)
_BREAKS += (2324, 2394, 2456, 3178)
FIRST_YEAR, LAST_YEAR = 1, _BREAKS[-1] - 1
# Days before the first day of each month (1-based index; month 7 starts after 6 × 31 days).
_MONTH_STARTS = (0, 0, 31, 62, 93, 124, 155, 186, 216, 246, 276, 306, 336)


def _div(a: int, b: int) -> int:
    """Integer division truncating towards zero, as the published algorithm is written."""
    return int(a / b)


def _mod(a: int, b: int) -> int:
    return a - _div(a, b) * b


def _year(sh_year: int) -> tuple[bool, date]:
    """Whether ``sh_year`` is leap, and the Gregorian date of its first day (Nowruz)."""
    if not FIRST_YEAR <= sh_year <= LAST_YEAR:
        raise ValueError(f"Solar Hijri year {sh_year} is outside {FIRST_YEAR}–{LAST_YEAR}")
    gregorian = sh_year + 621
    leaps, start, jump = -14, _BREAKS[0], 0
    for end in _BREAKS[1:]:
        jump = end - start
        if sh_year < end:
            break
        leaps += _div(jump, 33) * 8 + _div(_mod(jump, 33), 4)
        start = end
    n = sh_year - start
    leaps += _div(n, 33) * 8 + _div(_mod(n, 33) + 3, 4)
    if _mod(jump, 33) == 4 and jump - n == 4:
        leaps += 1
    gregorian_leaps = _div(gregorian, 4) - _div((_div(gregorian, 100) + 1) * 3, 4) - 150
    march = 20 + leaps - gregorian_leaps
    if jump - n < 6:
        n = n - jump + _div(jump + 4, 33) * 33
    leap = _mod(_mod(n + 1, 33) - 1, 4)
    return leap == 0, date(gregorian, 3, march)


def is_leap(sh_year: int) -> bool:
    return _year(sh_year)[0]


def month_days(sh_year: int, month: int) -> int:
    """How many days ``month`` (1–12) of ``sh_year`` has."""
    if month <= 6:
        return 31
    if month <= 11:
        return 30
    return 30 if is_leap(sh_year) else 29


def to_gregorian(sh_year: int, month: int, day: int) -> date:
    """The Gregorian date of a Solar Hijri date; ``ValueError`` if no such day exists."""
    if not 1 <= month <= 12 or not 1 <= day <= month_days(sh_year, month):
        raise ValueError(f"{sh_year}/{month:02d}/{day:02d} is not a Solar Hijri date")
    return _year(sh_year)[1] + timedelta(days=_MONTH_STARTS[month] + day - 1)


def from_gregorian(day: date) -> tuple[int, int, int]:
    """(year, month, day) in the Solar Hijri calendar of a Gregorian date."""
    year = day.year - 621
    nowruz = _year(year)[1]
    if day < nowruz:
        year -= 1
        nowruz = _year(year)[1]
    into = (day - nowruz).days
    if into < 186:
        return year, into // 31 + 1, into % 31 + 1
    into -= 186
    return year, into // 30 + 7, into % 30 + 1
