"""Reading stored snapshots back: their records, their entries and the current list versions."""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from aidtrace.errors import NotFound
from aidtrace.lists.codec import loads
from aidtrace.lists.diff import Amendment, Change, ListDiff
from aidtrace.lists.model import ListEntry
from aidtrace.workspace import Workspace


@dataclass(frozen=True)
class Snapshot:
    """One stored version of one list."""

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
    previous_id: str | None
    added: int
    removed: int
    amended: int


_COLUMNS = ", ".join(Snapshot.__dataclass_fields__)


def _snapshots(ws: Workspace, where: str = "", params: tuple[Any, ...] = ()) -> list[Snapshot]:
    sql = f"SELECT {_COLUMNS} FROM list_snapshots {where} ORDER BY list_name, version"
    return [Snapshot(**row) for row in ws.engine.query(sql, params).to_pylist()]


def list_snapshots(ws: Workspace, list_name: str | None = None) -> list[Snapshot]:
    if list_name is None:
        return _snapshots(ws)
    return _snapshots(ws, "WHERE list_name = ?", (list_name,))


def latest_snapshots(ws: Workspace) -> list[Snapshot]:
    """The current (highest-version) snapshot of every list."""
    return _snapshots(
        ws,
        "WHERE (list_name, version) IN (SELECT list_name, max(version) FROM list_snapshots "
        "GROUP BY list_name)",
    )


def latest_snapshot(ws: Workspace, list_name: str) -> Snapshot | None:
    found = list_snapshots(ws, list_name)
    return found[-1] if found else None


def snapshot_with_hash(ws: Workspace, list_name: str, sha256: str) -> Snapshot | None:
    found = _snapshots(ws, "WHERE list_name = ? AND content_sha256 = ?", (list_name, sha256))
    return found[-1] if found else None


def get_snapshot(ws: Workspace, ref: str) -> Snapshot:
    """A snapshot by id (``un@2``), or by list name alone for its current version."""
    found = _snapshots(ws, "WHERE snapshot_id = ?", (ref,))
    if not found:
        latest = latest_snapshot(ws, ref)
        found = [latest] if latest else []
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
    """The entries of the latest snapshot of every list (what screening runs against)."""
    found: list[ListEntry] = []
    for snap in latest_snapshots(ws):
        found.extend(snapshot_entries(ws, snap.snapshot_id).values())
    return found


def stored_diff(ws: Workspace, snapshot_id: str) -> ListDiff:
    """The diff recorded when ``snapshot_id`` was loaded (against the version before it)."""
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
