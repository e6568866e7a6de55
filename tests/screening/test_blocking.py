"""Blocking and its bounds against exhaustive scoring: what the index leaves out, it may leave
out only because no token pair of the two names shares a key; what it keeps is scored exactly
as without it."""

from __future__ import annotations

import csv
import random
from pathlib import Path

import pytest

from aidtrace.demo.names import NamePool
from aidtrace.names.analyze import analyse
from aidtrace.names.compare import token_similarity
from aidtrace.names.model import AnalysedName
from aidtrace.screening import Query, ScreeningIndex, build_index, screen_names
from aidtrace.screening.blocking import Bounds, token_keys
from aidtrace.screening.index import is_organisation
from aidtrace.screening.match import compare, token_weight
from aidtrace.screening.score import DEFAULT_THRESHOLD, best_corroboration, best_name, combine
from aidtrace.screening.screen import blocking_floor, name_floor, screen_parallel
from aidtrace.watchlists.model import EntitySchema, EntryName, ListEntry, NameQuality

YENTE = Path(__file__).resolve().parents[3] / "shared/data/benchmarks/yente_candidate_generation"


def _names(file: str, count: int, seed: int) -> list[str]:
    with (YENTE / file).open(encoding="utf-8") as fh:
        names = [row["full_name"] for row in csv.DictReader(fh)]
    return random.Random(seed).sample(names, count)


def _afghan(count: int, seed: int) -> list[str]:
    pool, rng = NamePool(), random.Random(seed)
    names = []
    for _ in range(count):
        parts = [pool.male[pool.male_name(rng)] for _ in range(3)]
        style = rng.randrange(5)
        names.append(" ".join(p.fa if style == 4 else p.render(style) for p in parts))
    return names


@pytest.fixture(scope="module")
def queries() -> list[Query]:
    names = _names("positives_un_treated.csv", 12, 1) + _afghan(12, 2)
    names += _names("negatives_global.csv", 6, 3)
    return [Query(n, f"q{i}", organisation=False) for i, n in enumerate(names)]


def _exhaustive(index: ScreeningIndex, query: Query) -> dict[str, float]:
    """Every person entry scored on all its names: what screening would give with no index."""
    analysed = analyse(query.name, False)
    by_entry: dict[int, list[int]] = {}
    for name_id, indexed in enumerate(index.names):
        by_entry.setdefault(indexed.entry, []).append(name_id)
    hits = {}
    for position, name_ids in by_entry.items():
        entry = index.entries[position]
        if is_organisation(entry.schema):
            continue
        names = [(index.names[n].name, index.names[n].quality) for n in name_ids]
        best = best_name(analysed, names, index.rarity)
        if best is not None:
            score, _ = combine(query, analysed, entry, best)
            if score >= DEFAULT_THRESHOLD:
                hits[entry.source_id] = round(score, 6)
    return hits


def test_index_finds_what_exhaustive_scoring_finds(
    un_index: ScreeningIndex, queries: list[Query]
) -> None:
    results = screen_names(un_index, queries, limit=1000)
    expected = found = 0
    for query, result in zip(queries, results, strict=True):
        truth = _exhaustive(un_index, query)
        got = {h.entry.source_id: round(h.score, 6) for h in result.hits}
        # whatever the index keeps is scored exactly as it would be without the index
        assert {k: truth.get(k) for k in got} == got, query.name
        expected += len(truth)
        found += len(got)
    assert expected > 12  # the sample does reach the list
    assert found / expected >= 0.97


def test_the_bound_is_never_below_the_score(un_index: ScreeningIndex, queries: list[Query]) -> None:
    """...except where ``compare`` pairs two name tokens that share no blocking key, or joins
    split tokens: the two exceptions ``blocking`` documents."""
    vocab = un_index.vocabulary
    rng = random.Random(5)
    checked = 0
    for query in queries:
        analysed = analyse(query.name, False)
        weights = [token_weight(t, un_index.rarity) for t in analysed.scored]
        reaches = {i: vocab.reach(t) for i, t in enumerate(analysed.scored) if t.evidence}
        for name_id in rng.sample(range(len(un_index.names)), 200):
            listed = un_index.names[name_id].name
            match = compare(analysed, listed, un_index.rarity)
            if any(p.how.startswith("joined") for p in match.pairs):
                continue
            if any(_keyless(p.query, p.listed, analysed, listed) for p in match.pairs):
                continue
            floor = blocking_floor(name_floor(DEFAULT_THRESHOLD))
            bound = Bounds(vocab, analysed.scored, weights, reaches, floor).pair_bound(name_id)
            assert bound >= match.score - 1e-9, (query.name, listed.original, bound, match.score)
            checked += match.score > 0.3
    assert checked > 10  # and the sample holds pairs that do agree


def _keyless(query_text: str, listed_text: str, query: AnalysedName, listed: AnalysedName) -> bool:
    """Two name tokens that no blocking key joins."""
    q = next(t for t in query.scored if t.text == query_text)
    ell = next(t for t in listed.scored if t.text == listed_text)
    if not (q.evidence and ell.evidence and q.skeleton and ell.skeleton):
        return False
    return not token_keys(q) & token_keys(ell)


@pytest.mark.parametrize(
    ("repeated", "chunk"),
    [
        (False, 17),
        (True, 7),  # later chunks meet names earlier ones compared: a worker reuses them
    ],
)
def test_parallel_screening_gives_the_serial_results(
    un_index: ScreeningIndex, queries: list[Query], repeated: bool, chunk: int
) -> None:
    batch = queries + queries[::-1] if repeated else queries
    serial = [r.as_dict() for r in screen_names(un_index, batch)]
    parallel = [r.as_dict() for r in screen_parallel(un_index, batch, workers=2, chunk=chunk)]
    assert parallel == serial


