"""The screening box's query: one name against the workspace's current screening index.

The index is loaded once per set of list snapshots and kept by the desk; a new list load
changes the snapshot label, and the next search loads the new index. The label itself is read
again only after the desk has written to the store (its ``generation`` moved on) and the lists'
head history changed: most writes (comments, decisions) leave the lists alone, and the label's
query costs a search more than the screening does.

The desk screens one name set at a time (``IndexCache.screening``): the search box, the warm-up
and a rescreen all work on the same index, and the matcher's memos (on the index and in module
globals, compiled by ``aidtrace.compiled``) are written as they are read.
"""

from __future__ import annotations

import threading
from typing import Any

from aidtrace.screening import DEFAULT_THRESHOLD, Query, ScreeningIndex, screen_names
from aidtrace.screening.query import PartyType, screenable_name
from aidtrace.screening.workspace_index import current_index, snapshot_label
from aidtrace.workspace import Workspace

MIN_QUERY = 2
# The lists' head history is insert-only: a list whose current snapshot changes gains a row.
_HEADS = "SELECT count(*) AS n, bit_xor(hash(list_name, seq, snapshot_id)) AS h FROM list_heads"


def heads(ws: Workspace) -> tuple[object, ...]:
    """A fingerprint of which snapshot of every list is current, in one cheap query."""
    [row] = ws.engine.query(_HEADS).to_pylist()
    return row["n"], row["h"]


class IndexCache:
    """The screening index of the current snapshots, reloaded when they change."""

    def __init__(self) -> None:
        self._label = ""
        self._index: ScreeningIndex | None = None
        self._checked: int | None = None  # the desk generation the label was last read at
        self._heads: tuple[object, ...] | None = None  # the lists' heads the label was read at
        self._lock = threading.Lock()
        # held while a thread screens against this desk's indexes: a flaky corruption of the
        # compiled matcher's memos was seen with two threads screening at once
        self.screening = threading.Lock()

    def get(self, ws: Workspace, generation: int | None = None) -> ScreeningIndex | None:
        """The index; ``generation`` unchanged since the last call means the lists are too."""
        if generation is not None and generation == self._checked and self._index is not None:
            return self._index
        now = heads(ws)
        with self._lock:
            if self._index is not None and now == self._heads:
                self._checked = generation
                return self._index
        label = snapshot_label(ws)
        if not label:
            return None
        with self._lock:
            self._checked, self._heads = generation, now
            if self._index is None or label != self._label:
                self._index, self._label = current_index(ws), label
            return self._index


def search_names(
    ws: Workspace,
    cache: IndexCache,
    query: str,
    limit: int,
    generation: int | None = None,
    party: PartyType = PartyType.ANY,
    gender: str | None = None,
) -> dict[str, Any]:
    """Ranked entries with explanations; ``available`` is false until a list is loaded.
    ``gender`` (``male``, ``female`` or None) is the screened person's, where known.

    A query with nothing to screen in it ("!!!", an emoji) raises ``InputError``: an empty
    result would read as a clear. An empty box is no query and answers no results."""
    text = screenable_name(query) if query.strip() else ""
    index = cache.get(ws, generation)
    if index is None or len(text) < MIN_QUERY:
        return {"query": text, "party": party.value, "available": index is not None, "results": []}
    screened = Query(text, text, party=party, gender=gender)
    with cache.screening:
        [result] = screen_names(index, [screened], DEFAULT_THRESHOLD, limit)
    return {
        "query": text,
        "party": party.value,
        "available": True,
        "threshold": DEFAULT_THRESHOLD,
        "results": [_hit(h.as_dict(), h.entry.names) for h in result.hits],
    }


def _hit(hit: dict[str, Any], names: Any) -> dict[str, Any]:
    explanation = hit["explanation"]
    original = next((n.full for n in names if not n.full.isascii()), None)
    return {
        **hit,
        "name_original": original,
        "why": [
            f"{p['query']} ↔ {p['listed']} ({p['how']}, {p['similarity']:.2f})"
            for p in explanation["pairs"]
        ]
        + [f"birth date: {explanation['birth_date']['agreement']}"]
        * (explanation["birth_date"]["agreement"] != "unknown"),
    }
