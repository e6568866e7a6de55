"""A query's search floors leave its hits alone. A query with a nationality searches the
entries of other nationalities at a higher floor and those of its own apart
(``screen._searches``); a birth date given as a year or a range lowers the floor only by what
a consistent date adds, an exact date by what the same day adds (``best_corroboration``). Both
give the same hits, scores and explanations as one search of every entry at the floor of the
most any evidence could add. Checked on Afghan names as the demo writes them (Latin and
Perso-Arabic) and UN list aliases, with birth years and dates, genders and nationalities
(Afghan mostly, as at import, and others), at several thresholds, with and without the
import's look at hits a birth-year conflict took under the threshold."""

from __future__ import annotations

import csv
import random
from collections.abc import Iterator

import pytest
from tests.screening.test_blocking import YENTE, _afghan, _names
from tests.screening.test_blocking_parity import _compared_here

from aidtrace.screening import ScreeningIndex
from aidtrace.screening import screen as screen_module
from aidtrace.screening.evidence import country_of, parse_birth_date
from aidtrace.screening.parties import by_kind, nationals
from aidtrace.screening.query import PartyType, Query
from aidtrace.screening.score import EVIDENCE_POINTS, NAME_SHARE, best_corroboration, corroboration
from aidtrace.screening.screen import iter_screen

NATIONALITIES = ("Afghanistan", "Afghanistan", "af", "Afghan", "Pakistan", "Iraq", None)


def _listed_aliases(count: int, seed: int) -> list[Query]:
    """UN list aliases with the birth date, nationality and gender given with them: their own
    nationality, or another (the entry then found only by the search of the others)."""
    with (YENTE / "positives_un_treated.csv").open(encoding="utf-8") as fh:
        rows = random.Random(seed).sample(list(csv.DictReader(fh)), count)
    return [
        Query(
            row["full_name"],
            f"listed {i}",
            birth_date=parse_birth_date(row["date_of_birth"]) if row["date_of_birth"] else None,
            nationality=(row["nationality"] or None) if i % 3 else "pk",
            party=PartyType.PERSON if i % 2 else PartyType.ANY,
            gender=row["gender"] or None,
        )
        for i, row in enumerate(rows)
    ]


def _queries() -> list[Query]:
    rng = random.Random(8)
    queries = _listed_aliases(90, seed=8)
    for i, name in enumerate(_afghan(90, seed=8) + _names("negatives_global.csv", 20, seed=8)):
        year = rng.randrange(1950, 1990)
        queries.append(
            Query(
                name,
                str(i),
                birth_date=parse_birth_date(str(year)) if i % 5 else None,
                nationality=rng.choice(NATIONALITIES),
                party=PartyType.PERSON if i % 3 else PartyType.ANY,
                gender="male" if i % 4 else None,
            )
        )
    return queries


def _most_any_evidence_adds(query: Query) -> float:
    """``best_corroboration`` crediting every piece of evidence given with the most it can
    add, whatever its form (a birth year as if it could be the same day)."""
    told = {"birth_date": query.birth_date, "nationality": query.nationality,
            "gender": query.gender}  # fmt: skip
    most = sum(max(0.0, *EVIDENCE_POINTS[f].values()) for f, v in told.items() if v is not None)
    return corroboration(1.0) + most / (1 - NAME_SHARE)


def _one_search(
    index: ScreeningIndex, query: Query, threshold: float, held: bool
) -> list[screen_module.Search]:
    """Every entry searched at the floor of the most any evidence could add."""
    floor = 0.0 if held else screen_module.name_floor(threshold, _most_any_evidence_adds(query))
    return [(by_kind(index), floor, None)]


def _screened(index: ScreeningIndex, threshold: float, conflicts: bool) -> Iterator[list[str]]:
    for result in iter_screen(index, _queries(), threshold, 1000, conflicts=conflicts):
        yield [f"{h.entry.source_id} {h.score!r} {h.explanation!r}" for h in result.hits]


@pytest.mark.parametrize(
    ("threshold", "conflicts"), [(0.5, False), (0.6, False), (0.75, False), (0.75, True)]
)
def test_the_query_s_floors_find_what_one_search_finds(
    un_index: ScreeningIndex,
    request: pytest.FixtureRequest,
    monkeypatch: pytest.MonkeyPatch,
    threshold: float,
    conflicts: bool,
) -> None:
    if not _compared_here(request):
        return
    split = list(_screened(un_index, threshold, conflicts))
    monkeypatch.setattr(screen_module, "_searches", _one_search)
    whole = list(_screened(un_index, threshold, conflicts))
    assert split == whole
    assert sum(map(len, whole)) > 20  # enough hits to tell


def test_the_nationals_are_the_entries_of_that_country(un_index: ScreeningIndex) -> None:
    afghans = nationals(un_index, "af")
    assert afghans.entries
    for position, entry in enumerate(un_index.entries):
        agrees = any(country_of(n) == "af" for n in entry.nationalities)
        assert (position in afghans.entries) == agrees
    assert nationals(un_index, country_of("Afghan")) is afghans  # built once per country
    searched = {p for positions in afghans.kinds.positions.values() for p in positions}
    held = {p for p, n in enumerate(un_index.names) if n.entry in afghans.entries}
    assert searched == held  # every name of theirs, and no other entry's
    assert "TAi.002" in {un_index.entries[un_index.names[p].entry].source_id for p in searched}


def test_a_birth_year_lifts_the_floor_above_an_exact_date_s() -> None:
    year = Query("Abdul Ghani Baradar", birth_date=parse_birth_date("1968"))
    day = Query("Abdul Ghani Baradar", birth_date=parse_birth_date("1968-05-12"))
    name = Query("Abdul Ghani Baradar")
    assert best_corroboration(name) < best_corroboration(year) < best_corroboration(day)
    assert best_corroboration(day) == _most_any_evidence_adds(day)
