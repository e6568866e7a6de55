"""Screening at import: the people importers' hook, connected to the screening engine.

Beneficiaries and staff can only be screened here, while their names are in memory: afterwards
the store holds ciphertext and tokens alone. ``screening_hook(workspace)`` screens each person's
Latin name chain and Perso-Arabic name (with birth year and tazkira) against the current lists and
returns hits that carry ids and scores only, never the name.
"""

from __future__ import annotations

import uuid
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from datetime import date

from aidtrace.errors import MissingInput
from aidtrace.ingest.people import NameRecord, ScreeningHit, ScreeningHook
from aidtrace.lists.model import DateInterval
from aidtrace.names.analyze import analyse
from aidtrace.names.rarity import PopulationCounter, TokenRarity
from aidtrace.screening.decisions import DecisionKey, cleared, hit_key, suppress_cleared
from aidtrace.screening.index import ScreeningIndex
from aidtrace.screening.match import compare
from aidtrace.screening.population import save_counts
from aidtrace.screening.query import Query
from aidtrace.screening.score import DEFAULT_THRESHOLD
from aidtrace.screening.screen import iter_screen
from aidtrace.screening.workspace_index import people_index
from aidtrace.workspace import Workspace

__all__ = [
    "ImportScreening",
    "ScreeningHit",
    "ScreeningHook",
    "queries",
    "screen_records",
    "screening_hook",
]


def queries(record: NameRecord) -> Iterator[Query]:
    """One query per script the person's name was recorded in.

    The Perso-Arabic name is often shorter than the Latin chain (given and father's names
    only), so it is completed with the Latin parts it does not render: "عمر جاوید" with
    "Karim", the grandfather. Without them a short name would match a listed "عمر جاوید"
    completely and the grandfather who tells the two men apart would go unseen.
    """
    born = None
    if record.birth_year is not None:
        year = record.birth_year
        born = DateInterval(date(year, 1, 1), date(year, 12, 31), str(year))
    ids = (record.tazkira,) if record.tazkira else ()
    parts = (record.given_name, record.father_name, record.grandfather_name, record.family_name)
    latin = " ".join(p for p in parts if p)
    for name in (latin, completed(record.name_fa, latin)):
        if name:
            yield Query(name, record.person_id, born, "af", ids, organisation=False)


def completed(name_fa: str, latin: str) -> str:
    """``name_fa`` followed by the name parts of ``latin`` it has no counterpart for, when it
    is a shorter rendering of the same chain (each of its parts is in ``latin``). A
    Perso-Arabic name with parts of its own is another account of the name and stays as is."""
    if not name_fa or not latin:
        return name_fa
    fa_name, latin_name = analyse(name_fa, False), analyse(latin, False)
    match = compare(fa_name, latin_name, _NO_RARITY)
    if any(t.evidence for t in fa_name.scored if t.text in match.query_unmatched):
        return name_fa
    missing = [t.text for t in latin_name.scored if t.evidence and t.text in match.list_unmatched]
    return " ".join((name_fa, *missing))


_NO_RARITY = TokenRarity()  # which parts pair up does not depend on their weights


def screen_records(
    index: ScreeningIndex,
    records: Sequence[NameRecord],
    threshold: float = DEFAULT_THRESHOLD,
    memory: frozenset[DecisionKey] = frozenset(),
) -> Iterator[ScreeningHit]:
    """The best hit per person and list entry, over both scripts, leaving out hits an officer
    already cleared for the same version of the entry (``memory``)."""
    wanted = (q for r in records for q in queries(r))
    return screen_queries(index, wanted, threshold, memory)


def screen_queries(
    index: ScreeningIndex,
    wanted: Iterable[Query],
    threshold: float = DEFAULT_THRESHOLD,
    memory: frozenset[DecisionKey] = frozenset(),
) -> Iterator[ScreeningHit]:
    best: dict[tuple[str, str], ScreeningHit] = {}
    results = suppress_cleared(iter_screen(index, wanted, threshold), memory)
    for result in results:
        for hit in result.hits:
            entry_id = ":".join(hit_key(result.query.subject or "", hit)[1:])
            found = ScreeningHit(
                result.query.subject or "",
                entry_id,
                hit.score,
                {"name": hit.explanation.name_score, "distinct": hit.explanation.distinctiveness},
                index.snapshot,
            )
            key = (found.person_id, entry_id)
            if key not in best or best[key].score < found.score:
                best[key] = found
    yield from best.values()


@dataclass
class ImportScreening:
    """Screening for one import: counts the people's name skeletons as the batches stream
    past, weighs names with those counts (so a name common among these people counts for
    little), screens each batch and stores the common counts for later screenings."""

    workspace: Workspace
    index: ScreeningIndex
    threshold: float = DEFAULT_THRESHOLD
    memory: frozenset[DecisionKey] = frozenset()
    counter: PopulationCounter = field(default_factory=PopulationCounter)
    count_id: str = field(default_factory=lambda: uuid.uuid4().hex)

    def __call__(self, records: Sequence[NameRecord]) -> list[ScreeningHit]:
        wanted = [list(queries(r)) for r in records]
        batch = PopulationCounter()
        for person in wanted:
            batch.add_person(analyse(q.name, False) for q in person)
        # this batch is counted before it is screened: the first batch of an import already
        # knows which names are common among these people
        self.index.rarity.add_counts(batch.counts, batch.people)
        self.counter.counts.update(batch.counts)
        self.counter.people += batch.people
        if records:
            save_counts(self.workspace, self.count_id, records[0].kind, self.counter)
        flat = (q for person in wanted for q in person)
        return list(screen_queries(self.index, flat, self.threshold, self.memory))


def screening_hook(
    workspace: Workspace, threshold: float = DEFAULT_THRESHOLD
) -> ScreeningHook | None:
    """The hook for ``PeopleImporter.with_screening``; None while no watchlist is loaded."""
    try:
        index = people_index(workspace)
    except MissingInput:
        return None
    return ImportScreening(workspace, index, threshold, cleared(workspace))
