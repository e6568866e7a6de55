"""Rescreening on a list update: only the added and amended entries can raise new hits, so only
they are screened; the rarity of the whole list is kept so scores stay comparable."""

from __future__ import annotations

from collections.abc import Collection, Iterable

from aidtrace.screening.decisions import DecisionKey, suppress_cleared
from aidtrace.screening.index import ScreeningIndex, add_entry
from aidtrace.screening.query import Query
from aidtrace.screening.score import DEFAULT_THRESHOLD
from aidtrace.screening.screen import ScreeningResult, screen_names


def restrict(
    index: ScreeningIndex, source_ids: Collection[str], list_name: str | None = None
) -> ScreeningIndex:
    """A sub-index of the entries with these source ids (of one list, when given), sharing the
    full index's rarity."""
    wanted = set(source_ids)
    sub = ScreeningIndex(rarity=index.rarity, snapshot=index.snapshot)
    for entry in index.entries:
        if entry.source_id in wanted and list_name in (None, entry.list_name):
            add_entry(sub, entry)
    return sub


def rescreen(
    index: ScreeningIndex,
    changed: Collection[str],
    queries: Iterable[Query],
    memory: frozenset[DecisionKey] = frozenset(),
    threshold: float = DEFAULT_THRESHOLD,
    list_name: str | None = None,
) -> list[ScreeningResult]:
    """Screen ``queries`` against the ``changed`` entries only (``ListDiff.rescreen_ids``),
    leaving out hits already cleared for the same entry version."""
    if not changed:
        return []
    results = screen_names(restrict(index, changed, list_name), queries, threshold)
    return [r for r in suppress_cleared(results, memory) if r.hits]
