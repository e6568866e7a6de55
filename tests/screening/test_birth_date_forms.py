"""Birth dates as lists and registration forms write them, each read as the days it allows;
a wording that could be read two ways is refused, never guessed."""

from __future__ import annotations

from datetime import date

import pytest

from aidtrace.errors import InputError
from aidtrace.screening.query import read_birth_date

TODAY = date(2026, 3, 2)


@pytest.mark.parametrize(
    ("text", "start", "end"),
    [
        ("1960", date(1960, 1, 1), date(1960, 12, 31)),
        ("1960-05", date(1960, 5, 1), date(1960, 5, 31)),
        ("05/1960", date(1960, 5, 1), date(1960, 5, 31)),
        ("May 1960", date(1960, 5, 1), date(1960, 5, 31)),
        ("12 May 1960", date(1960, 5, 12), date(1960, 5, 12)),
        ("~1960", date(1959, 1, 1), date(1961, 12, 31)),
        ("c. 1960", date(1959, 1, 1), date(1961, 12, 31)),
        ("c.1960", date(1959, 1, 1), date(1961, 12, 31)),
        ("circa 1960", date(1959, 1, 1), date(1961, 12, 31)),
        ("approximately 1960", date(1959, 1, 1), date(1961, 12, 31)),
        ("1960-1962", date(1960, 1, 1), date(1962, 12, 31)),
        ("1960 – 1962", date(1960, 1, 1), date(1962, 12, 31)),
        ("1960/1962", date(1960, 1, 1), date(1962, 12, 31)),  # not 1960 alone
        ("between 1960 and 1962", date(1960, 1, 1), date(1962, 12, 31)),
        ("1955..1958", date(1955, 1, 1), date(1958, 12, 31)),
        # the last year cut to two digits, as forms write a range (two digits over 12: no month)
        ("1960/62", date(1960, 1, 1), date(1962, 12, 31)),
        ("1969-70", date(1969, 1, 1), date(1970, 12, 31)),
        ("1960-11", date(1960, 11, 1), date(1960, 11, 30)),  # a month, not a range
        # Solar Hijri: Nowruz of year + 621 to the day before Nowruz of year + 622
        ("1339 SH", date(1960, 3, 21), date(1961, 3, 20)),
        ("1339 sh", date(1960, 3, 21), date(1961, 3, 20)),
        ("۱۳۳۹ ش", date(1960, 3, 21), date(1961, 3, 20)),
        ("1339-1341 SH", date(1960, 3, 21), date(1963, 3, 20)),
        ("1403 SH", date(2024, 3, 20), date(2025, 3, 20)),
        # a Solar Hijri day, as a tazkira writes it
        ("1344/01/09 SH", date(1965, 3, 29), date(1965, 3, 29)),
        ("۱۳۴۴/۰۱/۰۹ ش", date(1965, 3, 29), date(1965, 3, 29)),
        # the other ways Dari and Pashto forms mark a Solar Hijri year
        ("1339 هـ.ش", date(1960, 3, 21), date(1961, 3, 20)),
        ("۱۳۳۹ هجری شمسی", date(1960, 3, 21), date(1961, 3, 20)),
        ("۱۳۳۹ شمسی", date(1960, 3, 21), date(1961, 3, 20)),
        ("۱۳۳۹ لمریز", date(1960, 3, 21), date(1961, 3, 20)),  # Pashto
        ("۱۳۳۹ هـ ل", date(1960, 3, 21), date(1961, 3, 20)),
        # "about" in Dari and Pashto, and an approximate Solar Hijri year: a year either side
        ("حدود ۱۹۶۰", date(1959, 1, 1), date(1961, 12, 31)),
        ("حدوداً 1960", date(1959, 1, 1), date(1961, 12, 31)),
        ("تقریباً ۱۹۶۰", date(1959, 1, 1), date(1961, 12, 31)),
        ("تقريبا 1960", date(1959, 1, 1), date(1961, 12, 31)),  # typed on an Arabic keyboard
        ("شاوخوا ۱۹۶۰", date(1959, 1, 1), date(1961, 12, 31)),  # Pashto
        ("~1339 SH", date(1959, 3, 22), date(1962, 3, 20)),  # Nowruz 1338 fell on 22 March
        ("حدود ۱۳۳۹ ش", date(1959, 3, 22), date(1962, 3, 20)),
    ],
)
def test_each_wording_is_the_days_it_allows(text: str, start: date, end: date) -> None:
    read = read_birth_date(text, TODAY)
    assert (read.start, read.end) == (start, end)
    assert read.text == text  # the wording is kept for the explanation


@pytest.mark.parametrize(
    ("text", "reason"),
    [
        ("12/05/1960", "day or month first"),
        ("00/1960", "no such month"),
        ("13/1960", "no such month"),
        ("1344/13/09 SH", "no such Solar Hijri day"),
        ("1339", "write 1339 SH"),  # a Solar Hijri year without its mark is not guessed
        ("1420 SH", "in the future"),
        ("about then", "expected YYYY"),
        ("حدود", "expected YYYY"),  # "about", and no year
        ("حدود ۱۳۳۹", "write ~1339 SH"),
        ("2099", "in the future"),
        ("1850-1852", "before 1900"),
    ],
)
def test_a_date_that_cannot_be_read_says_why(text: str, reason: str) -> None:
    with pytest.raises(InputError, match=reason):
        read_birth_date(text, TODAY)
