"""Snapshots: versioned loads, no-op reloads, automatic diffs, all-or-nothing."""

from __future__ import annotations

from pathlib import Path

import pytest

from aidtrace.errors import InputError, NotFound
from aidtrace.watchlists.snapshots import current_entries, diff_snapshots, load_snapshot
from aidtrace.watchlists.store import get_snapshot, list_snapshots, stored_diff
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


def test_a_reference_listed_twice_is_refused(workspace: Workspace, tmp_path: Path) -> None:
    record = (
        "<INDIVIDUAL><FIRST_NAME>A</FIRST_NAME><REFERENCE_NUMBER>TAi.900</REFERENCE_NUMBER>"
        "</INDIVIDUAL>"
    )
    path = tmp_path / "un.xml"
    path.write_text(
        f"<CONSOLIDATED_LIST><INDIVIDUALS>{record}{record}</INDIVIDUALS></CONSOLIDATED_LIST>",
        encoding="utf-8",
    )
    with pytest.raises(InputError, match="listed twice") as info:
        load_snapshot(workspace, path)
    assert info.value.record == "TAi.900"
    assert list_snapshots(workspace) == []


def test_ofac_set_hash_covers_every_member(
    workspace: Workspace, shared_data: Path, tmp_path: Path
) -> None:
    import shutil

    folder = shared_data / "watchlists/ofac/non_sdn"
    for name in ("cons_prim.csv", "cons_alt.csv", "cons_add.csv", "cons_comments.csv"):
        shutil.copy(folder / name, tmp_path / name)
    first = load_snapshot(workspace, tmp_path / "cons_prim.csv")
    assert first.snapshot.entry_count == 442
    alt = tmp_path / "cons_alt.csv"
    alt.write_text(alt.read_text(encoding="cp1252") + '99999,1,"aka","EXTRA NAME",-0- \n')
    second = load_snapshot(workspace, tmp_path / "cons_prim.csv")
    assert not second.skipped
    assert second.diff.added == ()
    assert second.diff.amended == ()  # an alias for an unknown ent_num changes no entry
    assert second.snapshot.version == 2


def test_each_new_snapshot_is_recorded_in_the_audit_log(
    workspace: Workspace, shared_data: Path
) -> None:
    from tests.audit.test_record import logged

    load_snapshot(workspace, shared_data / "watchlists/un/un_consolidated_2025-04-19.xml")
    load_snapshot(workspace, shared_data / UN_2026)
    load_snapshot(workspace, shared_data / UN_2026)  # a no-op records nothing
    snaps = [e for e in logged(workspace) if e["kind"] == "list_snapshot"]
    assert [(e["snapshot_id"], e["added"], e["removed"]) for e in snaps] == [
        ("un@1", 877, 0),
        ("un@2", 130, 4),
    ]
