"""The candidate search's per-name savings change nothing: a run written together finds, through
the slip keys kept apart by script (``Vocabulary.cross_slips``), the same listed tokens in the
same order as through every slip key filtered by script; a listed token against a query's
triple, remembered for the query, is what ``listed_join`` gives afresh; ``turkish_c`` answers
as it did for every token; and screening returns the same hits and scores with each saving
replaced by the plain check. Checked on Afghan names as the demo writes them (Latin and
Perso-Arabic) and on UN list names, read as people's names and as any party."""

from __future__ import annotations

from itertools import pairwise

import pytest
from rapidfuzz import process
from rapidfuzz.distance import OSA
from tests.screening.test_blocking import _afghan, _names
from tests.screening.test_blocking_parity import _compared_here, _hits, _queries

from aidtrace import compiled
from aidtrace.names.compare import texts_read
from aidtrace.names.model import AnalysedName, NameToken, Script
from aidtrace.names.skeleton import _may_be_j, turkish_c
from aidtrace.screening import ScreeningIndex
from aidtrace.screening.blocking import (
    CUTOFF_MARGIN,
    EDIT_SIMILARITY,
    Bounds,
    Vocabulary,
    _join_similarity,
    _typo_may_merge,
    candidates,
    merge_keys,
    scanned_lengths,
)
from aidtrace.screening.match import MERGE_SIM, joined_token
from aidtrace.screening.parties import by_kind
from aidtrace.screening.query import PartyType, Query
from aidtrace.screening.screen import _analyses, blocking_floor, name_floor


def _plain_scan(self: Vocabulary, tok: NameToken, similarity: float = EDIT_SIMILARITY) -> set[int]:
    """``Vocabulary.scan`` comparing every text with every long text of the lengths in reach,
    whatever its alphabet."""
    found: set[int] = set()
    texts, ids, starts = self.by_length()
    for text in texts_read(tok):
        lengths = scanned_lengths(len(text), similarity)
        first = starts[min(lengths.start, len(starts) - 1)]
        last = starts[min(lengths.stop, len(starts) - 1)]
        if first >= last:
            continue
        near = process.extract(text, texts[first:last], scorer=OSA.normalized_similarity,
                               score_cutoff=similarity - CUTOFF_MARGIN, limit=None)  # fmt: skip
        found.update(ids[first + k] for _, _, k in near)
    return found


def _plain_merge_partners(self: Vocabulary, joined: NameToken) -> set[int]:
    """``Vocabulary.merge_partners`` looking every slip key up among all tokens and keeping
    those of the other script."""
    keys, found = self.keys, set(_plain_scan(self, joined, MERGE_SIM))
    exact, slips, typos = merge_keys(joined)
    for key in exact:
        found.update(keys.get(key, ()))
    arabic = joined.script is Script.ARABIC
    for key in slips:
        found.update(
            v for v in keys.get(key, ()) if (self.tokens[v].script is Script.ARABIC) != arabic
        )
    texts = texts_read(joined)
    typed: set[int] = set()
    for key in typos:
        typed.update(keys.get(key, ()))
    for vid in typed.difference(found):
        if _typo_may_merge(texts, texts_read(self.tokens[vid])):
            found.add(vid)
    return found


def _runs_written_together() -> list[NameToken]:
    """Runs of two and three neighbouring tokens of the sample's names, written together."""
    names = _afghan(150, seed=11) + _names("positives_un_treated.csv", 100, seed=11)
    runs = []
    for name in names:
        for query_name in _analyses_of(name):
            scored = query_name.scored
            for size in (2, 3):
                for start in range(len(scored) - size + 1):
                    text = "".join(t.text for t in scored[start : start + size])
                    runs.append(joined_token(text))
    return runs


def _analyses_of(name: str) -> list[AnalysedName]:
    return list(_analyses(Query(name, party=PartyType.ANY)).values())


def test_slips_across_scripts_find_what_the_filter_finds(un_index: ScreeningIndex) -> None:
    runs = _runs_written_together()
    assert any(r.script is Script.ARABIC for r in runs)
    assert any(r.script is Script.LATIN for r in runs)
    crossed = 0
    for vocab in by_kind(un_index).vocabularies.values():
        for run in runs:
            fast = vocab.merge_partners(run)
            plain = _plain_merge_partners(vocab, run)
            assert list(fast) == list(plain), run.text  # same tokens, met in the same order
            _, slips, _ = merge_keys(run)
            other, _ = vocab.cross_slips()[run.script is not Script.ARABIC]
            crossed += sum(1 for key in slips if key in other)
    assert crossed > 0  # the sample meets listed tokens a slip away across scripts


