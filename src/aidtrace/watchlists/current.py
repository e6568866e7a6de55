"""Which snapshot of a list is current, and making a stored one current again (rollback).

The current snapshot is what screening reads. It is usually the last one loaded, but not always:
a refused publication never becomes current, the publication of an earlier snapshot loaded
again makes that snapshot current again, and ``rollback`` returns to any stored snapshot. Each
change is a new row of the list's head history (nothing is overwritten); every change other
than a plain load is also recorded in the audit log.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum

from aidtrace import audit
from aidtrace.errors import InputError
from aidtrace.events import ListSnapshotMadeCurrent
from aidtrace.watchlists.diff import ListDiff, diff_entries
from aidtrace.watchlists.store import Snapshot, current_snapshot, get_snapshot, snapshot_entries
from aidtrace.workspace import Workspace


class HeadReason(StrEnum):
    """Why a snapshot became current."""

    LOADED = "loaded"  # a new publication passed the guards
    FORCED = "forced"  # a new publication loaded past a guard with --force
    RELOADED = "reloaded"  # the publication of a stored snapshot was loaded again
    ROLLBACK = "rollback"  # an officer chose a stored snapshot


@dataclass(frozen=True)
class Rollback:
    snapshot: Snapshot  # now current
    previous: Snapshot  # current before
    diff: ListDiff  # from ``previous`` to ``snapshot``


def make_current(
    ws: Workspace,
    snap_id: str,
    list_name: str,
    reason: HeadReason,
    *,
    actor: str = "lists",
    previous_id: str | None = None,
    note: str = "",
) -> None:
    """Record ``snap_id`` as the current snapshot of ``list_name`` (inside the caller's
    transaction); audited unless it is a plain load, which its snapshot event already says."""
    ws.engine.execute(
        "INSERT INTO list_heads SELECT ?, coalesce(max(seq), 0) + 1, ?, ?, ?, ?, ? "
        "FROM list_heads WHERE list_name = ?",
        (list_name, snap_id, ws.clock(), reason.value, actor, note, list_name),
    )
    if reason is HeadReason.LOADED:
        return
    event = ListSnapshotMadeCurrent(
        at=ws.clock(),
        actor=actor,
        list_name=list_name,
        snapshot_id=snap_id,
        previous_id=previous_id,
        reason=reason.value,
        note=note,
    )
    audit.record(ws, event)


def rollback(ws: Workspace, ref: str, actor: str, note: str = "") -> Rollback:
    """Make the stored snapshot ``ref`` (``un@1``) current again; no guard applies: this is
    the deliberate way back from a snapshot that should not have been loaded."""
    if "@" not in ref:
        raise InputError(f"name a snapshot as LIST@VERSION, e.g. {ref}@1, not a list")
    target = get_snapshot(ws, ref)
    previous = current_snapshot(ws, target.list_name)
    if previous is None or previous.snapshot_id == target.snapshot_id:
        raise InputError(f"{target.snapshot_id} is already the current snapshot")
    diff = diff_entries(
        target.list_name,
        snapshot_entries(ws, previous.snapshot_id),
        snapshot_entries(ws, target.snapshot_id),
        previous.snapshot_id,
        target.snapshot_id,
    )
    with ws.engine.transaction():
        make_current(
            ws,
            target.snapshot_id,
            target.list_name,
            HeadReason.ROLLBACK,
            actor=actor,
            previous_id=previous.snapshot_id,
            note=note,
        )
    return Rollback(get_snapshot(ws, target.snapshot_id), previous, diff)
