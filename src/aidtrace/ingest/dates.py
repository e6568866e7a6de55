"""Dates as partners write them, read one column at a time.

A date column may hold ISO dates (``2014-03-19``), day and month in either order
(``19/03/2014``, ``03/19/2014``, ``19.3.2014``, ``19-03-2014``), month names (``Mar/19/2014``,
``19 March 2014``, ``19-Mar-2014``, ``March 19, 2014``), Excel day numbers (``41717``),
Solar Hijri dates (``1402/12/29``, ``29/12/1402``, ``29 Hut 1402``) and any of them in
Eastern Arabic or Persian digits (``۱۴۰۲/۱۲/۲۹``). A time after the date (``3/19/2014 0:00``)
is ignored.

The calendar is told by the year: 1800–2200 is Gregorian, 1300–1420 Solar Hijri (1921–2042);
any other year is refused rather than guessed (a lunar Hijri year such as 1445 is not read).

Whether ``03/04/2014`` is 3 April or 4 March is decided **once for the whole column**, never cell
by cell: a column in which some date has a first number above 12 (``19/03/2014``) is read
day-first, one in which some date has a second number above 12 is read month-first, a column
holding both is refused, and a column in which no date decides is marked ``undecided``: a table
reader gives it the order the file's other date columns show, if they agree, and otherwise
refuses it until its order is given (:class:`DateOrder`). A row is never read with day and month
swapped.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import date, timedelta
from enum import StrEnum

import polars as pl

from aidtrace.ingest import solar_hijri
from aidtrace.ingest.numbers import ascii_digits


class DateOrder(StrEnum):
    """The order of day, month and year in a column's all-number dates."""

    DMY = "DMY"  # 19/03/2014
    MDY = "MDY"  # 03/19/2014
    YMD = "YMD"  # 2014/03/19 (year-first dates are always read this way)


class Form(StrEnum):
    YEAR_FIRST = "year first"
    YEAR_LAST = "year last"  # day and month in an order the column decides
    SERIAL = "Excel day number"


@dataclass(frozen=True)
class Cell:
    """One written date taken apart: its form and its three numbers (or a serial)."""

    text: str
    form: Form
    first: int
    second: int
    year: int
    calendar: str = ""  # "gregorian" or "solar" when a month name says which; else the year


GREGORIAN_YEARS = range(1800, 2201)
SOLAR_HIJRI_YEARS = range(1300, 1421)
_EXCEL_EPOCH = date(1899, 12, 30)  # day 0 of Excel's 1900 date system (after its 1900 leap bug)

# English month names (not the locale's: a file means the same on every machine).
_MONTH_NAMES = [
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
]
_MONTHS = {name.lower()[:n]: i for i, name in enumerate(_MONTH_NAMES, 1) for n in (3, None)}
_MONTHS["sept"] = 9
# Afghan (Dari) and Iranian month names of the Solar Hijri year, in Latin and Arabic script.
_SOLAR_MONTHS = {
    name: i
    for names in (
        "hamal sawr jawza saratan asad sunbula mizan aqrab qaws jadi dalw hut",
        "farvardin ordibehesht khordad tir mordad shahrivar mehr aban azar dey bahman esfand",
        "حمل ثور جوزا سرطان اسد سنبله میزان عقرب قوس جدی دلو حوت",
        "فروردین اردیبهشت خرداد تیر مرداد شهریور مهر آبان آذر دی بهمن اسفند",
    )
    for i, name in enumerate(names.split(), 1)
} | {"saur": 2, "sunbul": 6, "sonbola": 6, "jauza": 3, "dalv": 11}

_SEP = r"[-/.]"
_TIME = r"(?:[ T]\d{1,2}:\d{2}(?::\d{2}(?:\.\d+)?)?(?: ?[AaPp][Mm])?)?"
_YEAR_FIRST = re.compile(rf"(\d{{4}}){_SEP}(\d{{1,2}}){_SEP}(\d{{1,2}}){_TIME}")
_YEAR_LAST = re.compile(rf"(\d{{1,2}}){_SEP}(\d{{1,2}}){_SEP}(\d{{4}}){_TIME}")
_SERIAL = re.compile(r"(\d{5})(?:\.\d+)?")
_WORD = r"([^\W\d_]+)\.?"
_NAMED_MDY = re.compile(rf"{_WORD}[ /-](\d{{1,2}})(?:st|nd|rd|th)?,?[ /-]+(\d{{4}}){_TIME}")
_NAMED_DMY = re.compile(rf"(\d{{1,2}})(?:st|nd|rd|th)?[ /-]{_WORD},?[ /-]+(\d{{4}}){_TIME}")
_NAMED_YMD = re.compile(rf"(\d{{4}})[ /-]{_WORD}[ /-](\d{{1,2}}){_TIME}")