def test_scanning_by_alphabet_finds_what_scanning_all_finds(un_index: ScreeningIndex) -> None:
    """A text is compared only with the long texts sharing a letter with it: the same tokens
    are found, in the same order, for runs and single tokens, at the typo reading's edit
    similarity and at a join's."""
    runs = _runs_written_together()
    tokens: dict[str, NameToken] = {}
    names = _afghan(150, seed=13) + _names("positives_un_treated.csv", 100, seed=13)
    for name in names:
        for analysed in _analyses_of(name):
            tokens.update((t.text, t) for t in analysed.scored)
    found = 0
    for vocab in by_kind(un_index).vocabularies.values():
        for tok in [*runs, *tokens.values()]:
            for similarity in (EDIT_SIMILARITY, MERGE_SIM):
                fast = vocab.scan(tok, similarity)
                assert list(fast) == list(_plain_scan(vocab, tok, similarity)), tok.text
                found += len(fast)
    assert found > 0
    assert any(not t.text.isascii() for t in tokens.values())


def test_remembered_triples_are_listed_joins(un_index: ScreeningIndex) -> None:
    """What a query's ``Bounds`` remembers of a listed token against its triples is
    ``listed_join``'s similarity, worked out afresh."""
    kinds = by_kind(un_index)
    checked = 0
    for query in _queries():
        for analysed in _analyses(query).values():
            scored = analysed.scored
            for vocab in kinds.vocabularies.values():
                floor = blocking_floor(name_floor(0.75))
                weights = [un_index.token_weight(t) for t in scored]
                reaches = {i: vocab.reach(t) for i, t in enumerate(scored) if t.evidence}
                bounds = Bounds(vocab, scored, weights, reaches, floor)
                reached = {n for reach in reaches.values() for n in list(reach.names)[:40]}
                for name_id in sorted(reached | set(bounds.joins)):
                    bounds.pair_bound(name_id)
                for (vid, start), sim in bounds.triple_joins.items():
                    run = scored[start : start + 3]
                    assert len(run) == 3
                    assert sim == _join_similarity(vocab.tokens[vid], run, False)
                    checked += 1
    assert checked > 100


def test_a_query_token_against_a_listed_run_is_join_similarity(un_index: ScreeningIndex) -> None:
    """``query_join``, which answers most pairs by the run's sketch alone before its memo, is
    ``_join_similarity`` worked out afresh, the pairs that reach ``MERGE_SIM`` included."""
    kinds = by_kind(un_index)
    tokens = {t.text: t for q in _queries() for a in _analyses(q).values() for t in a.scored}
    reaching = checked = 0
    for vocab in kinds.vocabularies.values():
        runs = sorted({run for held in vocab.runs.values() for _, run in held})[::7]
        for tok in tokens.values():
            for run in runs:
                listed = tuple(vocab.tokens[v] for v in run)
                sim = vocab.query_join(tok, run)
                assert sim == _join_similarity(tok, listed, True), (tok.text, run)
                reaching += sim >= MERGE_SIM
                checked += 1
    assert checked > 100_000
    assert reaching > 0


def test_turkish_c_answers_as_for_every_letter() -> None:
    names = _afghan(100, seed=12) + _names("positives_un_treated.csv", 200, seed=12)
    words = {w for name in names for w in name.casefold().split()}
    words |= {a + b for a, b in pairwise(sorted(words))}
    assert any("c" in w for w in words)
    for word in words:
        assert turkish_c(word) == any(_may_be_j(word, i) for i in range(len(word))), word


def _forget_runs(index: ScreeningIndex) -> None:
    """Forget the runs each vocabulary, and the kinds' one table of keys, remember, so the next
    search looks them up again."""
    kinds = by_kind(index)
    for vocab in kinds.vocabularies.values():
        vocab._runs_memo.clear()
        vocab._triples_memo.clear()
    kinds.runs._recent.clear()
    kinds.runs._older.clear()


@pytest.fixture
def plain(monkeypatch: pytest.MonkeyPatch, un_index: ScreeningIndex) -> None:
    """The search with every slip key looked up among all tokens and every long text scanned
    (on the Python sources: compiled classes cannot be patched), its remembered runs
    forgotten."""
    assert not compiled.in_use()
    monkeypatch.setattr(Vocabulary, "merge_partners", _plain_merge_partners)
    monkeypatch.setattr(Vocabulary, "scan", _plain_scan)
    _forget_runs(un_index)


def _searched_some(index: ScreeningIndex) -> list[list[int]]:
    """``test_blocking_parity._searched`` on a third of its queries, at two floors."""
    kinds, found = by_kind(index), []
    for query in _queries()[::3]:
        for analysed in _analyses(query).values():
            for kind, vocab in kinds.vocabularies.items():
                for floor in (0.5, 0.65):
                    found.append([hash(kind), *candidates(vocab, analysed, floor)])
    return found


def test_the_savings_keep_the_same_candidates(
    un_index: ScreeningIndex, request: pytest.FixtureRequest
) -> None:
    if not _compared_here(request):
        return
    _forget_runs(un_index)
    fast = _searched_some(un_index)
    request.getfixturevalue("plain")
    assert _searched_some(un_index) == fast


def test_the_savings_screen_alike(un_index: ScreeningIndex, request: pytest.FixtureRequest) -> None:
    if not _compared_here(request):
        return
    _forget_runs(un_index)
    fast = _hits(un_index, 0.75)
    assert sum(map(len, fast)) > 20  # the sample meets the list
    request.getfixturevalue("plain")
    assert _hits(un_index, 0.75) == fast
