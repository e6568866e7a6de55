"""A query carrying an identifier number (a beneficiary's tazkira) is searched at its name's
ordinary floor unless a listed entry holds that number: an identifier no entry holds adds nothing
to any score, so searching every listed name sharing a blocking key (the floor of 0, as before)
cost a hundred times a name's search and found the same hits. Checked against the floor-0 search
on generated queries: UN list names with slips, and Afghan three-part names as registers hold
them, with and without birth years, nationality and gender."""

from __future__ import annotations

import random
from datetime import date

import pytest

from aidtrace.demo.names import NamePool
from aidtrace.screening import Query, ScreeningIndex, screen_names
from aidtrace.screening.query import PartyType
from aidtrace.screening.screen import (
    _name_matches,
    _ranked,
    holds_listed,
    listed_identifiers,
)
from aidtrace.watchlists.model import DateInterval, EntitySchema, NameQuality

# The import's floor (the threshold less the birth-date conflict's 0.2) and the CLI's threshold.
THRESHOLDS = (0.55, 0.75)
LETTERS = "aeiouhkmnrst"


def _slipped(name: str, rng: random.Random) -> str:
    """``name`` with a letter changed, dropped or doubled in one of its words."""
    words = name.split()
    i = rng.randrange(len(words))
    word = words[i]
    at = rng.randrange(len(word))
    slip = rng.choice(("typo", "drop", "double", "none"))
    if slip == "typo":
        word = word[:at] + rng.choice(LETTERS) + word[at + 1 :]
    elif slip == "drop" and len(word) > 3:
        word = word[:at] + word[at + 1 :]
    elif slip == "double":
        word = word[: at + 1] + word[at:]
    words[i] = word
    return " ".join(words)


def _afghan(rng: random.Random, pool: NamePool) -> str:
    female = rng.random() < 0.3
    given = pool.given(pool.female_name(rng) if female else pool.male_name(rng), female)
    father, grandfather = (pool.male[pool.male_name(rng)] for _ in range(2))
    style = rng.randrange(5)
    if style == 4:
        return f"{given.fa} {father.fa} {grandfather.fa}"
    return " ".join(n.render(style) for n in (given, father, grandfather))


def _queries(index: ScreeningIndex, count: int, seed: int) -> list[Query]:
    """Queries with a tazkira number no entry holds, half of them list names with a slip."""
    rng = random.Random(seed)
    pool = NamePool()
    listed = [
        n.name.original
        for n in index.names
        if n.quality is NameQuality.PRIMARY
        and index.entries[n.entry].schema is EntitySchema.PERSON
        and len(n.name.original.split()) >= 2
    ]
    queries = []
    for i in range(count):
        name = _slipped(rng.choice(listed), rng) if i % 2 else _afghan(rng, pool)
        year = 1940 + rng.randrange(60)
        born = DateInterval(date(year, 1, 1), date(year, 12, 31), str(year))
        queries.append(
            Query(
                name,
                f"p{i}",
                born if rng.random() < 0.7 else None,
                "af" if rng.random() < 0.6 else None,
                (f"1400-{rng.randrange(1, 13):02d}01-{i:07d}",),
                party=PartyType.PERSON,
                gender=rng.choice(("male", "female", None)),
            )
        )
    return queries


@pytest.mark.parametrize("threshold", THRESHOLDS)
@pytest.mark.parametrize("seed", [1, 2])
def test_unlisted_identifier_finds_what_floor_zero_finds(
    un_index: ScreeningIndex, threshold: float, seed: int
) -> None:
    """Hits, scores and explanations equal the floor-0 search's, query for query."""
    queries = _queries(un_index, 24, seed)
    listed = listed_identifiers(un_index)
    assert not any(holds_listed(q, listed) for q in queries)
    results = screen_names(un_index, queries, threshold, limit=50)
    found = 0
    for query, result in zip(queries, results, strict=True):
        at_zero = _name_matches(un_index, query, threshold, held=True)
        expected = _ranked(un_index.entries, query, at_zero, threshold, 50)
        got = tuple((un_index.entries.index(h.entry), h.score, h.explanation) for h in result.hits)
        assert got == expected, query.name
        found += len(got)
    assert found  # the names reach some hits: the comparison is not of empty results


def test_unlisted_identifier_searched_at_the_names_floor(un_index: ScreeningIndex) -> None:
    """The search for a query with an identifier no entry holds is that of the same query
    without it, not the floor-0 search's hundreds of candidates."""
    query = Query(
        "Abdul Ghani Baradar", "p", None, "af", ("1400-0101-0000001",), party=PartyType.PERSON
    )
    bare = Query("Abdul Ghani Baradar", "p", None, "af", party=PartyType.PERSON)
    ordinary = _name_matches(un_index, bare, 0.55, held=False)
    at_zero = _name_matches(un_index, query, 0.55, held=True)
    screened = screen_names(un_index, [query], 0.55, limit=1000)[0]
    assert len(ordinary) < len(at_zero) / 5
    assert len(screened.hits) <= len(ordinary)
    assert screened.hits == screen_names(un_index, [bare], 0.55, limit=1000)[0].hits


def test_listed_identifier_is_still_found_through_any_name(un_index: ScreeningIndex) -> None:
    """A number a listed entry holds lifts a name the ordinary floor would leave out: the entry
    is found as before, its identifier agreeing."""
    position, entry = next(
        (i, e)
        for i, e in enumerate(un_index.entries)
        if e.identifiers and e.schema is EntitySchema.PERSON and len(e.primary_name.split()) >= 3
    )
    surname = entry.primary_name.split()[-1]
    query = Query(f"Zorab {surname}", "p", None, None, (entry.identifiers[0].number,))
    assert holds_listed(query, listed_identifiers(un_index))
    hits = screen_names(un_index, [query], 0.75, limit=1000)[0].hits
    assert any(un_index.entries.index(h.entry) == position for h in hits)
    bare = Query(f"Zorab {surname}", "p")
    assert all(h.entry is not entry for h in screen_names(un_index, [bare], 0.75)[0].hits)