def take_apart(text: str) -> Cell | None:
    """The form and numbers of a written date, or ``None`` if it has no date's shape."""
    plain = " ".join(ascii_digits(text).split())
    if m := _YEAR_FIRST.fullmatch(plain):
        return Cell(text, Form.YEAR_FIRST, int(m[2]), int(m[3]), int(m[1]))
    if m := _YEAR_LAST.fullmatch(plain):
        return Cell(text, Form.YEAR_LAST, int(m[1]), int(m[2]), int(m[3]))
    if m := _SERIAL.fullmatch(plain):
        return Cell(text, Form.SERIAL, int(m[1]), 0, 0)
    return _named(text, plain)


def _named(text: str, plain: str) -> Cell | None:
    """A date with its month written as a word: always unambiguous."""
    found: tuple[str, str, str] | None = None
    if m := _NAMED_MDY.fullmatch(plain):
        found = (m[1], m[2], m[3])
    elif m := _NAMED_DMY.fullmatch(plain):
        found = (m[2], m[1], m[3])
    elif m := _NAMED_YMD.fullmatch(plain):
        found = (m[2], m[3], m[1])
    if found is None:
        return None
    word, day, year = found
    key = word.lower()
    if key in _MONTHS:
        return Cell(text, Form.YEAR_FIRST, _MONTHS[key], int(day), int(year), "gregorian")
    if key in _SOLAR_MONTHS:
        return Cell(text, Form.YEAR_FIRST, _SOLAR_MONTHS[key], int(day), int(year), "solar")
    return None


def to_date(cell: Cell, order: DateOrder | None) -> date | None:
    """The date ``cell`` denotes when the column's order is ``order``; ``None`` if none."""
    if cell.form is Form.SERIAL:
        return _EXCEL_EPOCH + timedelta(days=cell.first)
    if cell.form is Form.YEAR_FIRST:
        month, day = cell.first, cell.second
    elif order is DateOrder.DMY or (order is None and cell.first == cell.second):
        day, month = cell.first, cell.second
    elif order is DateOrder.MDY:
        month, day = cell.first, cell.second
    else:
        return None
    return _calendar_date(cell.year, month, day, cell.calendar)


def _calendar_date(year: int, month: int, day: int, calendar: str) -> date | None:
    """The date, if the year lies in its calendar's range (and a month name agrees)."""
    try:
        if year in SOLAR_HIJRI_YEARS and calendar != "gregorian":
            return solar_hijri.to_gregorian(year, month, day)
        if year in GREGORIAN_YEARS and calendar != "solar":
            return date(year, month, day)
    except ValueError:
        return None
    return None


@dataclass(frozen=True)
class DateColumn:
    """A column read as dates: the values (null where unreadable), the day/month order the
    column was read with, and why the whole column is refused, if it is."""

    values: pl.Series
    order: DateOrder | None
    problem: str | None = None
    undecided: bool = False  # refused only for want of an order another column may decide


def read_dates(raw: pl.Series, order: DateOrder | None = None) -> DateColumn:
    """Read a column of written dates; the day/month order is ``order`` or decided from the
    whole column (see the module's docstring)."""
    texts = sorted(str(t) for t in raw.drop_nulls().unique().to_list())
    cells = {t: c for t in texts if (c := take_apart(t)) is not None}
    problem = None
    if order is None:
        order, problem = decide_order(cells.values())
    if problem is not None:
        nothing = pl.Series(raw.name, [None] * raw.len(), dtype=pl.Date)
        return DateColumn(nothing, None, problem, undecided=problem.startswith(UNDECIDED))
    parsed: Mapping[str, date | None] = {t: to_date(c, order) for t, c in cells.items()}
    values = raw.replace_strict(parsed, default=None, return_dtype=pl.Date)
    return DateColumn(values, order)


def decide_order(cells: Iterable[Cell]) -> tuple[DateOrder | None, str | None]:
    """The day/month order the column's all-number dates show, or why none can be chosen."""
    year_last = [c for c in cells if c.form is Form.YEAR_LAST]
    day_first = next((c.text for c in year_last if c.first > 12 >= c.second), None)
    month_first = next((c.text for c in year_last if c.second > 12 >= c.first), None)
    if day_first is not None and month_first is not None:
        return None, (
            f"mixes day-first dates ({day_first!r}) with month-first dates ({month_first!r}); "
            "correct the file, or give the column's date format (DMY or MDY)"
        )
    if day_first is not None:
        return DateOrder.DMY, None
    if month_first is not None:
        return DateOrder.MDY, None
    undecided = next((c.text for c in year_last if c.first != c.second), None)
    if undecided is not None:
        return None, (
            f"{UNDECIDED} {undecided!r} could be day/month or month/day and no date in the "
            "file decides it; give the column's date format (DMY or MDY)"
        )
    return None, None


UNDECIDED = "dates such as"  # how the refusal of a column no date decides begins


def parse_order(text: str) -> DateOrder:
    """``'dmy'`` → :attr:`DateOrder.DMY`; ``ValueError`` for anything else."""
    return DateOrder(text.strip().upper())
