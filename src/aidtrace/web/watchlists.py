"""Watchlist snapshots and diffs, as the lists page shows them (from ``aidtrace.lists.store``)."""

from __future__ import annotations

from dataclasses import asdict
from typing import Any

from aidtrace.lists.snapshots import diff_snapshots
from aidtrace.lists.store import get_snapshot, list_snapshots, stored_diff
from aidtrace.workspace import Workspace

MAX_CHANGES = 500  # a page lists at most this many changed entries; the CLI gives them all


def _plain(values: dict[str, Any]) -> dict[str, Any]:
    return {k: v.isoformat() if hasattr(v, "isoformat") else v for k, v in values.items()}


def snapshots_overview(ws: Workspace) -> dict[str, Any]:
    """Every snapshot of every list, newest first, with its diff counts."""
    snaps = sorted(list_snapshots(ws), key=lambda s: (s.loaded_at, s.snapshot_id), reverse=True)
    return {
        "available": bool(snaps),
        "snapshots": [_plain(asdict(s)) for s in snaps],
        "ids": [s.snapshot_id for s in snaps],
    }


def snapshot_diff(ws: Workspace, snapshot_id: str, against: str | None = None) -> dict[str, Any]:
    """What changed when this snapshot was loaded (or since snapshot ``against``)."""
    snap = get_snapshot(ws, snapshot_id)
    diff = (
        diff_snapshots(ws, against, snap.snapshot_id)
        if against
        else stored_diff(ws, snap.snapshot_id)
    )
    changes = [
        {"source_id": sid, "change": change.value, "fields": list(fields)}
        for sid, change, fields in diff.changes()[:MAX_CHANGES]
    ]
    return {
        "snapshot": _plain(asdict(snap)),
        "previous": diff.old,
        "counts": {"added": len(diff.added), "removed": len(diff.removed),
                   "amended": len(diff.amended)},
        "changes": changes,
        "truncated": len(diff.changes()) > MAX_CHANGES,
    }  # fmt: skip
