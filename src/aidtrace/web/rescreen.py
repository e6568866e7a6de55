"""Rescreening from the lists page: every organisation against what one list update changed.

Only the entries the snapshot added or amended can raise new hits, so only they are screened
(``screening.rescreen``), with the whole list's rarity and the screening monitor's rule for
raising an alert; hits already cleared for the same entry version stay away. It runs beside the
requests, in a thread, and the page follows its progress. Beneficiaries and staff are stored
encrypted and are screened at import, while their names are in memory, not here.
"""

from __future__ import annotations

import threading
import uuid
from collections.abc import Callable, Iterator
from contextlib import AbstractContextManager, nullcontext
from dataclasses import dataclass, replace
from datetime import datetime
from enum import StrEnum
from itertools import islice
from typing import TYPE_CHECKING

from aidtrace import audit
from aidtrace.alerts.model import Alert
from aidtrace.alerts.store import save_alerts
from aidtrace.errors import AidtraceError, InputError, MissingInput
from aidtrace.events import MonitorRun
from aidtrace.screening.alerts import MONITOR, VERSION, to_alerts
from aidtrace.screening.decisions import cleared
from aidtrace.screening.index import ScreeningIndex
from aidtrace.screening.monitor import organisation_queries, raised
from aidtrace.screening.query import Query
from aidtrace.screening.rescreen import rescreen
from aidtrace.watchlists.store import get_snapshot, stored_diff
from aidtrace.workspace import Workspace

if TYPE_CHECKING:
    from aidtrace.web.desk import Desk

BATCH = 200  # organisations screened between two progress reports


class JobState(StrEnum):
    RUNNING = "running"
    DONE = "done"
    FAILED = "failed"


@dataclass(frozen=True)
class RescreenJob:
    """What the page shows of one rescreen: how far it is and what it found."""

    job_id: str
    snapshot_id: str
    started_by: str
    started_at: datetime
    state: JobState = JobState.RUNNING
    screened: int = 0
    total: int = 0
    changed_entries: int = 0
    alerts_seen: int = 0
    alerts_new: int = 0
    error: str | None = None

    @property
    def percent(self) -> int:
        if self.state is JobState.DONE:
            return 100
        return int(100 * self.screened / self.total) if self.total else 0


def _batches(queries: list[Query]) -> Iterator[list[Query]]:
    it = iter(queries)
    while batch := list(islice(it, BATCH)):
        yield batch


def screen_changes(
    ws: Workspace,
    snapshot_id: str,
    index: ScreeningIndex,
    report: Callable[[int, int, int], None],
    turn: AbstractContextManager[object] | None = None,
) -> list[Alert]:
    """Every organisation against the entries ``snapshot_id`` added or amended, in ``index``
    (the current lists'); ``report`` is told (screened, total, changed entries) after each
    batch. Each batch is screened inside ``turn`` (the desk's screening lock), so searches
    take their turn between two batches."""
    snapshot = get_snapshot(ws, snapshot_id)
    if not snapshot.current:
        raise InputError(f"{snapshot_id} is not the current snapshot of its list; rescreen that")
    diff = stored_diff(ws, snapshot.snapshot_id)
    memory = cleared(ws)
    queries = list(organisation_queries(ws))
    changed = diff.rescreen_ids
    report(0, len(queries), len(changed))
    alerts: list[Alert] = []
    done = 0
    for batch in _batches(queries if changed else []):
        with nullcontext() if turn is None else turn:
            results = rescreen(index, changed, batch, memory, list_name=diff.list_name)
        alerts += to_alerts(raised(results), index.snapshot)
        done += len(batch)
        report(done, len(queries), len(changed))
    report(len(queries), len(queries), len(changed))
    return alerts


