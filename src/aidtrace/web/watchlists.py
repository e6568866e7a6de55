"""Watchlist snapshots and diffs, as the lists page shows them (from ``aidtrace.watchlists.store``).

A diff names each changed entry by its primary name and shows, for an amended one, every
changed field as old → new; each entry links to its page in the snapshot that holds it.
"""

from __future__ import annotations

from collections.abc import Collection, Iterable
from dataclasses import asdict
from datetime import date, datetime
from enum import StrEnum
from pathlib import PurePath
from typing import Any

from aidtrace.errors import NotFound
from aidtrace.watchlists.codec import loads, to_dict
from aidtrace.watchlists.diff import Change
from aidtrace.watchlists.freshness import max_age_days, refreshed_at
from aidtrace.watchlists.model import DateInterval, EntryName, Identifier, ListEntry
from aidtrace.watchlists.snapshots import diff_snapshots
from aidtrace.watchlists.store import Snapshot, get_snapshot, list_snapshots, stored_diff
from aidtrace.workspace import Workspace

MAX_CHANGES = 500  # a page lists at most this many changed entries; the CLI gives them all


def _plain(values: dict[str, Any]) -> dict[str, Any]:
    return {k: v.isoformat() if hasattr(v, "isoformat") else v for k, v in values.items()}


def source_label(source: str) -> str:
    """Where a snapshot came from, without the server's directories: a URL as it is, a file
    by its name."""
    return source if "://" in source else PurePath(source).name


def _age_days(now: datetime, then: datetime) -> float:
    return round((now - then).total_seconds() / 86400, 1)


def _overview_row(ws: Workspace, snap: Snapshot, limit: float) -> dict[str, Any]:
    row = _plain(asdict(snap))
    row["source"] = source_label(snap.source)
    now = ws.clock()
    row["loaded_days_ago"] = _age_days(now, snap.loaded_at)
    if snap.current:
        age = _age_days(now, refreshed_at(ws, snap))
        row["age_days"], row["stale"] = age, age > limit
    return row


def snapshots_overview(ws: Workspace) -> dict[str, Any]:
    """Every snapshot of every list, newest first, with its diff counts; a list's current
    snapshot with its age (days since the list was last known to be up to date)."""
    snaps = sorted(list_snapshots(ws), key=lambda s: (s.loaded_at, s.snapshot_id), reverse=True)
    limit = max_age_days(ws.path, {})
    return {
        "available": bool(snaps),
        "snapshots": [_overview_row(ws, s, limit) for s in snaps],
        "ids": [s.snapshot_id for s in snaps],
        "max_age_days": limit,
    }


def entries_of(
    ws: Workspace, snapshot_id: str, source_ids: Collection[str]
) -> dict[str, ListEntry]:
    """The entries with these source ids in one snapshot (those it holds)."""
    if not source_ids:
        return {}
    marks = ", ".join("?" for _ in source_ids)
    rows = ws.engine.query(
        "SELECT m.source_id, b.entry FROM list_members m JOIN list_entry_blobs b "
        f"USING (entry_hash) WHERE m.snapshot_id = ? AND m.source_id IN ({marks})",
        (snapshot_id, *source_ids),
    ).to_pylist()
    return {str(r["source_id"]): loads(str(r["entry"])) for r in rows}


def _one(value: object) -> str:
    if isinstance(value, EntryName):
        return f"{value.full} ({value.quality.value}, {value.script})"
    if isinstance(value, DateInterval):
        return value.text or (
            value.start.isoformat() if value.exact else f"{value.start} – {value.end}"
        )
    if isinstance(value, Identifier):
        return " ".join(x for x in (value.kind, value.number, value.country) if x)
    if isinstance(value, date):
        return value.isoformat()
    return str(value.value) if isinstance(value, StrEnum) else str(value)


def shown(value: object) -> list[str]:
    """A field's value as the lines a person reads (one per name, date, identifier...)."""
    if value is None or value == "":
        return []
    if isinstance(value, tuple):
        return [_one(v) for v in value]
    return [_one(value)]


def _field_change(field: str, old: ListEntry, new: ListEntry) -> dict[str, Any]:
    before, after = shown(getattr(old, field)), shown(getattr(new, field))
    return {
        "field": field,
        "old": before,
        "new": after,
        "removed": [v for v in before if v not in after],
        "added": [v for v in after if v not in before],
    }


def _change_row(
    sid: str, change: Change, fields: Iterable[str], old: dict[str, ListEntry],
    new: dict[str, ListEntry], old_id: str | None, new_id: str,
) -> dict[str, Any]:  # fmt: skip
    entry = new.get(sid) or old.get(sid)
    held_in = old_id if change is Change.REMOVED else new_id
    row: dict[str, Any] = {
        "source_id": sid,
        "change": change.value,
        "fields": list(fields),
        "name": entry.primary_name if entry else sid,
        "link": f"/lists/{held_in}/entries/{sid}" if held_in else None,
        "field_changes": [],
    }
    if change is Change.AMENDED and sid in old and sid in new:
        row["field_changes"] = [_field_change(f, old[sid], new[sid]) for f in fields]
    return row


def snapshot_diff(ws: Workspace, snapshot_id: str, against: str | None = None) -> dict[str, Any]:
    """What changed when this snapshot was loaded (or since snapshot ``against``), with names
    and, for amended entries, the old and new values of each changed field."""
    snap = get_snapshot(ws, snapshot_id)
    diff = (
        diff_snapshots(ws, against, snap.snapshot_id)
        if against
        else stored_diff(ws, snap.snapshot_id)
    )
    shown_changes = diff.changes()[:MAX_CHANGES]
    ids = [sid for sid, _, _ in shown_changes]
    old = entries_of(ws, diff.old, ids) if diff.old else {}
    new = entries_of(ws, diff.new, ids)
    changes = [
        _change_row(sid, change, fields, old, new, diff.old, diff.new)
        for sid, change, fields in shown_changes
    ]
    return {
        "snapshot": _overview_row(ws, snap, max_age_days(ws.path, {})),
        "previous": diff.old,
        "counts": {"added": len(diff.added), "removed": len(diff.removed),
                   "amended": len(diff.amended)},
        "changes": changes,
        "truncated": len(diff.changes()) > MAX_CHANGES,
        "rescreen_entries": len(diff.rescreen_ids),
    }  # fmt: skip


def entry_view(ws: Workspace, snapshot_id: str, source_id: str) -> dict[str, Any]:
    """One listed entry as that snapshot holds it: every field, and the source's own text."""
    snap = get_snapshot(ws, snapshot_id)
    found = entries_of(ws, snap.snapshot_id, [source_id])
    if source_id not in found:
        raise NotFound(f"{snap.snapshot_id} holds no entry {source_id!r}")
    entry = found[source_id]
    fields = [
        {"field": f, "values": shown(getattr(entry, f))}
        for f in ListEntry.__dataclass_fields__
        if f not in {"raw", "list_name", "source_id"} and shown(getattr(entry, f))
    ]
    return {
        "snapshot": {**_plain(asdict(snap)), "source": source_label(snap.source)},
        "source_id": source_id,
        "name": entry.primary_name,
        "fields": fields,
        "entry": to_dict(entry),
        "raw": entry.raw,
    }
