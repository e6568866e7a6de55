"""The Solar Hijri calendar against known dates and leap years, and round trips."""

from __future__ import annotations

import datetime as dt

import pytest
from hypothesis import given
from hypothesis import strategies as st

from aidtrace.ingest.solar_hijri import from_gregorian, is_leap, month_days, to_gregorian


@pytest.mark.parametrize(
    ("sh", "gregorian"),
    [
        ((1399, 1, 1), dt.date(2020, 3, 20)),
        ((1400, 1, 1), dt.date(2021, 3, 21)),
        ((1400, 5, 24), dt.date(2021, 8, 15)),  # 24 Asad 1400: the fall of Kabul
        ((1402, 1, 1), dt.date(2023, 3, 21)),
        ((1402, 10, 11), dt.date(2024, 1, 1)),  # 11 Jadi (Dey) 1402
        ((1402, 12, 29), dt.date(2024, 3, 19)),
        ((1403, 1, 1), dt.date(2024, 3, 20)),
        ((1403, 12, 30), dt.date(2025, 3, 20)),  # 1403 is leap
        ((1404, 1, 1), dt.date(2025, 3, 21)),
        ((1357, 2, 7), dt.date(1978, 4, 27)),
    ],
)
def test_known_dates(sh: tuple[int, int, int], gregorian: dt.date) -> None:
    assert to_gregorian(*sh) == gregorian
    assert from_gregorian(gregorian) == sh


def test_leap_years_follow_the_equinox_not_a_four_year_rule() -> None:
    assert [y for y in range(1390, 1411) if is_leap(y)] == [1391, 1395, 1399, 1403, 1408]
    assert month_days(1403, 12) == 30
    assert month_days(1402, 12) == 29


@pytest.mark.parametrize("sh", [(1402, 12, 30), (1402, 13, 1), (1402, 7, 31), (1402, 0, 1)])
def test_days_that_do_not_exist_are_refused(sh: tuple[int, int, int]) -> None:
    with pytest.raises(ValueError, match="not a Solar Hijri date"):
        to_gregorian(*sh)


@given(st.dates(dt.date(1800, 1, 1), dt.date(2200, 12, 31)))
def test_round_trip(day: dt.date) -> None:
    assert to_gregorian(*from_gregorian(day)) == day
