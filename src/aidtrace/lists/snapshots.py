"""Loading a list publication as a versioned snapshot, with its diff against the one before.

Each load reads the whole publication first (nothing is written if any record is bad), then
stores, in one transaction: the snapshot record (source, publish date, content hash), its
entries (content-addressed, so unchanged entries are stored once across versions) and the diff
against the list's previous snapshot. The same publication loaded twice is a no-op.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Iterable
from dataclasses import dataclass, replace
from pathlib import Path

import pyarrow as pa

from aidtrace import audit
from aidtrace.errors import InputError
from aidtrace.events import ListSnapshotRecorded
from aidtrace.ingest.registry import file_sha256, transaction
from aidtrace.ingest.watchlists import ListFormat, resolve_format
from aidtrace.ingest.watchlists.registry import DeltaFormat
from aidtrace.lists.codec import dumps, entry_hash
from aidtrace.lists.diff import ListDiff, diff_entries
from aidtrace.lists.model import ListEntry
from aidtrace.lists.store import (
    Snapshot,
    current_entries,
    get_snapshot,
    latest_snapshot,
    snapshot_entries,
    snapshot_with_hash,
)
from aidtrace.progress import Progress, no_progress
from aidtrace.workspace import Workspace

__all__ = ["SnapshotResult", "current_entries", "diff_snapshots", "load_snapshot"]


@dataclass(frozen=True)
class SnapshotResult:
    snapshot: Snapshot
    diff: ListDiff
    skipped: bool = False  # the same publication was loaded before; nothing changed


def content_sha256(members: Iterable[Path]) -> str:
    """One hash over every file of a publication (names and contents)."""
    digest = hashlib.sha256()
    for path in members:
        digest.update(f"{path.name.lower()}\0{file_sha256(path)}\n".encode())
    return digest.hexdigest()


def load_snapshot(
    workspace: Workspace,
    path: Path | str,
    format: str | None = None,
    source: str | None = None,
    *,
    list_name: str | None = None,
    progress: Progress = no_progress,
) -> SnapshotResult:
    """Load one list publication as the newest snapshot of its list, all or nothing."""
    path = Path(path)
    fmt = resolve_format(path, format)
    sha = content_sha256(fmt.members(path))
    header = fmt.header(path)
    name = list_name or header.list_name
    same = snapshot_with_hash(workspace, name, sha)
    if same is not None:
        return SnapshotResult(same, ListDiff(name, same.snapshot_id, same.snapshot_id), True)
    previous = latest_snapshot(workspace, name)
    before = snapshot_entries(workspace, previous.snapshot_id) if previous else {}
    entries = _read(fmt, path, before, name, progress)
    version = previous.version + 1 if previous else 1
    snapshot_id = f"{name}@{version}"
    diff = diff_entries(
        name, before, entries, previous.snapshot_id if previous else None, snapshot_id
    )
    with transaction(workspace, f"watchlist:{fmt.name}", path, rows=len(entries)):
        _store_entries(workspace, snapshot_id, entries)
        _store_changes(workspace, diff)
        workspace.engine.execute(
            "INSERT INTO list_snapshots VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
            (
                snapshot_id,
                name,
                version,
                fmt.name,
                str(path),
                source,
                header.published,
                sha,
                workspace.clock(),
                len(entries),
                diff.old,
                len(diff.added),
                len(diff.removed),
                len(diff.amended),
            ),
        )
        audit.record(
            workspace,
            ListSnapshotRecorded(
                at=workspace.clock(),
                actor="lists",
                list_name=name,
                snapshot_id=snapshot_id,
                sha256=sha,
                entries=len(entries),
                added=len(diff.added),
                removed=len(diff.removed),
                changed=len(diff.amended),
            ),
        )
    return SnapshotResult(get_snapshot(workspace, snapshot_id), diff)


def _read(
    fmt: ListFormat, path: Path, before: dict[str, ListEntry], name: str, progress: Progress
) -> dict[str, ListEntry]:
    """The publication's full entry set (a delta is applied to ``before``)."""
    if isinstance(fmt, DeltaFormat):
        entries = dict(before)
        for done, (source_id, entry) in enumerate(fmt.ops(path), 1):
            if entry is None:
                entries.pop(source_id, None)
            else:
                entries[source_id] = _renamed(entry, name)
            progress("applying delta", done, None)
        return entries
    entries = {}
    for done, entry in enumerate(fmt.parse(path), 1):
        if entry.source_id in entries:
            raise InputError(
                "the same reference is listed twice", source=path, record=entry.source_id
            )
        entries[entry.source_id] = _renamed(entry, name)
        if done % 500 == 0:
            progress("parsing", done, None)
    return entries


def _renamed(entry: ListEntry, name: str) -> ListEntry:
    return entry if entry.list_name == name else replace(entry, list_name=name)


def _store_entries(ws: Workspace, snapshot_id: str, entries: dict[str, ListEntry]) -> None:
    hashes = [entry_hash(e) for e in entries.values()]
    blobs = dict(zip(hashes, (dumps(e) for e in entries.values()), strict=True))
    ws.engine.register(
        "incoming_list_blobs",
        pa.table({"entry_hash": list(blobs), "entry": list(blobs.values())}),
    )
    ws.engine.execute("INSERT OR IGNORE INTO list_entry_blobs SELECT * FROM incoming_list_blobs")
    # Re-register an empty table so the engine does not keep the batch alive until it closes.
    ws.engine.register("incoming_list_blobs", pa.table({"entry_hash": [], "entry": []}))
    members = pa.table(
        {
            "snapshot_id": [snapshot_id] * len(entries),
            "source_id": list(entries),
            "schema": [e.schema.value for e in entries.values()],
            "primary_name": [e.primary_name for e in entries.values()],
            "entry_hash": hashes,
        }
    )
    ws.engine.write("list_members", members)


def _store_changes(ws: Workspace, diff: ListDiff) -> None:
    rows = diff.changes()
    if not rows:
        return
    ws.engine.write(
        "list_changes",
        pa.table(
            {
                "snapshot_id": [diff.new] * len(rows),
                "source_id": [r[0] for r in rows],
                "change": [r[1].value for r in rows],
                "fields": [json.dumps(list(r[2])) for r in rows],
            }
        ),
    )


def diff_snapshots(workspace: Workspace, old_ref: str, new_ref: str) -> ListDiff:
    """The diff between any two stored snapshots (normally of the same list)."""
    old, new = get_snapshot(workspace, old_ref), get_snapshot(workspace, new_ref)
    return diff_entries(
        new.list_name,
        snapshot_entries(workspace, old.snapshot_id),
        snapshot_entries(workspace, new.snapshot_id),
        old.snapshot_id,
        new.snapshot_id,
    )
