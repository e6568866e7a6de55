"""The workspace's screening index: built from the latest snapshot of every list, saved next to
the store under a name derived from those snapshots, and reused until a list changes."""

from __future__ import annotations

import hashlib
from pathlib import Path

from aidtrace.errors import MissingInput
from aidtrace.lists.store import current_entries, latest_snapshots
from aidtrace.progress import Progress, no_progress
from aidtrace.screening.index import ScreeningIndex, build_index
from aidtrace.screening.persist import load_index, save_index
from aidtrace.workspace import Workspace


def snapshot_label(workspace: Workspace) -> str:
    """The current snapshots as one label, e.g. "ofac_sdn@3+un@2"."""
    return "+".join(sorted(s.snapshot_id for s in latest_snapshots(workspace)))


def index_path(workspace: Workspace, label: str) -> Path:
    digest = hashlib.sha256(label.encode("utf-8")).hexdigest()[:16]
    return workspace.path / "screening" / f"index-{digest}.json.gz"


def current_index(workspace: Workspace, progress: Progress = no_progress) -> ScreeningIndex:
    """Load the index of the current lists, building and saving it first if needed."""
    label = snapshot_label(workspace)
    if not label:
        raise MissingInput("no watchlist loaded yet: run `aidtrace lists load` first")
    path = index_path(workspace, label)
    if path.exists():
        return load_index(path)
    progress("screening index", 0, 1)
    index = build_index(current_entries(workspace), snapshot=label)
    save_index(index, path)
    progress("screening index", 1, 1)
    return index
