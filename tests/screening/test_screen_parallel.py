"""``screen_parallel``: the workers' results are the serial ones, their entries the caller's own,
and a call leaves the caller's collector as it found it."""

from __future__ import annotations

import gc
import weakref
from collections.abc import Iterator

import pytest

from aidtrace.screening import Query, ScreeningIndex, screen_names
from aidtrace.screening.query import PartyType
from aidtrace.screening.screen import screen_parallel

NAMES = (
    "Mohammad Omar",
    "Abdul Ghani Baradar",
    "Sirajuddin Haqqani",
    "محمد عمر",
    "Jalaluddin Haqani",
    "Anna Schmidt",
    "Al-Qaida",
    "Abdul Baqi Basir Awal Shah",
)


PARTIES = (PartyType.PERSON, PartyType.ANY, PartyType.ORGANISATION)


def _queries() -> list[Query]:
    """Each name as each kind of party (read as a person's, a firm's, or both)."""
    return [Query(name, f"q{i}", party=PARTIES[i % 3]) for i, name in enumerate(NAMES * 3)]


@pytest.fixture
def thawed() -> Iterator[None]:
    """The test's process with nothing frozen, and left so (``gc.freeze`` is process-wide)."""
    gc.unfreeze()
    yield
    gc.unfreeze()


@pytest.mark.parametrize("frozen_before", [False, True])
def test_a_call_leaves_the_callers_frozen_objects_as_they_were(
    un_index: ScreeningIndex, thawed: None, frozen_before: bool
) -> None:
    """A long-running process (the desk, an import of many batches) calls this again and again:
    each call once froze whatever the process held, garbage included, for good."""
    if frozen_before:
        gc.freeze()
    before = gc.get_freeze_count()
    for _ in range(2):
        results = list(screen_parallel(un_index, _queries(), workers=2, chunk=4))
        assert any(r.hits for r in results)
        # Nothing frozen by the call; what was frozen stays so, less what died meanwhile (a
        # frozen object whose last reference goes is freed and leaves the count).
        assert gc.get_freeze_count() <= before
        assert gc.get_freeze_count() >= before // 2


class Cycle:
    """Garbage only the collector frees: it refers to itself."""

    def __init__(self) -> None:
        self.me = self


def test_garbage_alive_at_a_call_is_still_collected_after_it(
    un_index: ScreeningIndex, thawed: None
) -> None:
    """Garbage the collector had not yet come to when the workers were forked was frozen with
    the rest, and never freed."""
    cycle = Cycle()
    gone = weakref.ref(cycle)
    del cycle
    gc.disable()  # the cycle stays uncollected until the call is over
    try:
        list(screen_parallel(un_index, _queries(), workers=2, chunk=4))
    finally:
        gc.enable()
    gc.collect()
    assert gone() is None


@pytest.mark.parametrize("chunk", [1, 5, 100])
def test_workers_give_the_serial_results_with_the_callers_own_entries(
    un_index: ScreeningIndex, chunk: int
) -> None:
    """The workers send each hit's entry back by its place in the index (an entry pickled whole
    carries its source fragment): the parent's hits hold its own entry objects, equal to what
    the serial run gives, in the same order."""
    queries = _queries()
    serial = screen_names(un_index, queries, limit=5)
    parallel = list(screen_parallel(un_index, queries, limit=5, workers=2, chunk=chunk))
    assert [r.query for r in parallel] == queries
    assert [r.as_dict() for r in parallel] == [r.as_dict() for r in serial]
    pairs = zip(parallel, serial, strict=True)
    hits = [hit for p, s in pairs for hit in zip(p.hits, s.hits, strict=True)]
    assert len(hits) >= 5
    for mine, theirs in hits:
        assert mine.entry is theirs.entry
        assert mine == theirs
