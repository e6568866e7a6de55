"""Dates as partners write them: every form round-trips, and day and month are never swapped."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable

import polars as pl
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from aidtrace.ingest.dates import DateOrder, read_dates
from aidtrace.ingest.solar_hijri import from_gregorian

PERSIAN = str.maketrans("0123456789", "۰۱۲۳۴۵۶۷۸۹")
EASTERN_ARABIC = str.maketrans("0123456789", "٠١٢٣٤٥٦٧٨٩")
MONTHS = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"]


def solar(d: dt.date, pattern: str = "{y}/{m:02d}/{d:02d}") -> str:
    y, m, day = from_gregorian(d)
    return pattern.format(y=y, m=m, d=day)


# Each form as a partner writes it, and the day/month order it needs when both are numbers.
FORMS: dict[str, tuple[Callable[[dt.date], str], DateOrder | None]] = {
    "iso": (lambda d: d.isoformat(), None),
    "day first": (lambda d: d.strftime("%d/%m/%Y"), DateOrder.DMY),
    "month first": (lambda d: d.strftime("%m/%d/%Y"), DateOrder.MDY),
    "dotted, unpadded": (lambda d: f"{d.day}.{d.month}.{d.year}", DateOrder.DMY),
    "month name first": (lambda d: f"{MONTHS[d.month - 1]}/{d.day:02d}/{d.year}", None),
    "month name between": (lambda d: f"{d.day} {d.strftime('%B')} {d.year}", None),
    "excel serial": (lambda d: str((d - dt.date(1899, 12, 30)).days), None),
    "solar hijri": (solar, None),
    "solar hijri day first": (lambda d: solar(d, "{d:02d}/{m:02d}/{y}"), DateOrder.DMY),
    "solar hijri, persian digits": (lambda d: solar(d).translate(PERSIAN), None),
    "eastern arabic digits": (lambda d: d.isoformat().translate(EASTERN_ARABIC), None),
    "with a time": (lambda d: d.strftime("%m/%d/%Y") + " 0:00", DateOrder.MDY),
}
DATES = st.dates(dt.date(1930, 1, 1), dt.date(2040, 12, 31))


@settings(max_examples=60, deadline=None)
@given(st.lists(DATES, min_size=1, max_size=20), st.sampled_from(sorted(FORMS)))
def test_every_form_round_trips_with_its_order(days: list[dt.date], form: str) -> None:
    write, order = FORMS[form]
    read = read_dates(pl.Series("d", [write(d) for d in days]), order)
    assert read.problem is None
    assert read.values.to_list() == days


@settings(max_examples=80, deadline=None)
@given(st.lists(DATES, min_size=1, max_size=10), st.sampled_from(sorted(FORMS)))
def test_without_an_order_a_date_is_read_right_or_the_column_refused(
    days: list[dt.date], form: str
) -> None:
    """No row is ever read with day and month swapped: unsure means refused, whole."""
    write, _ = FORMS[form]
    read = read_dates(pl.Series("d", [write(d) for d in days]))
    if read.problem is None:
        assert read.values.to_list() == days
    else:
        assert read.values.null_count() == len(days)


@pytest.mark.parametrize(
    ("cells", "order"),
    [
        (["19/03/2014", "03/04/2014"], DateOrder.DMY),  # 19 decides: day first
        (["03/19/2014", "03/04/2014"], DateOrder.MDY),  # 19 decides: month first
        (["05/05/2014", "2014-03-04"], None),  # no date needs an order
    ],
)
def test_the_order_is_decided_by_the_whole_column(cells: list[str], order: DateOrder) -> None:
    read = read_dates(pl.Series("d", cells))
    assert read.problem is None
    assert read.order is order
    if order is DateOrder.DMY:
        assert read.values.to_list()[1] == dt.date(2014, 4, 3)
    if order is DateOrder.MDY:
        assert read.values.to_list()[1] == dt.date(2014, 3, 4)


@pytest.mark.parametrize(
    ("cells", "why"),
    [
        (["03/04/2014", "05/06/2014"], "could be day/month or month/day"),
        (["19/03/2014", "03/19/2014"], "mixes day-first dates"),
    ],
)
def test_an_undecidable_column_is_refused_in_one_line(cells: list[str], why: str) -> None:
    read = read_dates(pl.Series("d", cells))
    assert read.problem is not None
    assert why in read.problem
    assert "\n" not in read.problem


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Mar/19/2014", dt.date(2014, 3, 19)),
        ("19-Mar-2014", dt.date(2014, 3, 19)),
        ("March 19, 2014", dt.date(2014, 3, 19)),
        ("41717", dt.date(2014, 3, 19)),
        ("1402/12/29", dt.date(2024, 3, 19)),
        ("۱۴۰۲/۱۲/۲۹", dt.date(2024, 3, 19)),
        ("1402/07/15", dt.date(2023, 10, 7)),
        ("29 Hut 1402", dt.date(2024, 3, 19)),
        ("۲۹ حوت ۱۴۰۲", dt.date(2024, 3, 19)),
        ("24 Asad 1400", dt.date(2021, 8, 15)),
        ("2014-02-30", None),  # no such day
        ("1402/12/30", None),  # 1402 is not a leap year
        ("1445/06/01", None),  # a lunar Hijri year is not read as a Solar Hijri one
        ("19 Mar 1402", None),  # a Gregorian month with a Solar Hijri year
        ("2014", None),  # a year alone
        ("soon", None),
    ],
)
def test_single_dates(text: str, expected: dt.date | None) -> None:
    assert read_dates(pl.Series("d", [text])).values.to_list() == [expected]
