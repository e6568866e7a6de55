"""Screening: queries in, scored and explained hits out. The one function the CLI, the web API,
the import path and the monitor all call is ``screen_names``.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Iterator
from dataclasses import dataclass

from aidtrace.lists.model import ListEntry, NameQuality
from aidtrace.names.analyze import analyse
from aidtrace.names.model import AnalysedName
from aidtrace.screening.index import ScreeningIndex, is_organisation
from aidtrace.screening.query import Query
from aidtrace.screening.score import DEFAULT_THRESHOLD, Explanation, score_entry


@dataclass(frozen=True)
class Hit:
    entry: ListEntry
    score: float
    explanation: Explanation

    def as_dict(self) -> dict[str, object]:
        return {
            "list": self.entry.list_name,
            "source_id": self.entry.source_id,
            "name": self.entry.primary_name,
            "schema": self.entry.schema.value,
            "programmes": list(self.entry.programmes),
            "score": round(self.score, 4),
            "explanation": self.explanation.as_dict(),
        }


@dataclass(frozen=True)
class ScreeningResult:
    query: Query
    hits: tuple[Hit, ...]  # best first, at or above the threshold

    def as_dict(self) -> dict[str, object]:
        return {"query": self.query.name, "subject": self.query.subject,
                "hits": [h.as_dict() for h in self.hits]}  # fmt: skip


def screen_names(
    index: ScreeningIndex,
    queries: Iterable[Query],
    threshold: float = DEFAULT_THRESHOLD,
    limit: int = 10,
) -> list[ScreeningResult]:
    """Screen every query; each result keeps up to ``limit`` hits scoring ``threshold`` or more."""
    return list(iter_screen(index, queries, threshold, limit))


def iter_screen(
    index: ScreeningIndex,
    queries: Iterable[Query],
    threshold: float = DEFAULT_THRESHOLD,
    limit: int = 10,
) -> Iterator[ScreeningResult]:
    """``screen_names`` as a stream, for batches that should not sit in memory at once."""
    for query in queries:
        hits = [h for h in _score_candidates(index, query) if h.score >= threshold]
        hits.sort(key=lambda h: (-h.score, h.entry.list_name, h.entry.source_id))
        yield ScreeningResult(query, tuple(hits[:limit]))


def _analyses(query: Query) -> dict[bool, AnalysedName]:
    kinds = (False, True) if query.organisation is None else (query.organisation,)
    return {org: analyse(query.name, org) for org in kinds}


def _score_candidates(index: ScreeningIndex, query: Query) -> list[Hit]:
    analyses = _analyses(query)
    by_entry: dict[int, list[tuple[AnalysedName, NameQuality]]] = defaultdict(list)
    for org, analysed in analyses.items():
        for name_id in index.candidates(analysed):
            indexed = index.names[name_id]
            if is_organisation(index.entries[indexed.entry].schema) == org:
                by_entry[indexed.entry].append((indexed.name, indexed.quality))
    hits: list[Hit] = []
    for position, names in by_entry.items():
        entry = index.entries[position]
        analysed = analyses[is_organisation(entry.schema)]
        scored = score_entry(query, analysed, entry, names, index.rarity)
        if scored is not None:
            hits.append(Hit(entry, scored[0], scored[1]))
    return hits
