"""Dates of birth, nationality and identifiers beside the name."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest

from aidtrace.errors import InputError
from aidtrace.screening.evidence import (
    Agreement,
    compare_birth,
    compare_identifiers,
    compare_nationality,
    parse_birth_date,
)
from aidtrace.screening.persist import load_index
from aidtrace.screening.query import read_birth_date
from aidtrace.watchlists.model import DateInterval, Identifier

ABOUT_1968 = DateInterval(date(1967, 1, 1), date(1969, 12, 31), "approximately 1968")
EXACT = DateInterval(date(1958, 5, 12), date(1958, 5, 12), "12/05/1958")


@pytest.mark.parametrize(
    ("text", "start", "end"),
    [
        ("1958", date(1958, 1, 1), date(1958, 12, 31)),
        ("1958-02", date(1958, 2, 1), date(1958, 2, 28)),
        ("1958-05-12", date(1958, 5, 12), date(1958, 5, 12)),
        ("1955..1958", date(1955, 1, 1), date(1958, 12, 31)),
        ("1960/1962", date(1960, 1, 1), date(1962, 12, 31)),  # a range, not 1960
        ("1960-1962", date(1960, 1, 1), date(1962, 12, 31)),
        ("~1960", date(1959, 1, 1), date(1961, 12, 31)),
        ("between 1960 and 1962", date(1960, 1, 1), date(1962, 12, 31)),
        ("1339 SH", date(1960, 3, 21), date(1961, 3, 20)),
    ],
)
def test_parse_birth_date(text: str, start: date, end: date) -> None:
    parsed = parse_birth_date(text)
    assert parsed is not None
    assert (parsed.start, parsed.end) == (start, end)


@pytest.mark.parametrize(
    "text", ["1960/1962", "~1960", "c. 1960", "1960-05", "1339 SH", "between 1960 and 1962"]
)
def test_the_benchmarks_read_dates_as_the_command_line_does(text: str) -> None:
    parsed = parse_birth_date(text)
    assert parsed is not None
    assert (parsed.start, parsed.end) == (
        read_birth_date(text, date.today()).start,
        read_birth_date(text, date.today()).end,
    )


@pytest.mark.parametrize("text", ["--", "1970-02-30", "1968-13-30", "05/06/1960", "1850", "2999"])
def test_a_date_no_living_person_has_says_nothing(text: str) -> None:
    assert parse_birth_date(text) is None


@pytest.mark.parametrize(
    ("query", "listed", "agreement"),
    [
        ("1968", (ABOUT_1968,), Agreement.CONSISTENT),
        ("1970", (ABOUT_1968,), Agreement.CONSISTENT),  # within a year of the interval
        ("1990", (ABOUT_1968,), Agreement.CONFLICT),
        ("1958-05-12", (EXACT,), Agreement.EXACT),
        ("1958-05-13", (EXACT,), Agreement.CONSISTENT),
        ("1990", (), Agreement.UNKNOWN),
        ("1990", (EXACT, ABOUT_1968), Agreement.CONFLICT),
        ("1968", (EXACT, ABOUT_1968), Agreement.CONSISTENT),  # the best of several dates
    ],
)
def test_compare_birth(query: str, listed: tuple[DateInterval, ...], agreement: Agreement) -> None:
    assert compare_birth(parse_birth_date(query), listed).agreement is agreement


def test_nationality_and_identifiers() -> None:
    assert compare_nationality("Afghanistan", ["af"]).agreement is Agreement.EXACT
    assert compare_nationality("Afghan", ["af"]).agreement is Agreement.EXACT
    assert compare_nationality("Pakistan", ["af"]).agreement is Agreement.CONFLICT
    assert compare_nationality(None, ["af"]).agreement is Agreement.UNKNOWN
    tazkira = [Identifier("tazkira", "57388", "af")]
    assert compare_identifiers(["57-388"], tazkira).agreement is Agreement.EXACT
    assert compare_identifiers(["99999"], tazkira).agreement is Agreement.UNKNOWN


def test_a_file_that_is_not_an_index_is_refused(tmp_path: Path) -> None:
    bogus = tmp_path / "index.json.gz"
    bogus.write_text("not gzip")
    with pytest.raises(InputError, match="cannot read screening index"):
        load_index(bogus)
