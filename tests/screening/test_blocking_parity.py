"""The shortcuts of blocking give what the plain checks give: the candidate search with every
shortcut in place (joins remembered per token and run, names the bound leaves out rescued in
one call, names and lists of names left out by the most the other tokens can add) keeps the
same list names, and screening returns the same hits and scores, as the search with each
shortcut replaced by the check it stands for. Checked on Afghan names as the demo writes them
and on UN list names as yente's fixtures give them, read as people's names and as any party."""

from __future__ import annotations

import math
import subprocess
import sys

import pytest
from tests.screening.test_blocking import _afghan, _names
from tests.screening.test_compiled import on_the_sources

from aidtrace import compiled
from aidtrace.names.analyze import analyse
from aidtrace.screening import Query, ScreeningIndex, blocking, screen_names
from aidtrace.screening.blocking import Bounds, candidates
from aidtrace.screening.match import MERGE_SIM, every_join, may_join
from aidtrace.screening.parties import Kind, by_kind
from aidtrace.screening.query import PartyType
from aidtrace.screening.screen import _analyses, blocking_floor, name_floor
from aidtrace.watchlists.model import NameQuality

FLOORS = (0.0, 0.5, 0.65)


def _plain_every_join(
    self: Bounds, ids: tuple[int, ...], listed: tuple[object, ...]
) -> list[tuple[float, tuple[int, ...], tuple[int, ...]]]:
    return [(sim, q, ell) for sim, q, ell, _ in every_join(self.scored, listed)]  # type: ignore[arg-type]


def _plain_may_join(
    self: Bounds, ids: tuple[int, ...], listed: tuple[object, ...], q: list[int], ell: list[int]
) -> bool:
    return may_join(self.scored, listed, q, ell)  # type: ignore[arg-type]


def _plain_rescue_all(self: Bounds, failing: list[int], kept: list[tuple[float, int]]) -> None:
    for name_id in failing:
        self.rescue(name_id, kept)


def _compared_here(request: pytest.FixtureRequest) -> bool:
    """Whether this test's comparison runs in this process. Compiled classes and constants
    cannot be patched, so under the compiled modules (a wheel install) the test runs again in a
    child process on the Python sources, and must pass there."""
    if not compiled.in_use():
        return True
    child = [sys.executable, "-m", "pytest", "-q", "-p", "no:cacheprovider", request.node.nodeid]
    done = subprocess.run(
        child,
        cwd=request.config.rootpath,
        env=on_the_sources(),
        capture_output=True,
        text=True,
        check=False,
    )
    assert done.returncode == 0, done.stdout[-4000:]
    return False


@pytest.fixture
def plain(monkeypatch: pytest.MonkeyPatch) -> None:
    """Blocking with every shortcut replaced by the check it stands for (on the Python
    sources: compiled classes and constants cannot be patched)."""
    assert not compiled.in_use()
    monkeypatch.setattr(Bounds, "_every_join", _plain_every_join)
    monkeypatch.setattr(Bounds, "_may_join", _plain_may_join)
    monkeypatch.setattr(Bounds, "rescue_all", _plain_rescue_all)
    monkeypatch.setattr(blocking, "ROUNDING", math.inf)  # nothing left out by the most added


def _queries() -> list[Query]:
    names = _afghan(120, seed=5) + _names("positives_un_treated.csv", 80, seed=5)
    return [
        Query(name, str(i), party=PartyType.ANY if i % 2 else PartyType.PERSON)
        for i, name in enumerate(names)
    ]


def _searched(index: ScreeningIndex) -> list[list[int]]:
    kinds, found = by_kind(index), []
    for query in _queries():
        for analysed in _analyses(query).values():
            for kind, vocab in kinds.vocabularies.items():
                for floor in FLOORS:
                    found.append([hash(kind), *candidates(vocab, analysed, floor)])
    return found


def _hits(index: ScreeningIndex, threshold: float) -> list[list[tuple[str, float]]]:
    results = screen_names(index, _queries(), threshold, limit=1000)
    return [[(h.entry.source_id, h.score) for h in r.hits] for r in results]


def test_the_shortcuts_keep_the_same_candidates(
    un_index: ScreeningIndex, request: pytest.FixtureRequest
) -> None:
    if not _compared_here(request):
        return
    fast = _searched(un_index)
    request.getfixturevalue("plain")
    assert _searched(un_index) == fast


