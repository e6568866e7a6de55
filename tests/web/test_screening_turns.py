"""The desk screens one name set at a time: the search box, the warm-up and a rescreen share one
index, whose compiled matcher keeps memos that two threads must not use at once."""

from __future__ import annotations

import threading
import time
from pathlib import Path
from types import SimpleNamespace
from typing import Any

import pytest

from aidtrace.screening import screen_names
from aidtrace.web import rescreen, search
from aidtrace.web.search import IndexCache, search_names
from aidtrace.workspace import Workspace

NAMES = ("Haji Sahab", "Akmad", "Mohammad Omar", "Abdul Basir", "Taliban", "Gul Agha")


class Overlap:
    """Counts how many threads are inside the wrapped function at once."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self.inside = 0
        self.most = 0

    def wrap(self, real: Any) -> Any:
        def counted(*args: Any, **kwargs: Any) -> Any:
            with self._lock:
                self.inside += 1
                self.most = max(self.most, self.inside)
            try:
                time.sleep(0.01)  # long enough for another thread to come in, were it let
                return real(*args, **kwargs)
            finally:
                with self._lock:
                    self.inside -= 1

        return counted


def _searched(ws: Workspace, cache: IndexCache, names: tuple[str, ...]) -> list[list[str]]:
    return [
        [hit["source_id"] for hit in search_names(ws, cache, q, 20, generation=1)["results"]]
        for q in names
    ]


def test_searches_beside_each_other_screen_in_turn_with_the_same_results(
    seeded_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    overlap = Overlap()
    monkeypatch.setattr(search, "screen_names", overlap.wrap(screen_names))
    cache = IndexCache()
    with Workspace.open(seeded_path) as ws:
        alone = _searched(ws, cache, NAMES)  # also loads the index for generation 1
        found: dict[int, list[list[str]]] = {}

        def run(k: int) -> None:
            found[k] = _searched(ws, cache, NAMES[k:] + NAMES[:k])

        threads = [threading.Thread(target=run, args=(k,)) for k in range(4)]
        for t in threads:
            t.start()
        for t in threads:
            t.join()
    assert overlap.most == 1
    for k, lists in found.items():
        assert lists == alone[k:] + alone[:k]


def test_a_rescreen_batch_takes_the_screening_turn(monkeypatch: pytest.MonkeyPatch) -> None:
    """``screen_changes`` screens each batch inside the turn it is given (the desk gives it the
    search box's lock), so a search never runs beside it."""
    cache = IndexCache()
    held: list[bool] = []

    def rescreen_batch(*args: Any, **kwargs: Any) -> list[Any]:
        held.append(cache.screening.locked())
        return []

    class Snapshot:
        current = True
        snapshot_id = "un@2"

    class Diff:
        rescreen_ids = frozenset({"QDi.001"})
        list_name = "un"

    monkeypatch.setattr(rescreen, "get_snapshot", lambda ws, sid: Snapshot())
    monkeypatch.setattr(rescreen, "stored_diff", lambda ws, sid: Diff())
    monkeypatch.setattr(rescreen, "cleared", lambda ws: frozenset())
    monkeypatch.setattr(rescreen, "organisation_queries", lambda ws: ["org"] * 450)
    monkeypatch.setattr(rescreen, "rescreen", rescreen_batch)
    ws: Any = object()
    index: Any = SimpleNamespace(snapshot="un@2")
    rescreen.screen_changes(ws, "un@2", index, lambda *a: None, cache.screening)
    assert held == [True, True, True]
    assert not cache.screening.locked()
