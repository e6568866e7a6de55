"""Screening at import over worker processes: the same hits, in the same order, as in one process,
batch after batch (each batch's names counted into the rarity before it is screened)."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from pathlib import Path

import pytest

from aidtrace.ingest import get_importer
from aidtrace.people.importer import NameRecord, PeopleImporter, ScreeningHit, ScreeningHook
from aidtrace.people.screening import ONE_PROCESS, PARALLEL_FROM, Workers, screening_hook
from aidtrace.progress import no_progress
from aidtrace.screening.workspace_index import current_index
from aidtrace.watchlists.model import EntitySchema
from aidtrace.watchlists.snapshots import load_snapshot
from aidtrace.workspace import Workspace

from .sample import BENEFICIARY_COLUMNS, beneficiary_rows, write_csv

UN_2026 = "watchlists/un/un_consolidated_2026-02-27.xml"
PEOPLE = 360
BATCH = 120
# two workers, many small chunks: hits come back from both, interleaved with misses
SPLIT = Workers(count=2, start=1, chunk=25)


@pytest.mark.parametrize(
    ("workers", "people", "processes"),
    [
        (Workers(), PARALLEL_FROM - 1, 1),  # a small batch: no workers to start
        (Workers(), PARALLEL_FROM, None),  # a large one: one process per core
        (Workers(count=3), 50_000, 3),
        (Workers(count=3, start=10), 9, 1),
        (ONE_PROCESS, 1_000_000, 1),
    ],
)
def test_workers_start_for_large_batches(
    workers: Workers, people: int, processes: int | None
) -> None:
    assert workers.processes(people) == processes


def listed_rows(workspace: Workspace) -> list[dict[str, str]]:
    """Beneficiary rows, every fifteenth carrying a listed person's three-part name."""
    persons = sorted(
        (e for e in current_index(workspace).entries if e.schema is EntitySchema.PERSON),
        key=lambda e: e.source_id,
    )
    chains = [e.primary_name.split() for e in persons if len(e.primary_name.split()) == 3]
    rows = beneficiary_rows(PEOPLE)
    for n, i in enumerate(range(3, PEOPLE, 15)):
        given, father, grandfather = chains[n]
        rows[i].update(given_name=given, father_name=father, grandfather_name=grandfather,
                       family_name="", birth_year="", birth_year_sh="")  # fmt: skip
    return rows


def record(row: dict[str, str]) -> NameRecord:
    year = row["birth_year"]
    return NameRecord(f"beneficiary:{row['member_id']}", "beneficiary", row["given_name"],
                      row["father_name"], row["grandfather_name"], row["family_name"],
                      row["name_fa"], int(year) if year else None, row["district_code"],
                      row["tazkira"], row["gender"])  # fmt: skip


def hook(workspace: Workspace, workers: Workers) -> ScreeningHook:
    made = screening_hook(workspace, workers=workers)
    assert made is not None
    return made


def screened(
    screen: ScreeningHook, rows: list[dict[str, str]], batch: int = BATCH
) -> list[ScreeningHit]:
    hits: list[ScreeningHit] = []
    for start in range(0, len(rows), batch):
        hits.extend(screen([record(r) for r in rows[start : start + batch]]))
    return hits


def test_workers_find_the_same_hits_in_the_same_order(
    workspace: Workspace, shared_data: Path, tmp_path: Path
) -> None:
    load_snapshot(workspace, shared_data / UN_2026)
    rows = listed_rows(workspace)
    # every hook made before any screens: each import saves its people's name counts, which
    # the next hook's index would weigh names with
    made = [hook(workspace, w) for w in (ONE_PROCESS, SPLIT, ONE_PROCESS, SPLIT)]
    alone, split, whole, importing = made
    hits = screened(alone, rows)
    assert len({h.person_id for h in hits}) >= 10  # hits in many chunks, not one
    assert screened(split, rows) == hits

    # the import itself, over the workers, raises an alert for each hit its batches have in
    # one process (screened as the import reads them: once stored, the import's people are
    # held, and a later screening would not count them again)
    importer = get_importer("beneficiaries")
    assert isinstance(importer, PeopleImporter)
    path = write_csv(tmp_path / "b.csv", BENEFICIARY_COLUMNS, rows)
    batches: list[list[NameRecord]] = []  # the people as the importer read them
    expected: list[tuple[str, str, float]] = []

    def spied(records: Sequence[NameRecord]) -> Iterable[ScreeningHit]:
        batches.append(list(records))
        expected.extend((h.person_id, h.entry_id, h.score) for h in whole(records))
        return importing(records)

    importer.with_screening(spied).load(workspace, path, no_progress)
    alerts = workspace.engine.query(
        "SELECT subject, identity_key, score FROM alerts ORDER BY subject, identity_key"
    ).to_pylist()
    assert sum(map(len, batches)) == PEOPLE
    assert [(a["subject"], a["identity_key"], a["score"]) for a in alerts] == sorted(expected)
