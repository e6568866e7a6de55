"""The workspace's screening index: built from the current snapshot of every list, saved next to
the store under a name derived from those snapshots, and reused until a list changes; and the
rescreen that follows a list update."""

from __future__ import annotations

import hashlib
from collections.abc import Iterable
from pathlib import Path

from aidtrace.alerts.model import Alert
from aidtrace.errors import MissingInput
from aidtrace.progress import Progress, no_progress
from aidtrace.screening.alerts import to_alerts
from aidtrace.screening.decisions import cleared
from aidtrace.screening.index import ScreeningIndex, build_index
from aidtrace.screening.persist import StaleIndex, load_index, save_index
from aidtrace.screening.population import add_population
from aidtrace.screening.query import Query
from aidtrace.screening.rescreen import rescreen
from aidtrace.watchlists.store import current_entries, current_snapshots, stored_diff
from aidtrace.workspace import Workspace


def snapshot_label(workspace: Workspace) -> str:
    """The current snapshots as one label, e.g. "ofac_sdn@3+un@2"."""
    return "+".join(sorted(s.snapshot_id for s in current_snapshots(workspace)))


def index_path(workspace: Workspace, label: str) -> Path:
    digest = hashlib.sha256(label.encode("utf-8")).hexdigest()[:16]
    return workspace.path / "screening" / f"index-{digest}.json.gz"


def people_index(workspace: Workspace, progress: Progress = no_progress) -> ScreeningIndex:
    """The index of the current lists, its rarity counting the people screened at import too
    (``screening.population``): for screening people, among whom "Mohammad" and "Gul" say
    little. Organisations are screened with ``current_index``: people's name counts would make
    the owners' names in a company name weigh less than "Trading" and "Company"."""
    return add_population(current_index(workspace, progress), workspace)


def current_index(workspace: Workspace, progress: Progress = no_progress) -> ScreeningIndex:
    """Load the index of the current lists, building and saving it first if needed (or again,
    where the saved one was built by another version of aidtrace)."""
    label = snapshot_label(workspace)
    if not label:
        raise MissingInput("no watchlist loaded yet: run `aidtrace lists load` first")
    path = index_path(workspace, label)
    if path.exists():
        try:
            return load_index(path)
        except StaleIndex:
            pass  # written by another version of aidtrace: built again below
    progress("screening index", 0, 1)
    index = build_index(current_entries(workspace), snapshot=label)
    save_index(index, path)
    progress("screening index", 1, 1)
    return index


def rescreen_update(
    workspace: Workspace,
    snapshot_id: str,
    queries: Iterable[Query],
    progress: Progress = no_progress,
) -> list[Alert]:
    """After a list update: screen ``queries`` (people) against the entries that snapshot
    added or amended only, weighing names as the import did, and leaving out hits already
    cleared for the same entry version."""
    diff = stored_diff(workspace, snapshot_id)
    index = people_index(workspace, progress)
    memory = cleared(workspace)
    results = rescreen(index, diff.rescreen_ids, queries, memory, list_name=diff.list_name)
    return list(to_alerts(results, index.snapshot))
