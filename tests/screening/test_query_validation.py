"""A typed query is refused when screening it would mislead: nothing to compare, a date that
cannot be a birth date, a nationality that is no country."""

from __future__ import annotations

from datetime import date

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from aidtrace.errors import InputError
from aidtrace.names.analyze import analyse
from aidtrace.screening.evidence import Agreement, compare_nationality
from aidtrace.screening.query import (
    read_birth_date,
    read_gender,
    read_nationality,
    read_query,
    screenable_name,
)

TODAY = date(2026, 3, 2)


@pytest.mark.parametrize(
    "name",
    [
        "",
        "   ",
        "\t\n",
        "!!!",
        "-- / --",
        "😀😀",
        "🇦🇫",
        "\u200b",
        "ـــ",
        "\u0301",
        "ъъъъ",
        "x" * 501,
    ],
)
def test_names_with_nothing_to_screen_are_refused(name: str) -> None:
    with pytest.raises(InputError) as caught:
        screenable_name(name)
    assert caught.value.code == "input"
    assert "nothing to screen" in str(caught.value) or "not a name" in str(caught.value)


@pytest.mark.parametrize("name", ["Akhund\udcff", "\udcff\udcfe"])
def test_names_holding_undecodable_bytes_are_refused(name: str) -> None:
    # what Python makes of a name typed in a terminal that is not set to UTF-8
    with pytest.raises(InputError, match="is not UTF-8 text"):
        screenable_name(name)


@pytest.mark.parametrize(
    ("name", "kept"),
    [
        ("  Abdul   Ghani  Baradar ", "Abdul Ghani Baradar"),
        ("عبدالغنی برادر", "عبدالغنی برادر"),
        ("李", "李"),
        ("Mr", "Mr"),  # a lone title is still a word to compare
        ("a", "a"),
        ("O'Neil!", "O'Neil!"),
        ("😀 Baradar", "😀 Baradar"),
    ],
)
def test_names_with_a_letter_are_kept_as_typed_with_spaces_collapsed(name: str, kept: str) -> None:
    assert screenable_name(name) == kept


@settings(max_examples=300, deadline=None)
@given(st.text(max_size=12))
def test_an_accepted_name_always_has_something_the_scorer_compares(name: str) -> None:
    try:
        text = screenable_name(name)
    except InputError:
        return
    assert analyse(text).tokens


@pytest.mark.parametrize(
    ("text", "start", "end"),
    [
        ("1958", date(1958, 1, 1), date(1958, 12, 31)),
        ("1958-05", date(1958, 5, 1), date(1958, 5, 31)),
        ("1960-02", date(1960, 2, 1), date(1960, 2, 29)),
        ("1958-12", date(1958, 12, 1), date(1958, 12, 31)),
        ("1958-05-12", date(1958, 5, 12), date(1958, 5, 12)),
        ("1958/5/2", date(1958, 5, 2), date(1958, 5, 2)),
        (" 1955..1958 ", date(1955, 1, 1), date(1958, 12, 31)),
        ("2026-03-02", TODAY, TODAY),
        ("2026", date(2026, 1, 1), date(2026, 12, 31)),  # this year: born already, or soon
    ],
)
def test_birth_dates_read(text: str, start: date, end: date) -> None:
    interval = read_birth_date(text, TODAY)
    assert (interval.start, interval.end) == (start, end)


@pytest.mark.parametrize(
    ("text", "why"),
    [
        ("2099-13-45", "no such date"),
        ("1958-13", "no such date"),
        ("1958-00", "no such date"),
        ("1970-02-30", "no such date"),
        ("1958-05-00", "no such date"),
        ("2026-03-03", "in the future"),
        ("2099", "in the future"),
        ("1958..2099", "in the future"),
        ("0958", "before 1900"),
        ("1960..1950", "ends before it starts"),
        ("12/05/1958", "expected YYYY"),
        ("last spring", "expected YYYY"),
        ("1958-05-12-01", "expected YYYY"),
        ("", "expected YYYY"),
    ],
)
def test_impossible_or_future_birth_dates_are_refused(text: str, why: str) -> None:
    with pytest.raises(InputError, match=why):
        read_birth_date(text, TODAY)


@pytest.mark.parametrize("text", ["Afghanistan", "Afghan", "af", "AF", " Pakistani "])
def test_nationalities_the_screen_can_compare(text: str) -> None:
    assert read_nationality(text) == text.strip()


@pytest.mark.parametrize(
    ("text", "code"),
    [("افغان", "af"), ("پاکستانی", "pk"), ("ایرانی", "ir"), ("هند", "in"), ("امریکا", "us"),
     ("آمریکایی", "us"), ("انگلستان", "gb"), ("امارات", "ae"), ("سعودی", "sa"), ("ازبک", "uz")],
)  # fmt: skip
def test_nationalities_as_dari_and_pashto_forms_write_them(text: str, code: str) -> None:
    assert read_nationality(text) == code
    assert compare_nationality(read_nationality(text), [code.upper()]).agreement is Agreement.EXACT


@pytest.mark.parametrize("text", ["Narnia", "xx", "Taliban", "!!!"])
def test_nationalities_that_are_no_country_are_refused(text: str) -> None:
    with pytest.raises(InputError, match="not a country"):
        read_nationality(text)


def test_read_query_carries_what_was_typed() -> None:
    query = read_query(" Abdul  Baradar ", TODAY, birth_date="1968", nationality="Afghan")
    assert (query.name, query.subject, query.nationality) == ("Abdul Baradar",) * 2 + ("Afghan",)
    assert query.birth_date is not None
    assert query.birth_date.start == date(1968, 1, 1)
    assert read_query("Baradar", TODAY, subject="p-7").subject == "p-7"
    assert read_query("Baradar", TODAY).birth_date is None


@pytest.mark.parametrize(("text", "read"), [("مرد", "male"), ("ښځه", "female"), ("نامعلوم", None)])
def test_a_gender_as_dari_and_pashto_forms_write_it(text: str, read: str | None) -> None:
    assert read_gender(text) == read
