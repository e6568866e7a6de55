"""Snapshots: versioned loads, no-op reloads, automatic diffs, all-or-nothing."""

from __future__ import annotations

from pathlib import Path

import pytest

from aidtrace.errors import InputError, NotFound
from aidtrace.lists.snapshots import current_entries, diff_snapshots, load_snapshot
from aidtrace.lists.store import get_snapshot, list_snapshots, stored_diff
from aidtrace.workspace import Workspace

UN_2025 = "watchlists/un/un_consolidated_2025-04-19.xml"
UN_2026 = "watchlists/un/un_consolidated_2026-02-27.xml"
REMOVED = ("IQi.074", "QDi.317", "QDi.328", "QDi.336")


def test_two_un_snapshots_diff_exactly(workspace: Workspace, shared_data: Path) -> None:
    first = load_snapshot(workspace, shared_data / UN_2025)
    assert first.snapshot.snapshot_id == "un@1"
    assert first.snapshot.entry_count == 877
    assert first.diff.added
    assert first.diff.old is None
    second = load_snapshot(workspace, shared_data / UN_2026, source="https://example.org/un.xml")
    snap = second.snapshot
    assert (snap.snapshot_id, snap.version, snap.previous_id) == ("un@2", 2, "un@1")
    assert snap.published_at is not None
    assert snap.published_at.date().isoformat() == "2026-02-27"
    assert snap.source_url == "https://example.org/un.xml"
    assert len(second.diff.added) == 130
    assert second.diff.removed == REMOVED
    assert second.diff.amended
    assert all(a.fields for a in second.diff.amended)
    assert (snap.added, snap.removed, snap.amended) == (130, 4, len(second.diff.amended))
    assert stored_diff(workspace, "un@2") == second.diff
    assert diff_snapshots(workspace, "un@1", "un@2") == second.diff
    assert len(current_entries(workspace)) == 1003


def test_same_file_twice_is_a_no_op(workspace: Workspace, shared_data: Path) -> None:
    load_snapshot(workspace, shared_data / UN_2025)
    again = load_snapshot(workspace, shared_data / UN_2025)
    assert again.skipped
    assert again.diff.empty
    assert [s.snapshot_id for s in list_snapshots(workspace)] == ["un@1"]


def test_a_bad_file_leaves_the_previous_snapshot(
    workspace: Workspace, shared_data: Path, tmp_path: Path
) -> None:
    load_snapshot(workspace, shared_data / UN_2025)
    text = (shared_data / UN_2026).read_text(encoding="utf-8")
    broken = tmp_path / "un.xml"
    broken.write_text(text[: len(text) // 2], encoding="utf-8")
    with pytest.raises(InputError, match="malformed XML"):
        load_snapshot(workspace, broken)
    assert [s.snapshot_id for s in list_snapshots(workspace)] == ["un@1"]
    assert len(current_entries(workspace)) == 877
    rows = workspace.engine.query("SELECT count(*) AS n FROM list_members").to_pylist()
    assert rows[0]["n"] == 877


def test_unknown_snapshot(workspace: Workspace) -> None:
    with pytest.raises(NotFound, match="no list snapshot"):
        get_snapshot(workspace, "un@9")
