"""Date-of-birth wordings become the intervals they allow (case table + properties)."""

from __future__ import annotations

from datetime import date

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from aidtrace.watchlists.formats.dates import APPROX_YEARS, parse_date

CASES = [
    ("1958", date(1958, 1, 1), date(1958, 12, 31)),
    ("1958-05-12", date(1958, 5, 12), date(1958, 5, 12)),
    ("1958-05", date(1958, 5, 1), date(1958, 5, 31)),
    ("12/05/1958", date(1958, 5, 12), date(1958, 5, 12)),
    ("dd/mm/1945", date(1945, 1, 1), date(1945, 12, 31)),
    ("00/00/1945", date(1945, 1, 1), date(1945, 12, 31)),
    ("dd/02/1960", date(1960, 2, 1), date(1960, 2, 29)),
    ("10 Dec 1948", date(1948, 12, 10), date(1948, 12, 10)),
    ("Jan 1960", date(1960, 1, 1), date(1960, 1, 31)),
    ("circa 1960", date(1959, 1, 1), date(1961, 12, 31)),
    ("Approximately 1960", date(1959, 1, 1), date(1961, 12, 31)),
    ("between 1955 and 1958", date(1955, 1, 1), date(1958, 12, 31)),
    ("1960 to 1962", date(1960, 1, 1), date(1962, 12, 31)),
    ("01 Jan 1960 to 31 Dec 1962", date(1960, 1, 1), date(1962, 12, 31)),
    ("1955-1958", date(1955, 1, 1), date(1958, 12, 31)),
]


@pytest.mark.parametrize(("text", "start", "end"), CASES)
def test_wordings(text: str, start: date, end: date) -> None:
    interval = parse_date(text)
    assert interval is not None
    assert (interval.start, interval.end) == (start, end)
    assert interval.text == text


@pytest.mark.parametrize("text", ["", "unknown", "31/02/1960", "1958-13-01", "DOB", "12/1700"])
def test_not_dates(text: str) -> None:
    assert parse_date(text) is None


days = st.dates(min_value=date(1900, 1, 1), max_value=date(2030, 12, 31))


# deadline=None: a shared, loaded CI machine must not make these flaky.
@settings(deadline=None)
@given(days)
def test_every_day_form_is_exact(day: date) -> None:
    for text in (day.isoformat(), day.strftime("%d/%m/%Y"), day.strftime("%d %b %Y")):
        interval = parse_date(text)
        assert interval is not None
        assert interval.start == interval.end == day


@settings(deadline=None)
@given(days)
def test_partial_forms_contain_the_day(day: date) -> None:
    for text in (str(day.year), f"dd/mm/{day.year}", f"dd/{day.month:02d}/{day.year}"):
        interval = parse_date(text)
        assert interval is not None
        assert interval.start <= day <= interval.end


@settings(deadline=None)
@given(days, days)
def test_ranges_are_ordered_and_cover_both_ends(a: date, b: date) -> None:
    interval = parse_date(f"between {a.year} and {b.year}")
    assert interval is not None
    assert interval.start <= a <= interval.end
    assert interval.start <= b <= interval.end


@settings(deadline=None)
@given(days)
def test_approximate_widens(day: date) -> None:
    exact = parse_date(str(day.year))
    approx = parse_date(f"approximately {day.year}")
    assert exact is not None
    assert approx is not None
    assert approx.start.year == day.year - APPROX_YEARS
    assert approx.end.year == day.year + APPROX_YEARS
    assert approx.start <= exact.start <= exact.end <= approx.end


@settings(deadline=None)
@given(st.text(max_size=40))
def test_never_crashes_and_is_ordered(text: str) -> None:
    interval = parse_date(text)
    assert interval is None or interval.start <= interval.end
