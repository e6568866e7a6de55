"""Reading stored snapshots back: their records, their entries and the current list versions."""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from aidtrace.errors import NotFound
from aidtrace.watchlists.codec import loads
from aidtrace.watchlists.diff import Amendment, Change, ListDiff
from aidtrace.watchlists.model import ListEntry
from aidtrace.workspace import Workspace


@dataclass(frozen=True)
class Snapshot:
    """One stored version of one list; ``current`` says whether screening reads it now."""

    snapshot_id: str  # "<list>@<version>", e.g. "un@2"
    list_name: str
    version: int
    format: str
    source: str
    source_url: str | None
    published_at: datetime | None
    content_sha256: str
    loaded_at: datetime
    entry_count: int
    previous_id: str | None  # the snapshot that was current when this one was loaded
    added: int
    removed: int
    amended: int
    current: bool = False


_STORED = [f for f in Snapshot.__dataclass_fields__ if f != "current"]
_COLUMNS = ", ".join(f"s.{f}" for f in _STORED)
# The current snapshot of each list: the newest row of its head history ((list_name, seq) is
# the key; one aggregate costs the store less than a semi-join on the pair).
CURRENT_IDS = "SELECT arg_max(snapshot_id, seq) AS snapshot_id FROM list_heads GROUP BY list_name"


def _snapshots(ws: Workspace, where: str = "", params: tuple[Any, ...] = ()) -> list[Snapshot]:
    sql = (
        f"SELECT {_COLUMNS}, s.snapshot_id IN ({CURRENT_IDS}) AS current "
        f"FROM list_snapshots s {where} ORDER BY s.list_name, s.version"
    )
    return [Snapshot(**row) for row in ws.engine.query(sql, params).to_pylist()]


def list_snapshots(ws: Workspace, list_name: str | None = None) -> list[Snapshot]:
    if list_name is None:
        return _snapshots(ws)
    return _snapshots(ws, "WHERE s.list_name = ?", (list_name,))


def current_snapshots(ws: Workspace) -> list[Snapshot]:
    """The current snapshot of every list: what screening reads (not always the newest)."""
    return _snapshots(ws, f"WHERE s.snapshot_id IN ({CURRENT_IDS})")


def current_snapshot(ws: Workspace, list_name: str) -> Snapshot | None:
    found = _snapshots(
        ws, f"WHERE s.list_name = ? AND s.snapshot_id IN ({CURRENT_IDS})", (list_name,)
    )
    return found[0] if found else None


def next_version(ws: Workspace, list_name: str) -> int:
    """The version number a new snapshot of ``list_name`` gets (versions are never reused)."""
    rows = ws.engine.query(
        "SELECT coalesce(max(version), 0) AS v FROM list_snapshots WHERE list_name = ?",
        (list_name,),
    ).to_pylist()
    return int(rows[0]["v"]) + 1


def snapshot_with_hash(ws: Workspace, list_name: str, sha256: str) -> Snapshot | None:
    """The newest stored snapshot of ``list_name`` loaded from exactly this publication."""
    found = _snapshots(ws, "WHERE s.list_name = ? AND s.content_sha256 = ?", (list_name, sha256))
    return found[-1] if found else None


def get_snapshot(ws: Workspace, ref: str) -> Snapshot:
    """A snapshot by id (``un@2``), or by list name alone for its current snapshot."""
    found = _snapshots(ws, "WHERE s.snapshot_id = ?", (ref,))
    if not found:
        current = current_snapshot(ws, ref)
        found = [current] if current else []
    if not found:
        known = ", ".join(s.snapshot_id for s in list_snapshots(ws)) or "none loaded"
        raise NotFound(f"no list snapshot {ref!r} (known: {known})")
    return found[0]


def snapshot_entries(ws: Workspace, snapshot_id: str) -> dict[str, ListEntry]:
    """Every entry of a snapshot, by source id."""
    table = ws.engine.query(
        "SELECT m.source_id, b.entry FROM list_members m JOIN list_entry_blobs b "
        "USING (entry_hash) WHERE m.snapshot_id = ? ORDER BY m.source_id",
        (snapshot_id,),
    )
    return {row["source_id"]: loads(row["entry"]) for row in table.to_pylist()}


def current_entries(ws: Workspace) -> list[ListEntry]:
    """The entries of the current snapshot of every list (what screening runs against)."""
    found: list[ListEntry] = []
    for snap in current_snapshots(ws):
        found.extend(snapshot_entries(ws, snap.snapshot_id).values())
    return found


def stored_diff(ws: Workspace, snapshot_id: str) -> ListDiff:
    """The diff recorded when ``snapshot_id`` was loaded (against the snapshot then current)."""
    snap = get_snapshot(ws, snapshot_id)
    rows = ws.engine.query(
        "SELECT source_id, change, fields FROM list_changes WHERE snapshot_id = ? "
        "ORDER BY source_id",
        (snap.snapshot_id,),
    ).to_pylist()
    by_kind: dict[str, list[dict[str, Any]]] = {c.value: [] for c in Change}
    for row in rows:
        by_kind[row["change"]].append(row)
    return ListDiff(
        list_name=snap.list_name,
        old=snap.previous_id,
        new=snap.snapshot_id,
        added=tuple(r["source_id"] for r in by_kind[Change.ADDED]),
        removed=tuple(r["source_id"] for r in by_kind[Change.REMOVED]),
        amended=tuple(
            Amendment(r["source_id"], tuple(json.loads(r["fields"])))
            for r in by_kind[Change.AMENDED]
        ),
    )
