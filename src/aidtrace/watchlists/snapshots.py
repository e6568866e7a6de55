"""Loading a list publication as a versioned snapshot, with its diff against the current one.

Each load reads the whole publication first (nothing is written if any record is bad), judges
it against the list's current snapshot (``lists.guards``: refused if empty, if it removes too
much, or if it is older), then stores, in one transaction: the snapshot record (source, publish
date, content hash), its entries (content-addressed, so unchanged entries are stored once across
versions), the diff against the current snapshot, and the new current snapshot.

The publication of the current snapshot loaded again is a no-op. The publication of another
stored snapshot makes that snapshot current again (if it passes the guards), without storing
it twice.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, replace
from datetime import datetime
from enum import StrEnum
from pathlib import Path

import pyarrow as pa

from aidtrace import audit
from aidtrace.errors import InputError
from aidtrace.events import ListSnapshotRecorded
from aidtrace.ingest.registry import file_sha256, transaction
from aidtrace.progress import Progress, no_progress
from aidtrace.watchlists.codec import dumps, entry_hash
from aidtrace.watchlists.current import HeadReason, make_current
from aidtrace.watchlists.diff import ListDiff, diff_entries
from aidtrace.watchlists.formats import ListFormat, resolve_format
from aidtrace.watchlists.formats.registry import DeltaFormat
from aidtrace.watchlists.guards import DEFAULT_GUARDS, Guards, Proposal, SnapshotRefused, refusals
from aidtrace.watchlists.model import ListEntry
from aidtrace.watchlists.store import (
    Snapshot,
    current_entries,
    current_snapshot,
    get_snapshot,
    next_version,
    snapshot_entries,
    snapshot_with_hash,
)
from aidtrace.workspace import Workspace

__all__ = [
    "LoadStatus",
    "SnapshotResult",
    "current_entries",
    "diff_snapshots",
    "load_snapshot",
]


class LoadStatus(StrEnum):
    NEW = "new"  # stored as a new snapshot, now current
    UNCHANGED = "unchanged"  # the current snapshot's own publication: nothing to do
    RESTORED = "restored"  # the publication of a stored snapshot, which is current again


@dataclass(frozen=True)
class SnapshotResult:
    snapshot: Snapshot  # the current snapshot after the load
    diff: ListDiff  # from the snapshot current before to ``snapshot``
    status: LoadStatus = LoadStatus.NEW
    forced: tuple[str, ...] = ()  # the guards ``force`` overrode

    @property
    def skipped(self) -> bool:
        """The same publication was already current; nothing changed."""
        return self.status is LoadStatus.UNCHANGED


@dataclass(frozen=True)
class LoadRules:
    """How a load is judged and who is doing it."""

    guards: Guards = DEFAULT_GUARDS
    force: bool = False
    actor: str = "lists"


DEFAULT_RULES = LoadRules()


def content_sha256(members: Iterable[Path]) -> str:
    """One hash over every file of a publication (names and contents)."""
    digest = hashlib.sha256()
    for path in members:
        digest.update(f"{path.name.lower()}\0{file_sha256(path)}\n".encode())
    return digest.hexdigest()


@contextmanager
def _readable(path: Path) -> Iterator[None]:
    """A publication in a text encoding Python cannot read fails as that file's error."""
    try:
        yield
    except UnicodeError as exc:
        raise InputError(f"wrong text encoding: {exc}", source=path) from exc
    except LookupError as exc:
        if type(exc) is not LookupError:  # KeyError, IndexError: a bug, not the file
            raise
        raise InputError(f"{exc} (declared by the file)", source=path) from exc


