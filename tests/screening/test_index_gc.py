"""Indexes built, read and dropped leave nothing behind: the memory of a long-running process
(the desk reading each new list snapshot) does not grow with every index it has held."""

from __future__ import annotations

import gc
import weakref
from collections.abc import Callable

import pytest

from aidtrace.screening import ScreeningIndex, build_index
from aidtrace.screening.parties import by_kind
from aidtrace.screening.persist import dump_index, read_index

LOADS = 4


@pytest.fixture(scope="module")
def saved(un_index: ScreeningIndex) -> bytes:
    """A small saved index (the first 150 UN entries), as ``persist`` writes it."""
    return dump_index(build_index(un_index.entries[:150]))


def _retained() -> int:
    """Objects the collector tracks or has frozen, garbage collected first."""
    gc.collect()
    return len(gc.get_objects()) + gc.get_freeze_count()


def _read(saved: bytes) -> None:
    index = read_index(saved)
    index.vocabulary  # noqa: B018  (built, then dropped with the index)


def _built(saved: bytes) -> None:
    index = read_index(saved)
    index.names.append(index.names[0])  # its kinds built again
    by_kind(index)


@pytest.mark.parametrize("load", [_read, _built], ids=["read", "read and rebuilt"])
def test_dropped_indexes_leave_nothing_behind(saved: bytes, load: Callable[[bytes], None]) -> None:
    load(saved)  # the first fills the memos every later one shares
    before = _retained()
    for _ in range(LOADS):
        load(saved)
    # one index of 150 entries is thousands of objects: a slack of 200 tells a leak from noise
    assert _retained() - before < 200


def test_a_vocabulary_build_freezes_nothing(saved: bytes) -> None:
    before = gc.get_freeze_count()
    for _ in range(LOADS):
        _read(saved)
    assert gc.get_freeze_count() == before


class _Cyclic:
    def __init__(self) -> None:
        self.me = self


def test_garbage_left_when_a_vocabulary_is_built_is_still_collected(saved: bytes) -> None:
    """A freeze at that moment would keep it for the life of the process."""
    index = read_index(saved)
    gc.disable()
    try:
        garbage = _Cyclic()
        gone = weakref.ref(garbage)
        del garbage
        index.vocabulary  # noqa: B018
    finally:
        gc.enable()
    gc.collect()
    assert gone() is None
