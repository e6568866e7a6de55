"""The screening box's query: one name against the workspace's current screening index.

The index is loaded once per set of list snapshots and kept by the desk; a new list load
changes the snapshot label, and the next search loads the new index. The label is read again
only after the desk has written to the store (its ``generation`` moved on), from the lists'
head history in one cheap query: most writes (comments, decisions) leave it as it was.

The desk screens one name set at a time (``IndexCache.screening``): the search box, the warm-up
and a rescreen all work on the same index, and the matcher's memos (on the index and in module
globals, compiled by ``aidtrace.compiled``) are written as they are read.
"""

from __future__ import annotations

import threading
from dataclasses import dataclass
from datetime import date
from typing import Any

from aidtrace.screening import DEFAULT_THRESHOLD, ScreeningIndex, screen_names
from aidtrace.screening.evidence import uncompared
from aidtrace.screening.query import PartyType, Query, read_query
from aidtrace.screening.screen import Hit
from aidtrace.screening.workspace_index import current_index
from aidtrace.watchlists.store import CURRENT_IDS
from aidtrace.workspace import Workspace

MIN_QUERY = 2


def current_label(ws: Workspace) -> str:
    """The current snapshots as one label, e.g. "ofac_sdn@3+un@2" (what ``snapshot_label``
    reads, from the head history alone: no snapshot record is read)."""
    rows = ws.engine.query(CURRENT_IDS).to_pylist()
    return "+".join(sorted(str(r["snapshot_id"]) for r in rows))


class IndexCache:
    """The screening index of the current snapshots, reloaded when they change."""

    def __init__(self) -> None:
        self._label = ""
        self._index: ScreeningIndex | None = None
        self._checked: int | None = None  # the desk generation the label was last read at
        self._lock = threading.Lock()
        # held while a thread screens against this desk's indexes: a flaky corruption of the
        # compiled matcher's memos was seen with two threads screening at once
        self.screening = threading.Lock()

    def get(self, ws: Workspace, generation: int | None = None) -> ScreeningIndex | None:
        """The index; ``generation`` unchanged since the last call means the lists are too."""
        if generation is not None and generation == self._checked and self._index is not None:
            return self._index
        label = current_label(ws)
        if not label:
            return None
        with self._lock:
            self._checked = generation
            if self._index is None or label != self._label:
                self._index, self._label = current_index(ws), label
            return self._index


@dataclass(frozen=True)
class Told:
    """What the officer says of the party beside its name, as typed (empty: not said); read
    as ``aidtrace screen`` and a ``--file`` read them (``screening.query.read_query``)."""

    gender: str = ""
    dob: str = ""
    nationality: str = ""
    identifier: str = ""


UNTOLD = Told()


def search_names(
    ws: Workspace,
    cache: IndexCache,
    query: str,
    limit: int,
    generation: int | None = None,
    party: PartyType = PartyType.ANY,
    told: Told = UNTOLD,
) -> dict[str, Any]:
    """Ranked entries with explanations; ``available`` is false until a list is loaded.
    ``told``: the screened party's gender, birth date, nationality and document number, where
    known, each compared with the listed party's.

    A query with nothing to screen in it ("!!!", an emoji), or evidence that cannot be read,
    raises ``InputError``: an empty result would read as a clear. An empty box is no query and
    answers no results."""
    screened = (
        read_query(
            query,
            date.today(),
            birth_date=told.dob or None,
            nationality=told.nationality or None,
            party=party,
            gender=told.gender or None,
            identifiers=(told.identifier,),
        )
        if query.strip()
        else None
    )
    text = screened.name if screened else ""
    index = cache.get(ws, generation)
    if screened is None or index is None or len(text) < MIN_QUERY:
        return {"query": text, "party": party.value, "available": index is not None, "results": []}
    with cache.screening:
        [result] = screen_names(index, [screened], DEFAULT_THRESHOLD, limit)
    return {
        "query": text,
        "party": party.value,
        "available": True,
        "threshold": DEFAULT_THRESHOLD,
        "results": [_hit(h, screened) for h in result.hits],
    }


# The evidence beside the name a hit's view lists, each as the explanation names it
EVIDENCE_FIELDS = ("birth_date", "nationality", "gender", "identifiers")


def _hit(found: Hit, screened: Query) -> dict[str, Any]:
    hit: dict[str, Any] = found.as_dict()
    explanation = hit["explanation"]
    original = next((n.full for n in found.entry.names if not n.full.isascii()), None)
    # each piece of evidence compared, by its agreement; then each given that counted for
    # nothing, by why ("not on the list")
    evidence = [
        {"field": field, "said": explanation[field]["agreement"]}
        for field in EVIDENCE_FIELDS
        if explanation[field]["agreement"] != "unknown"
    ]
    evidence += [{"field": f, "said": why} for f, why in uncompared(screened, found.entry)]
    return {
        **hit,
        "name_original": original,
        "evidence": evidence,
        "why": [
            f"{p['query']} ↔ {p['listed']} ({p['how']}, {p['similarity']:.2f})"
            for p in explanation["pairs"]
        ]
        + [f"birth date: {explanation['birth_date']['agreement']}"]
        * (explanation["birth_date"]["agreement"] != "unknown"),
    }
