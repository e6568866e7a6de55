"""Screening with ``conflicts`` (the import's): hits at the threshold, and for a query with a hit
that a conflicting birth date took under it, every hit down to the threshold less the conflict's
penalty. Its names are searched as for the threshold, and only such a query again for the lower
one; what the import raises must be what a screen at the lower threshold gave it (the way it
screened before), on listed names with conflicting, agreeing and unknown birth years, with
slips, and on Afghan register names."""

from __future__ import annotations

import random
from datetime import date

import pytest

from aidtrace.demo.names import NamePool
from aidtrace.people.importer import NameRecord
from aidtrace.people.screening import (
    Completions,
    decided,
    entry_positions,
    queries,
    screen_queries,
)
from aidtrace.screening import Query, ScreeningIndex
from aidtrace.screening.evidence import Agreement
from aidtrace.screening.query import PartyType
from aidtrace.screening.score import DOB_CONFLICT_PENALTY
from aidtrace.screening.screen import iter_screen, screen_parallel
from aidtrace.watchlists.model import DateInterval, EntitySchema, ListEntry

THRESHOLD = 0.75
LOWER = THRESHOLD - DOB_CONFLICT_PENALTY


def _listed_people(index: ScreeningIndex) -> list[ListEntry]:
    return [
        e
        for e in index.entries
        if e.schema is EntitySchema.PERSON and e.birth_dates and len(e.primary_name.split()) >= 2
    ]


def _year(entry: ListEntry, rng: random.Random) -> int | None:
    """A birth year far from the listed one, agreeing with it, or none."""
    listed = entry.birth_dates[0].start.year
    return rng.choice((listed + rng.choice((-12, -8, 9, 15)), listed, None))


def _slipped(name: str, rng: random.Random) -> str:
    words = name.split()
    if rng.random() < 0.5:
        return " ".join(words)
    i = rng.randrange(len(words))
    at = rng.randrange(len(words[i]))
    words[i] = words[i][:at] + rng.choice("aeiouhn") + words[i][at + 1 :]
    return " ".join(words)


def _queries(index: ScreeningIndex, count: int, seed: int) -> list[Query]:
    rng = random.Random(seed)
    pool = NamePool()
    people = _listed_people(index)
    made = []
    for i in range(count):
        if i % 3:
            entry = rng.choice(people)
            name, year = _slipped(entry.primary_name, rng), _year(entry, rng)
        else:
            given, father, grandfather = (pool.male[pool.male_name(rng)] for _ in range(3))
            style = rng.randrange(4)
            name = " ".join(n.render(style) for n in (given, father, grandfather))
            year = 1950 + rng.randrange(50)
        born = DateInterval(date(year, 1, 1), date(year, 12, 31), str(year)) if year else None
        made.append(Query(name, f"p{i}", born, "af", (), party=PartyType.PERSON, gender="male"))
    return made


@pytest.mark.parametrize("seed", [3, 4])
def test_hits_are_the_lower_thresholds_where_a_conflict_matters(
    un_index: ScreeningIndex, seed: int
) -> None:
    """Each query's hits are the lower threshold's, or those of them at the threshold when no
    hit under it has a conflicting birth date; the import raises the same hits either way."""
    wanted = _queries(un_index, 45, seed)
    before = list(iter_screen(un_index, wanted, LOWER))
    after = list(iter_screen(un_index, wanted, THRESHOLD, conflicts=True))
    full = narrowed = 0
    for old, new in zip(before, after, strict=True):
        conflicted = [
            h
            for h in old.hits
            if h.score < THRESHOLD and h.explanation.birth.agreement is Agreement.CONFLICT
        ]
        if new.hits == old.hits:
            full += bool(conflicted)
        else:
            assert new.hits == tuple(h for h in old.hits if h.score >= THRESHOLD), new.query
            narrowed += 1
    raised_before = list(decided(before, THRESHOLD, None))
    raised_after = list(decided(after, THRESHOLD, None))
    assert raised_after == raised_before
    assert raised_before  # some listed names are raised: the comparison is not of nothing
    assert full  # queries with a conflicting hit under the threshold occur
    assert narrowed  # and queries without one


def test_a_listed_identifier_gets_every_hit_down_to_the_lower_threshold(
    un_index: ScreeningIndex,
) -> None:
    """A query holding a listed number is searched at a name floor of 0 as before, and keeps
    every hit the lower threshold gives it."""
    entry = next(e for e in _listed_people(un_index) if e.identifiers)
    query = Query(
        f"Zorab {entry.primary_name.split()[-1]}", "p", None, "af",
        (entry.identifiers[0].number,), party=PartyType.PERSON,
    )  # fmt: skip
    [old] = iter_screen(un_index, [query], LOWER, limit=50)
    [new] = iter_screen(un_index, [query], THRESHOLD, limit=50, conflicts=True)
    assert new.hits == old.hits
    assert any(h.entry is entry for h in new.hits)


def _record(i: int, name: str, name_fa: str, year: int | None) -> NameRecord:
    parts = [*name.split(), "", "", ""]
    return NameRecord(
        f"P{i}", "beneficiary", parts[0], parts[1], " ".join(parts[2:4]).strip(), "",
        name_fa, year, "AF01", "", "male",
    )  # fmt: skip


def test_import_raises_what_it_raised_at_the_lower_threshold(un_index: ScreeningIndex) -> None:
    """``screen_queries`` as the import calls it (short Perso-Arabic names completed where they
    hit) raises the hits it raised when every name was screened at the lower threshold."""
    rng = random.Random(8)
    people = [e for e in _listed_people(un_index) if len(e.primary_name.split()) >= 3]
    scripts = {
        e.source_id: n.full
        for e in people
        for n in e.names
        if n.script == "Arabic" and len(n.full.split()) >= 2
    }
    records = []
    for i in range(40):
        entry = rng.choice(people)
        fa = " ".join(scripts.get(entry.source_id, "").split()[:2])
        records.append(_record(i, _slipped(entry.primary_name, rng), fa, _year(entry, rng)))
    positions = entry_positions(un_index)

    def completions() -> Completions:
        known = Completions(positions)
        for record in records:
            known.add(record)
        return known

    def wanted() -> list[Query]:
        return [q for r in records for q in queries(r, complete=False)]

    known = completions()
    results = screen_parallel(un_index, wanted(), LOWER, workers=1)
    rescored = (known.rescore(un_index, r, LOWER) if known.completes(r) else r for r in results)
    before = list(decided(rescored, THRESHOLD, un_index.snapshot))
    after = list(screen_queries(un_index, wanted(), THRESHOLD, completions=completions()))
    assert after == before
    assert before