def test_the_remembered_slacks_of_a_pair_of_tokens_hold_for_their_floor_only(
    un_index: ScreeningIndex, queries: list[Query]
) -> None:
    """A query met at one floor and then at a lower one keeps what a fresh index keeps there."""
    fresh = ScreeningIndex(un_index.entries, un_index.names, un_index.rarity)
    lower = blocking_floor(name_floor(DEFAULT_THRESHOLD)) - 0.15
    kept = 0
    for query in queries:
        analysed = analyse(query.name, False)
        un_index.candidates(analysed, lower + 0.15)
        assert un_index.candidates(analysed, lower) == fresh.candidates(analysed, lower)
        kept += len(fresh.candidates(analysed, lower))
    assert kept > len(queries)


def test_a_name_given_twice_finds_the_listed_name_that_repeats_it(un_index: ScreeningIndex) -> None:
    """ "Ismail Ismail Hassan" holds one listed-name token twice and nothing else of "Ismael
    ISMAEL": neither Ismail alone reaches the floor, so blocking must pair the token with
    itself (it once paired it only with the query's other tokens, and found nothing)."""
    index = build_index([*un_index.entries, _person("TWIN.1", "Ismael ISMAEL")])
    hits = screen_names(index, [Query("Ismail Ismail Hassan", organisation=False)])[0].hits
    assert "TWIN.1" in {h.entry.source_id for h in hits}


@pytest.mark.parametrize("told", [False, True])
def test_the_entry_floor_never_drops_what_combine_would_accept(
    un_index: ScreeningIndex, queries: list[Query], told: bool
) -> None:
    """An entry whose best name falls below ``name_floor`` for the query's corroboration never
    scores the threshold, even with a date of birth and nationality that agree exactly; and a
    query that gives neither has the higher floor (0.75 against about 0.72)."""
    assert name_floor(DEFAULT_THRESHOLD, 0.75) > name_floor(DEFAULT_THRESHOLD, 1.0)
    near = 0
    for query in queries:
        analysed = analyse(query.name, False)
        reached = {un_index.names[n].entry for n in un_index.candidates(analysed, 0.3)}
        for entry in (un_index.entries[p] for p in sorted(reached)):
            if is_organisation(entry.schema) or not entry.birth_dates:
                continue
            if told:  # what the entry itself says: the most a query can agree with it
                birth, nationality = entry.birth_dates[0], next(iter(entry.nationalities), None)
                query = Query(query.name, birth_date=birth, nationality=nationality)
            names = [(analyse(n.full, False), n.quality) for n in entry.names]
            best = best_name(analysed, [n for n in names if n[0].scored], un_index.rarity)
            if best is None:
                continue
            score, _ = combine(query, analysed, entry, best)
            floor = name_floor(DEFAULT_THRESHOLD, best_corroboration(query))
            near += floor - 0.1 < best.score < floor
            if best.score < floor:
                assert score < DEFAULT_THRESHOLD, (query, entry.source_id, best.score, score)
    assert near > 0  # the sample holds names just under the floor


def test_a_name_part_finds_the_listed_initial_it_may_stand_for(un_index: ScreeningIndex) -> None:
    """ "Joanne Torres" agrees with "Manuel J Torres" on Torres and on J: blocking must reach
    the listed name through its initial as ``compare`` pairs them (0.75), not only through the
    tokens both spell out in full (with ten other listed Torres, Torres alone is not enough)."""
    given = ["Pedro", "Luis", "Carlos", "Jorge", "Pablo", "Diego", "Raul", "Hugo", "Ivan", "Omar"]
    torres = [_person(f"T.{k}", f"{name} Torres") for k, name in enumerate(given)]
    index = build_index([*un_index.entries, *torres, _person("INIT.1", "Manuel J Torres")])
    query = analyse("Joanne Torres", False)
    (name_id,) = [n for n, i in enumerate(index.names) if i.name.original == "Manuel J Torres"]
    assert compare(query, index.names[name_id].name, index.rarity).score >= 0.75
    assert name_id in index.candidates(query, blocking_floor(name_floor(DEFAULT_THRESHOLD, 0.75)))


def _person(source_id: str, name: str) -> ListEntry:
    return ListEntry("un", source_id, EntitySchema.PERSON, (EntryName(name, NameQuality.PRIMARY),))


@pytest.mark.parametrize(
    ("compound", "core"),
    [("Abdulmalik", "Malik"), ("Inayatullah", "Inayat"), ("Ahmadzai", "Ahmad")],
)
def test_a_compound_and_its_core_share_a_key(compound: str, core: str) -> None:
    """``compare`` pairs a name with a particle joined to it and the bare name (0.85); their
    skeletons differ, so blocking finds them through the core written as a key of its own."""
    a, b = (analyse(n, False).scored[0] for n in (compound, core))
    assert token_similarity(a, b)[0] >= 0.85
    assert token_keys(a) & token_keys(b)


def test_what_a_batch_remembers_gives_what_a_fresh_index_gives(
    un_index: ScreeningIndex, queries: list[Query]
) -> None:
    """Names met again after others (their tokens, pairs and runs of two and three written
    together all remembered, ``Vocabulary``) find what a fresh index finds for them."""
    joined = [Query("Wijijoko Santoso"), Query("Ramzi Binalshibh"), Query("Mohammad Hassan Akhund")]
    batch = queries + joined
    warm = screen_names(un_index, batch + batch[::-1])[len(batch) :][::-1]
    fresh = ScreeningIndex(un_index.entries, un_index.names, un_index.rarity)
    cold = screen_names(fresh, batch)
    assert [r.as_dict() for r in warm] == [r.as_dict() for r in cold]
    assert sum(1 for r in cold if r.hits) >= 5
