"""An import's batches screened by workers kept from one batch to the next: the same hits, in the
same order, with the same scores and alerts, as workers forked anew for each batch and as one
process; started once for the import, and again only when the rarity changed."""

from __future__ import annotations

import gc
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pytest

from aidtrace.ingest import get_importer
from aidtrace.people import importer, screening
from aidtrace.people.importer import NameRecord, PeopleImporter, ScreeningHit
from aidtrace.people.screening import ONE_PROCESS, ImportScreening, Workers, screening_hook
from aidtrace.progress import no_progress
from aidtrace.screening.screen import WORKER_GC_THRESHOLD
from aidtrace.watchlists.snapshots import load_snapshot
from aidtrace.workspace import Workspace

from .sample import BENEFICIARY_COLUMNS, write_csv
from .test_screening_parallel import BATCH, PEOPLE, UN_2026, listed_rows, record

# two workers, many small chunks: hits come back from both, interleaved with misses
TWO = Workers(count=2, start=1, chunk=25)


@dataclass
class Recorder:
    """The import's screening hook, noting the hits of each batch in the order they came, how
    many times its workers were started, and, with ``fork_each_batch``, stopping them after
    every batch (so each batch forks its own, as imports did before workers were kept)."""

    screening: ImportScreening
    fork_each_batch: bool = False
    batches: list[list[ScreeningHit]] = field(default_factory=list)
    starts: int = 0

    def count(self, records: Sequence[NameRecord]) -> None:
        self.screening.count(records)

    def __call__(self, records: Sequence[NameRecord]) -> list[ScreeningHit]:
        hits = self.screening(records)
        self.batches.append(hits)
        if self.fork_each_batch:
            self.close()
        return hits

    def close(self) -> None:
        if self.screening.pool is not None:
            self.starts += self.screening.pool.starts
        self.screening.close()
        assert self.screening.pool is None


def imported(
    tmp_path: Path, shared_data: Path, name: str, workers: Workers, fork_each_batch: bool
) -> tuple[Recorder, list[dict[str, object]]]:
    """The rows imported into a workspace of their own, holding the UN list: the hook's record
    and the alerts the import stored."""
    with Workspace.create(tmp_path / name, key_file=tmp_path / f"{name}.key") as workspace:
        load_snapshot(workspace, shared_data / UN_2026)
        rows = listed_rows(workspace)
        path = write_csv(tmp_path / f"{name}.csv", BENEFICIARY_COLUMNS, rows)
        screening = screening_hook(workspace, workers=workers)
        assert isinstance(screening, ImportScreening)
        recorder = Recorder(screening, fork_each_batch)
        people = get_importer("beneficiaries")
        assert isinstance(people, PeopleImporter)
        people.with_screening(recorder).load(workspace, path, no_progress)
        alerts = workspace.engine.query(
            "SELECT subject, identity_key, score, severity, summary, evidence FROM alerts"
            " ORDER BY subject, identity_key"
        ).to_pylist()
    return recorder, alerts


def test_kept_workers_raise_what_forked_workers_and_one_process_raise(
    tmp_path: Path, shared_data: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(importer, "BATCH_ROWS", BATCH)
    alone, alone_alerts = imported(tmp_path, shared_data, "alone", ONE_PROCESS, False)
    forked, forked_alerts = imported(tmp_path, shared_data, "forked", TWO, True)
    kept, kept_alerts = imported(tmp_path, shared_data, "kept", TWO, False)

    batches = len(alone.batches)  # the read table's chunks, of at most ``BATCH`` people
    assert batches >= PEOPLE // BATCH
    assert (alone.starts, forked.starts, kept.starts) == (0, batches, 1)
    hits = [h for batch in alone.batches for h in batch]
    assert len({h.person_id for h in hits}) >= 10  # hits in many chunks, and in most batches
    assert sum(1 for batch in alone.batches if batch) >= PEOPLE // BATCH
    # the same hits, batch by batch, in the same order, with every digit of their scores
    assert forked.batches == alone.batches
    assert kept.batches == alone.batches
    assert len(alone_alerts) == len({(h.person_id, h.entry_id) for h in hits})
    assert forked_alerts == alone_alerts
    assert kept_alerts == alone_alerts


def test_workers_start_again_when_a_batch_changes_the_rarity(
    tmp_path: Path, shared_data: Path
) -> None:
    """Batches screened without counting the file ahead count each batch's names into the
    rarity first: the workers kept from the batch before would weigh names with stale counts,
    so each batch forks its own, and the hits are those of one process."""
    with Workspace.create(tmp_path / "ws", key_file=tmp_path / "root.key") as workspace:
        load_snapshot(workspace, shared_data / UN_2026)
        rows = listed_rows(workspace)
        # both hooks made before either screens (each import saves its people's name counts)
        alone, kept = (screening_hook(workspace, workers=w) for w in (ONE_PROCESS, TWO))
        assert isinstance(alone, ImportScreening)
        assert isinstance(kept, ImportScreening)
        starts = 0
        for start in range(0, PEOPLE, BATCH):
            batch = [record(r) for r in rows[start : start + BATCH]]
            assert kept(batch) == alone(batch)
            assert kept.pool is not None
            starts = kept.pool.starts
        kept.close()
    assert starts == PEOPLE // BATCH


@pytest.mark.parametrize(
    ("workers", "threshold"), [(ONE_PROCESS, WORKER_GC_THRESHOLD), (TWO, None)]
)
def test_a_batch_screened_here_runs_with_a_workers_collector(
    tmp_path: Path,
    shared_data: Path,
    monkeypatch: pytest.MonkeyPatch,
    workers: Workers,
    threshold: int | None,
) -> None:
    """A batch screened in the importing process (fewer people than start workers) runs with
    the collector set as a worker's, not walking the screening's memos every 700 allocations;
    one screened by workers leaves this process's collector as it is; either way it is as it
    was once the batch is screened."""
    seen: list[int] = []
    real = screening.screen_batch

    def noting(*args: Any, **kwargs: Any) -> list[ScreeningHit]:
        seen.append(gc.get_threshold()[0])
        return real(*args, **kwargs)

    monkeypatch.setattr(screening, "screen_batch", noting)
    before = gc.get_threshold()
    recorder, _ = imported(tmp_path, shared_data, "ws", workers, False)
    recorder.close()
    assert seen
    assert set(seen) == {before[0] if threshold is None else threshold}
    assert gc.get_threshold() == before
