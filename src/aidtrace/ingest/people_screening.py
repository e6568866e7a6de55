"""Screening at import: the people importers' hook, connected to the screening engine.

Beneficiaries and staff can only be screened here, while their names are in memory: afterwards
the store holds ciphertext and tokens alone. ``screening_hook(workspace)`` screens each person's
Latin name chain and Perso-Arabic name (with birth year and tazkira) against the current lists and
returns hits that carry ids and scores only, never the name.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from datetime import date

from aidtrace.errors import MissingInput
from aidtrace.ingest.people import NameRecord, ScreeningHit, ScreeningHook
from aidtrace.lists.model import DateInterval
from aidtrace.screening.index import ScreeningIndex
from aidtrace.screening.query import Query
from aidtrace.screening.score import DEFAULT_THRESHOLD
from aidtrace.screening.screen import iter_screen
from aidtrace.screening.workspace_index import current_index
from aidtrace.workspace import Workspace

__all__ = ["ScreeningHit", "ScreeningHook", "queries", "screen_records", "screening_hook"]


def queries(record: NameRecord) -> Iterator[Query]:
    """One query per script the person's name was recorded in."""
    born = None
    if record.birth_year is not None:
        year = record.birth_year
        born = DateInterval(date(year, 1, 1), date(year, 12, 31), str(year))
    ids = (record.tazkira,) if record.tazkira else ()
    parts = (record.given_name, record.father_name, record.grandfather_name, record.family_name)
    for name in (" ".join(p for p in parts if p), record.name_fa):
        if name:
            yield Query(name, record.person_id, born, "af", ids, organisation=False)


def screen_records(
    index: ScreeningIndex, records: Sequence[NameRecord], threshold: float = DEFAULT_THRESHOLD
) -> Iterator[ScreeningHit]:
    """The best hit per person and list entry, over both scripts."""
    best: dict[tuple[str, str], ScreeningHit] = {}
    wanted = (q for r in records for q in queries(r))
    for result in iter_screen(index, wanted, threshold):
        for hit in result.hits:
            entry_id = f"{hit.entry.list_name}:{hit.entry.source_id}"
            found = ScreeningHit(
                result.query.subject,
                entry_id,
                hit.score,
                {"name": hit.explanation.name_score, "distinct": hit.explanation.distinctiveness},
                index.snapshot,
            )
            key = (found.person_id, entry_id)
            if key not in best or best[key].score < found.score:
                best[key] = found
    yield from best.values()


def screening_hook(
    workspace: Workspace, threshold: float = DEFAULT_THRESHOLD
) -> ScreeningHook | None:
    """The hook for ``PeopleImporter.with_screening``; None while no watchlist is loaded."""
    try:
        index = current_index(workspace)
    except MissingInput:
        return None

    def screen(records: Sequence[NameRecord]) -> list[ScreeningHit]:
        return list(screen_records(index, records, threshold))

    return screen
