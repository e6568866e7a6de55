"""The screening box's index cache: after a write, a search reads the lists' label from their
head history in one query, and loads the index again only when the label changed."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest

from aidtrace.screening.workspace_index import snapshot_label
from aidtrace.web import search
from aidtrace.web.search import IndexCache, current_label, search_names
from aidtrace.workspace import Workspace


def _counting(monkeypatch: pytest.MonkeyPatch) -> tuple[list[str], list[str]]:
    """The labels read and the indexes loaded from now on."""
    read: list[str] = []
    loaded: list[str] = []
    real_label, real_index = search.current_label, search.current_index

    def label(ws: Workspace) -> str:
        read.append(real_label(ws))
        return read[-1]

    def index(ws: Workspace) -> object:
        loaded.append(read[-1])
        return real_index(ws)

    monkeypatch.setattr(search, "current_label", label)
    monkeypatch.setattr(search, "current_index", index)
    return read, loaded


def test_the_label_from_the_heads_is_the_snapshots_label(seeded_path: Path) -> None:
    with Workspace.open(seeded_path) as ws:
        assert current_label(ws) == snapshot_label(ws)
        assert current_label(ws)


@pytest.mark.parametrize("generations", [(1, 1, 1), (1, 2), (1, 2, 3, 4)])
def test_a_search_after_a_write_reads_the_label_in_one_query(
    seeded_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    engine_queries: Callable[[Workspace], list[str]],
    generations: tuple[int, ...],
) -> None:
    read, loaded = _counting(monkeypatch)
    cache = IndexCache()
    with Workspace.open(seeded_path) as ws:
        cache.get(ws, 0)  # warm
        read.clear()
        asked = engine_queries(ws)
        found = [search_names(ws, cache, "Baradar", 5, g)["results"] for g in generations]
    assert len(read) == len(set(generations))  # once per generation
    assert len(asked) == len(set(generations))  # and that is the search's only query
    assert len(loaded) == 1  # the warm-up's
    assert all(f == found[0] for f in found)
    assert found[0]


def test_a_new_current_snapshot_has_the_index_loaded_again(
    seeded_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    read, loaded = _counting(monkeypatch)
    cache = IndexCache()
    with Workspace.open(seeded_path) as ws:
        first = cache.get(ws, 1)
        [row] = ws.engine.query(
            "SELECT list_name, snapshot_id FROM list_heads ORDER BY seq DESC LIMIT 1"
        ).to_pylist()
        # The same snapshot made current again: the label, and so the index, stay.
        ws.engine.execute(
            "INSERT INTO list_heads VALUES (?, 99, ?, now(), 'loaded', 'test', '')",
            (row["list_name"], row["snapshot_id"]),
        )
        again = cache.get(ws, 2)
        assert again is first
        assert len(loaded) == 1
        # Another snapshot made current: a new label, the index is loaded again.
        ws.engine.execute(
            "INSERT INTO list_snapshots SELECT * REPLACE (snapshot_id || 'x' AS snapshot_id, "
            "version + 1000 AS version) "
            "FROM list_snapshots WHERE snapshot_id = ?",
            (row["snapshot_id"],),
        )
        ws.engine.execute(
            "INSERT INTO list_heads VALUES (?, 100, ?, now(), 'loaded', 'test', '')",
            (row["list_name"], f"{row['snapshot_id']}x"),
        )
        cache.get(ws, 3)
    assert read[-1] != read[0]
    assert loaded == [read[0], read[-1]]
