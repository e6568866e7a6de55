"""A query's runs written together, looked up once in the kinds' one table of keys
(``blocking.RunTable``), find in each kind's vocabulary what its own keys and scan find: the same
listed tokens with the same similarities, so the same candidates and the same hits. Checked on
Afghan names as the demo writes them (Latin and Perso-Arabic) and on UN list names, read as
people's names and as any party, against the UN list."""

from __future__ import annotations

import pytest
from tests.screening.test_blocking import _afghan, _names
from tests.screening.test_blocking_parity import _hits, _queries
from tests.screening.test_search_speed_parity import _forget_runs

from aidtrace.names.model import NameToken
from aidtrace.screening import ScreeningIndex
from aidtrace.screening.blocking import RunTable, Vocabulary, candidates
from aidtrace.screening.parties import Kind, by_kind
from aidtrace.screening.query import PartyType, Query
from aidtrace.screening.screen import _analyses

FLOORS = (0.0, 0.5, 0.65)


def _runs() -> list[tuple[NameToken, ...]]:
    """Runs of two and three neighbouring tokens of sample names, in both readings."""
    names = _afghan(150, seed=21) + _names("positives_un_treated.csv", 150, seed=21)
    runs: dict[tuple[NameToken, ...], None] = {}
    for name in names:
        for analysed in _analyses(Query(name, party=PartyType.ANY)).values():
            scored = analysed.scored
            for size in (2, 3):
                for start in range(len(scored) - size + 1):
                    runs[scored[start : start + size]] = None
    return list(runs)


def _own(vocab: Vocabulary, run: tuple[NameToken, ...]) -> list[tuple[int, float]]:
    """What the table finds for ``run`` that is ``vocab``'s, in its ids."""
    table = vocab.shared
    assert table is not None
    return table.run_partners(run, vocab)


def test_the_table_finds_what_each_kind_finds(un_index: ScreeningIndex) -> None:
    kinds = by_kind(un_index)
    found = 0
    for run in _runs():
        for vocab in kinds.vocabularies.values():
            plain = sorted(vocab.run_partners(run))
            assert sorted(_own(vocab, run)) == plain, [t.text for t in run]
            found += len(plain)
    assert found > 50  # the sample's runs meet listed tokens


def test_the_table_holds_each_kinds_tokens_as_they_are(un_index: ScreeningIndex) -> None:
    """Every keyed token of every kind is in the table once, as the kind holds it, with the
    kind's keys; a token two kinds hold is one."""
    kinds = by_kind(un_index)
    table = kinds.runs.table
    assert len(set(table.tokens)) == len(table.tokens)
    held = 0
    for vocab in kinds.vocabularies.values():
        assert vocab.shared is kinds.runs
        assert sorted(vocab.shared_ids.values()) == sorted(vocab.keyed_ids)
        for tid, vid in vocab.shared_ids.items():
            assert table.tokens[tid] == vocab.tokens[vid]
        for key, vids in vocab.keys.items():
            in_table = {vocab.shared_ids.get(tid) for tid in table.keys[key]}
            assert in_table.issuperset(vids), key
        held += len(vocab.shared_ids)
    in_table = {tid for vocab in kinds.vocabularies.values() for tid in vocab.shared_ids}
    assert held > len(in_table)  # some tokens are held by two kinds


def _unshared(monkeypatch: pytest.MonkeyPatch, index: ScreeningIndex) -> None:
    """Each kind looks runs up in its own keys again, its remembered runs forgotten."""
    for vocab in by_kind(index).vocabularies.values():
        monkeypatch.setattr(vocab, "shared", None)
        vocab._runs_memo.clear()
        vocab._triples_memo.clear()


def _searched(index: ScreeningIndex) -> list[list[int]]:
    kinds, found = by_kind(index), []
    for query in _queries():
        for analysed in _analyses(query).values():
            for kind in Kind:
                for floor in FLOORS:
                    found.append(
                        [hash(kind), *candidates(kinds.vocabularies[kind], analysed, floor)]
                    )
    return found


def test_the_table_keeps_the_same_candidates(
    un_index: ScreeningIndex, monkeypatch: pytest.MonkeyPatch
) -> None:
    _forget_runs(un_index)
    shared = _searched(un_index)
    assert by_kind(un_index).runs._recent  # the runs were looked up in the table
    _unshared(monkeypatch, un_index)
    assert _searched(un_index) == shared


@pytest.mark.parametrize("threshold", [0.6, 0.75])
def test_the_table_screens_alike(
    un_index: ScreeningIndex, monkeypatch: pytest.MonkeyPatch, threshold: float
) -> None:
    _forget_runs(un_index)
    shared = _hits(un_index, threshold)
    assert sum(map(len, shared)) > 20  # the sample meets the list
    _unshared(monkeypatch, un_index)
    assert _hits(un_index, threshold) == shared


def test_a_vocabulary_grown_after_the_table_looks_runs_up_itself(
    un_index: ScreeningIndex,
) -> None:
    """Names added to a vocabulary after the table was built are not in the table: that
    vocabulary looks its runs up in its own keys again."""
    grown, plain = Vocabulary(un_index.rarity), Vocabulary(un_index.rarity)
    for name in un_index.names[:50]:
        grown.add_name(name.name)
    RunTable([grown])
    assert grown.shared is not None
    for name in un_index.names[50:]:
        grown.add_name(name.name)
    for name in un_index.names:
        plain.add_name(name.name)
    for query in _queries()[:40]:
        for analysed in _analyses(query).values():
            assert candidates(grown, analysed, 0.5) == candidates(plain, analysed, 0.5)
