"""The screening box's index cache: the lists' label is read again only when their heads moved."""

from __future__ import annotations

from pathlib import Path

import pytest

from aidtrace.web import search
from aidtrace.web.search import IndexCache, search_names
from aidtrace.workspace import Workspace


def _counting(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    read: list[str] = []
    real = search.snapshot_label

    def label(ws: Workspace) -> str:
        read.append(real(ws))
        return read[-1]

    monkeypatch.setattr(search, "snapshot_label", label)
    return read


@pytest.mark.parametrize("generations", [(1, 2), (1, 2, 3, 4)])
def test_a_write_that_leaves_the_lists_alone_keeps_the_index_unread(
    seeded_path: Path, monkeypatch: pytest.MonkeyPatch, generations: tuple[int, ...]
) -> None:
    read = _counting(monkeypatch)
    cache = IndexCache()
    with Workspace.open(seeded_path) as ws:
        found = [search_names(ws, cache, "Baradar", 5, g)["results"] for g in generations]
    assert len(read) == 1
    assert read[0]
    assert all(f == found[0] for f in found)
    assert found[0]


def test_a_new_head_of_a_list_has_the_label_read_again(
    seeded_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    read = _counting(monkeypatch)
    cache = IndexCache()
    with Workspace.open(seeded_path) as ws:
        first = cache.get(ws, 1)
        [row] = ws.engine.query(
            "SELECT list_name, snapshot_id FROM list_heads ORDER BY seq DESC LIMIT 1"
        ).to_pylist()
        ws.engine.execute(
            "INSERT INTO list_heads VALUES (?, 99, ?, now(), 'loaded', 'test', '')",
            (row["list_name"], row["snapshot_id"]),
        )
        again = cache.get(ws, 2)
        cache.get(ws, 3)
    assert len(read) == 2
    assert read[0] == read[1]
    assert first is not None
    assert again is first