@pytest.mark.parametrize("threshold", [0.6, 0.75])
def test_the_shortcuts_screen_alike(
    un_index: ScreeningIndex, request: pytest.FixtureRequest, threshold: float
) -> None:
    if not _compared_here(request):
        return
    fast = _hits(un_index, threshold)
    assert sum(map(len, fast)) > 20  # the sample meets the list
    request.getfixturevalue("plain")
    assert _hits(un_index, threshold) == fast


def test_remembered_joins_are_the_matchers(un_index: ScreeningIndex) -> None:
    """Every join the matcher finds between a query and a listed name the search keeps is
    found, at the same similarity, by the remembered joins; and ``may_join`` agrees."""
    kinds = by_kind(un_index)
    vocab = kinds.vocabularies[next(iter(kinds.vocabularies))]
    compared = 0
    for query in _queries():
        analysed = _analyses(query)[False]
        floor = blocking_floor(name_floor(0.75))
        weights = [un_index.token_weight(t) for t in analysed.scored]
        reaches = {i: vocab.reach(t) for i, t in enumerate(analysed.scored) if t.evidence}
        bounds = Bounds(vocab, analysed.scored, weights, reaches, floor)
        for name_id in candidates(vocab, analysed, 0.3)[:20]:
            ids = vocab.name_tokens[name_id]
            listed = tuple(vocab.tokens[v] for v in ids)
            expected = {
                (round(s, 12), q, ell) for s, q, ell, _ in every_join(bounds.scored, listed)
            }
            found = {(round(s, 12), q, ell) for s, q, ell in bounds._every_join(ids, listed)}
            assert found == expected, (query.name, name_id)
            q_all, l_all = list(range(len(analysed.scored))), list(range(len(ids)))
            for q_part, l_part in ((q_all[:1], l_all[-1:]), (q_all[-1:], l_all[:1])):
                fast = bounds._may_join(ids, listed, q_part, l_part)
                assert fast == may_join(analysed.scored, listed, q_part, l_part)
            compared += 1
    assert compared > 200
    assert MERGE_SIM > 0  # joins under it are never found by either


def _spaced_otherwise(index: ScreeningIndex) -> list[str]:
    """Listed people's names with their first two parts written together, and again with a
    letter dropped: alike to the listed name written without spaces, or nearly."""
    names = [
        n.name.original
        for n in index.names
        if n.quality is NameQuality.PRIMARY and len(n.name.original.split()) >= 3
    ][:60]
    found = []
    for name in names:
        first, second, *rest = name.split()
        joined = " ".join([first + second.lower(), *rest])
        middle = len(joined) // 2
        found += [joined, joined[:middle] + joined[middle + 1 :]]
    return found


@pytest.mark.parametrize("floor", [0.0, 0.55, 0.65, 0.75])
def test_rescuing_in_one_call_keeps_what_rescuing_one_by_one_keeps(
    un_index: ScreeningIndex, floor: float
) -> None:
    """Names left out by bound 1 and alike to the query written without spaces ("Wijijoko
    Santoso" / WIJI JOKO SANTOSO) are kept by ``rescue_all`` exactly as by ``rescue``."""
    vocab = by_kind(un_index).vocabularies[Kind.PERSON]
    kept_any = 0
    for name in _spaced_otherwise(un_index):
        analysed = analyse(name, False)
        weights = [un_index.token_weight(t) for t in analysed.scored]
        reaches = {i: vocab.reach(t) for i, t in enumerate(analysed.scored) if t.evidence}
        bounds = Bounds(vocab, analysed.scored, weights, reaches, floor)
        # the listed names written with the same first letters: the ones a rescue may keep
        head = bounds.joined[:2]
        failing = [n for n, joined in enumerate(vocab.joined) if joined[:2] == head]
        one_by_one: list[tuple[float, int]] = []
        for name_id in failing:
            bounds.rescue(name_id, one_by_one)
        at_once: list[tuple[float, int]] = []
        bounds.rescue_all(failing, at_once)
        assert sorted(at_once) == sorted(one_by_one), name
        kept_any += len(one_by_one)
    assert kept_any > 0  # the sample has names to rescue