def load_snapshot(
    workspace: Workspace,
    path: Path | str,
    format: str | None = None,
    source: str | None = None,
    *,
    list_name: str | None = None,
    progress: Progress = no_progress,
    rules: LoadRules = DEFAULT_RULES,
) -> SnapshotResult:
    """Load one list publication and make it its list's current snapshot, all or nothing;
    ``SnapshotRefused`` (nothing written) when it fails a guard and ``rules.force`` is off."""
    path = Path(path)
    fmt = resolve_format(path, format)
    with _readable(path):
        sha = content_sha256(fmt.members(path))
        header = fmt.header(path)
    name = list_name or header.list_name
    current = current_snapshot(workspace, name)
    if current is not None and current.content_sha256 == sha:
        same = ListDiff(name, current.snapshot_id, current.snapshot_id)
        return SnapshotResult(current, same, LoadStatus.UNCHANGED)
    before = snapshot_entries(workspace, current.snapshot_id) if current else {}
    stored = snapshot_with_hash(workspace, name, sha)
    if stored is not None:
        return _restore(workspace, stored, current, before, rules, path)
    with _readable(path):
        entries = _read(fmt, path, before, name, progress)
    snapshot_id = f"{name}@{next_version(workspace, name)}"
    diff = diff_entries(
        name, before, entries, current.snapshot_id if current else None, snapshot_id
    )
    delta = isinstance(fmt, DeltaFormat)
    proposal = Proposal(diff, len(entries), header.published, delta=delta)
    forced = _judge(proposal, current, rules, path)
    with transaction(workspace, f"watchlist:{fmt.name}", path, rows=len(entries)):
        _store_entries(workspace, snapshot_id, entries)
        _store_changes(workspace, diff)
        _store_snapshot(
            workspace, diff, fmt.name, path, source, header.published, sha, len(entries)
        )
        reason = HeadReason.FORCED if forced else HeadReason.LOADED
        make_current(
            workspace,
            snapshot_id,
            name,
            reason,
            actor=rules.actor,
            previous_id=diff.old,
            note="; ".join(forced),
        )
    return SnapshotResult(get_snapshot(workspace, snapshot_id), diff, LoadStatus.NEW, forced)


def _judge(
    proposal: Proposal, current: Snapshot | None, rules: LoadRules, path: Path
) -> tuple[str, ...]:
    """The guards ``proposal`` fails: raised as ``SnapshotRefused``, or returned when forced."""
    reasons = tuple(refusals(proposal, current, rules.guards))
    if reasons and not rules.force:
        stays = f"{current.snapshot_id} stays current" if current else "nothing was loaded"
        raise SnapshotRefused(
            f"refused: {'; '.join(reasons)}; {stays} (load it anyway with --force)",
            reasons,
            proposal.diff.list_name,
            source=path,
        )
    return reasons


def _restore(
    ws: Workspace,
    stored: Snapshot,
    current: Snapshot | None,
    before: dict[str, ListEntry],
    rules: LoadRules,
    path: Path,
) -> SnapshotResult:
    """Make ``stored``, whose publication was loaded again, current again (guards apply)."""
    previous = current.snapshot_id if current else None
    entries = snapshot_entries(ws, stored.snapshot_id)
    diff = diff_entries(stored.list_name, before, entries, previous, stored.snapshot_id)
    proposal = Proposal(diff, stored.entry_count, stored.published_at, stored=stored)
    forced = _judge(proposal, current, rules, path)
    note = f"forced past: {'; '.join(forced)}" if forced else ""
    with ws.engine.transaction():
        make_current(
            ws,
            stored.snapshot_id,
            stored.list_name,
            HeadReason.RELOADED,
            actor=rules.actor,
            previous_id=previous,
            note=note,
        )
    return SnapshotResult(get_snapshot(ws, stored.snapshot_id), diff, LoadStatus.RESTORED, forced)


def _store_snapshot(
    ws: Workspace,
    diff: ListDiff,
    fmt: str,
    path: Path,
    source: str | None,
    published: datetime | None,
    sha: str,
    count: int,
) -> None:
    name, snapshot_id = diff.list_name, diff.new
    version = int(snapshot_id.rsplit("@", 1)[1])
    ws.engine.execute(
        "INSERT INTO list_snapshots VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
        (
            snapshot_id,
            name,
            version,
            fmt,
            str(path),
            source,
            published,
            sha,
            ws.clock(),
            count,
            diff.old,
            len(diff.added),
            len(diff.removed),
            len(diff.amended),
        ),
    )
    audit.record(
        ws,
        ListSnapshotRecorded(
            at=ws.clock(),
            actor="lists",
            list_name=name,
            snapshot_id=snapshot_id,
            sha256=sha,
            entries=count,
            added=len(diff.added),
            removed=len(diff.removed),
            changed=len(diff.amended),
        ),
    )


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