class Rescreens:
    """The desk's rescreen jobs: one at a time per snapshot, the last ones kept for the page."""

    KEEP = 20

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._jobs: dict[str, RescreenJob] = {}

    def get(self, job_id: str) -> RescreenJob | None:
        with self._lock:
            return self._jobs.get(job_id)

    def running(self, snapshot_id: str) -> RescreenJob | None:
        with self._lock:
            return next(
                (j for j in self._jobs.values()
                 if j.snapshot_id == snapshot_id and j.state is JobState.RUNNING),
                None,
            )  # fmt: skip

    def latest(self, snapshot_id: str) -> RescreenJob | None:
        with self._lock:
            mine = [j for j in self._jobs.values() if j.snapshot_id == snapshot_id]
        return max(mine, key=lambda j: j.started_at) if mine else None

    def put(self, job: RescreenJob) -> None:
        with self._lock:
            self._jobs[job.job_id] = job
            ended = [j for j in self._jobs.values() if j.state is not JobState.RUNNING]
            for old in sorted(ended, key=lambda j: j.started_at)[: len(self._jobs) - self.KEEP]:
                del self._jobs[old.job_id]

    def update(self, job_id: str, **changes: object) -> None:
        with self._lock:
            self._jobs[job_id] = replace(self._jobs[job_id], **changes)  # type: ignore[arg-type]


def new_job(snapshot_id: str, user: str, now: datetime) -> RescreenJob:
    return RescreenJob(uuid.uuid4().hex[:16], snapshot_id, user, now)


def record_run(ws: Workspace, job: RescreenJob, seen: int, new: int) -> None:
    """The rescreen in the audit log, as a run of the screening monitor by the user."""
    audit.record(
        ws,
        MonitorRun(
            at=ws.clock(), actor=job.started_by, run_id=job.job_id, monitor=MONITOR,
            monitor_version=VERSION, params={"rescreen": job.snapshot_id},
            alerts_seen=seen, alerts_new=new,
        ),
    )  # fmt: skip


def save_found(ws: Workspace, job: RescreenJob, alerts: list[Alert]) -> tuple[int, int]:
    saved = save_alerts(ws, alerts, job.job_id)
    record_run(ws, job, saved.seen, saved.new)
    return saved.seen, saved.new


def start(desk: Desk, snapshot_id: str, user: str) -> RescreenJob:
    """Start rescreening against ``snapshot_id`` beside the requests (or return the rescreen
    of it already running); a snapshot that cannot be rescreened is refused at once."""
    running = desk.rescreens.running(snapshot_id)
    if running is not None:
        return running
    with desk.reader() as ws:
        snapshot = get_snapshot(ws, snapshot_id)
    if not snapshot.current:
        raise InputError(f"{snapshot_id} is not the current snapshot of its list; rescreen that")
    job = new_job(snapshot.snapshot_id, user, desk.clock())
    desk.rescreens.put(job)
    threading.Thread(target=_run, args=(desk, job), name="rescreen", daemon=True).start()
    return job


def _run(desk: Desk, job: RescreenJob) -> None:
    def report(screened: int, total: int, changed: int) -> None:
        desk.rescreens.update(job.job_id, screened=screened, total=total, changed_entries=changed)

    try:
        with desk.hold():
            with desk.reader() as ws:
                # The desk's own copy of the index: loaded once, shared with the search box.
                index = desk.screening.get(ws, desk.generation)
                if index is None:
                    raise MissingInput("no watchlist loaded yet")
                alerts = screen_changes(
                    ws, job.snapshot_id, index, report, desk.screening.screening
                )
            with desk.workspace() as ws:
                seen, new = save_found(ws, job, alerts)
        desk.rescreens.update(job.job_id, state=JobState.DONE, alerts_seen=seen, alerts_new=new)
    except AidtraceError as exc:
        desk.rescreens.update(job.job_id, state=JobState.FAILED, error=exc.message)
    finally:
        # Anything else is a bug: the page must not wait for ever (the thread's own report
        # of the exception goes to the server log).
        now = desk.rescreens.get(job.job_id)
        if now is not None and now.state is JobState.RUNNING:
            desk.rescreens.update(job.job_id, state=JobState.FAILED, error="internal error")
