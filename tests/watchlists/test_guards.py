"""Guards on loads, the current snapshot, restoring by reload and rollback."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from aidtrace.events import ListSnapshotMadeCurrent, decode, encode
from aidtrace.watchlists.current import rollback
from aidtrace.watchlists.guards import Guards, SnapshotRefused, load_guards
from aidtrace.watchlists.snapshots import LoadRules, LoadStatus, current_entries, load_snapshot
from aidtrace.watchlists.store import current_snapshot, current_snapshots, list_snapshots
from aidtrace.workspace import Workspace

from .conftest import refs, un_publication

FORCE = LoadRules(force=True)


def _ids(ws: Workspace) -> list[str]:
    return sorted(e.source_id for e in current_entries(ws))


# (current list, publication, its date, refused because …) — base published 2026-03-01.
CASES = [
    ("empty", refs(600), [], "2026-03-02", "holds no entries"),
    ("51 of 600 removed", refs(600), refs(549), "2026-03-02", "removes 51 of the 600"),
    ("50 of 600 removed", refs(600), refs(550), "2026-03-02", None),
    ("7 of 60 removed (10%)", refs(60), refs(53), "2026-03-02", "removes 7 of the 60"),
    ("6 of 60 removed", refs(60), refs(54), "2026-03-02", None),
    ("5 of 20 removed (floor)", refs(20), refs(15), "2026-03-02", None),
    ("6 of 20 removed", refs(20), refs(14), "2026-03-02", "(limit 5)"),
    ("older", refs(20), refs(21), "2026-02-28", "published 2026-02-28 00:00, before"),
    ("same day, more entries", refs(20), refs(21), "2026-03-01", None),
    ("undated", refs(20), refs(21), None, None),
]


@pytest.mark.parametrize(("base", "new", "date", "refused"), [c[1:] for c in CASES],
                         ids=[c[0] for c in CASES])  # fmt: skip
def test_guards_refuse_or_pass(
    workspace: Workspace,
    tmp_path: Path,
    base: list[str],
    new: list[str],
    date: str | None,
    refused: str | None,
) -> None:
    load_snapshot(workspace, un_publication(tmp_path / "base.xml", base))
    candidate = un_publication(tmp_path / "new.xml", new, date)
    if refused is None:
        assert load_snapshot(workspace, candidate).snapshot.snapshot_id == "un@2"
        assert _ids(workspace) == sorted(new)
        return
    with pytest.raises(SnapshotRefused, match="refused") as info:
        load_snapshot(workspace, candidate)
    message = str(info.value)
    assert refused in message
    assert "un@1 stays current" in message
    assert "--force" in message
    assert "\n" not in message
    assert [s.snapshot_id for s in list_snapshots(workspace)] == ["un@1"]
    assert _ids(workspace) == sorted(base)
    forced = load_snapshot(workspace, candidate, rules=FORCE)
    assert forced.snapshot.current
    assert forced.forced
    assert _ids(workspace) == sorted(new)


def test_an_empty_first_publication_is_refused(workspace: Workspace, tmp_path: Path) -> None:
    with pytest.raises(SnapshotRefused, match="nothing was loaded"):
        load_snapshot(workspace, un_publication(tmp_path / "empty.xml", []))
    assert list_snapshots(workspace) == []


def test_the_real_un_list_emptied_or_undone_is_refused(
    workspace: Workspace, shared_data: Path, tmp_path: Path
) -> None:
    """The two incidents: an empty publication (−1,003) and the 2025 list served after 2026."""
    un_2026 = shared_data / "watchlists/un/un_consolidated_2026-02-27.xml"
    load_snapshot(workspace, un_2026)
    empty = un_publication(tmp_path / "empty.xml", [], "2026-03-06")
    with pytest.raises(SnapshotRefused, match=r"holds no entries \(the current un@1 holds 1,003"):
        load_snapshot(workspace, empty)
    with pytest.raises(SnapshotRefused, match=r"published 2025-04-19.*before the current un@1"):
        load_snapshot(workspace, un_2026.with_name("un_consolidated_2025-04-19.xml"))
    assert len(current_entries(workspace)) == 1003
    assert "TAi.024" in _ids(workspace)  # Baradar is still screened against


def test_reloading_the_good_file_restores_it(workspace: Workspace, tmp_path: Path) -> None:
    good = un_publication(tmp_path / "good.xml", refs(30))
    load_snapshot(workspace, good)
    bad = load_snapshot(
        workspace, un_publication(tmp_path / "bad.xml", [], "2026-03-02"), rules=FORCE
    )
    assert bad.snapshot.snapshot_id == "un@2"
    assert bad.snapshot.current
    assert _ids(workspace) == []
    back = load_snapshot(workspace, good)
    assert back.status is LoadStatus.RESTORED
    assert back.snapshot.snapshot_id == "un@1"
    assert len(back.diff.added) == 30
    assert back.diff.old == "un@2"
    assert _ids(workspace) == refs(30)
    assert [s.snapshot_id for s in current_snapshots(workspace)] == ["un@1"]
    again = load_snapshot(workspace, good)
    assert again.skipped  # now it is current: a no-op
    # the next publication is judged against (and diffs from) the restored un@1
    nxt = load_snapshot(workspace, un_publication(tmp_path / "next.xml", refs(31), "2026-03-08"))
    assert nxt.snapshot.snapshot_id == "un@3"
    assert (nxt.snapshot.previous_id, nxt.diff.added) == ("un@1", ("TAi.0030",))


def test_an_undated_replay_of_an_older_snapshot_is_refused(
    workspace: Workspace, tmp_path: Path
) -> None:
    first = un_publication(tmp_path / "a.xml", refs(20), None)
    load_snapshot(workspace, first)
    load_snapshot(workspace, un_publication(tmp_path / "b.xml", refs(22), None))
    with pytest.raises(SnapshotRefused, match="publication of un@1, older than the current un@2"):
        load_snapshot(workspace, first)
    assert current_snapshot(workspace, "un").snapshot_id == "un@2"  # type: ignore[union-attr]


def test_rollback_makes_a_stored_snapshot_current_and_is_audited(
    workspace: Workspace, tmp_path: Path
) -> None:
    from tests.audit.test_record import logged

    load_snapshot(workspace, un_publication(tmp_path / "a.xml", refs(20)))
    load_snapshot(workspace, un_publication(tmp_path / "b.xml", refs(24), "2026-03-08"))
    done = rollback(workspace, "un@1", "amina", "b.xml carried test entries")
    assert (done.previous.snapshot_id, done.snapshot.snapshot_id) == ("un@2", "un@1")
    assert len(done.diff.removed) == 4
    assert _ids(workspace) == refs(20)
    with pytest.raises(Exception, match="already the current snapshot"):
        rollback(workspace, "un@1", "amina")
    with pytest.raises(Exception, match="LIST@VERSION"):
        rollback(workspace, "un", "amina")
    [event] = [e for e in logged(workspace) if e["kind"] == "list_current"]
    assert (event["snapshot_id"], event["previous_id"], event["reason"], event["actor"]) == (
        "un@1",
        "un@2",
        "rollback",
        "amina",
    )
    assert event["note"] == "b.xml carried test entries"


def test_a_forced_load_is_audited_with_the_guard_it_passed(
    workspace: Workspace, tmp_path: Path
) -> None:
    from tests.audit.test_record import logged

    load_snapshot(workspace, un_publication(tmp_path / "a.xml", refs(20)))
    load_snapshot(workspace, un_publication(tmp_path / "b.xml", [], "2026-03-02"), rules=FORCE)
    [event] = [e for e in logged(workspace) if e["kind"] == "list_current"]
    assert (event["reason"], event["snapshot_id"]) == ("forced", "un@2")
    assert "holds no entries" in str(event["note"])


def test_the_event_round_trips() -> None:
    from datetime import UTC, datetime

    event = ListSnapshotMadeCurrent(
        at=datetime(2026, 3, 1, tzinfo=UTC),
        actor="amina",
        list_name="un",
        snapshot_id="un@1",
        previous_id="un@2",
        reason="rollback",
    )
    assert decode(encode(event)) == event


def test_an_empty_delta_on_an_empty_list_is_a_version(workspace: Workspace, tmp_path: Path) -> None:
    delta = tmp_path / "entities.delta.json"
    delta.write_text("", encoding="utf-8")
    result = load_snapshot(workspace, delta, format="ftm_delta")
    assert result.snapshot.entry_count == 0


def test_guards_come_from_lists_toml(tmp_path: Path) -> None:
    (tmp_path / "lists.toml").write_text("[guards]\nmax_removed = 500\nmax_removed_share = 0.5\n")
    assert load_guards(tmp_path) == Guards(500, 0.5, 5)
    assert load_guards(tmp_path / "nowhere") == Guards()
    (tmp_path / "lists.toml").write_text("[guards]\nmax_removed_share = 5\n")
    with pytest.raises(Exception, match="fraction"):
        load_guards(tmp_path)
    (tmp_path / "lists.toml").write_text("[guards]\nmax_remove = 5\n")
    with pytest.raises(Exception, match="unknown keys"):
        load_guards(tmp_path)


def test_an_old_store_gets_its_newest_snapshot_as_current(
    workspace: Workspace, tmp_path: Path
) -> None:
    load_snapshot(workspace, un_publication(tmp_path / "a.xml", refs(3)))
    load_snapshot(workspace, un_publication(tmp_path / "b.xml", refs(4), "2026-03-02"))
    # As a store written before current snapshots existed: no heads, then migration 2 again.
    from aidtrace.watchlists.schema import MIGRATIONS

    workspace.engine.execute("DROP TABLE list_heads")
    workspace.engine.execute("DROP TABLE list_checks")
    for sql in MIGRATIONS[1].statements:
        workspace.engine.execute(sql)
    assert [s.snapshot_id for s in current_snapshots(workspace)] == ["un@2"]
    assert json.dumps(_ids(workspace)) == json.dumps(refs(4))


def _delta(path: Path, adds: list[str], deletes: list[str]) -> Path:
    ops = [
        {"op": "ADD", "entity": {"id": i, "schema": "Person", "properties": {"name": [f"P {i}"]}}}
        for i in adds
    ]
    ops += [{"op": "DEL", "entity": {"id": i}} for i in deletes]
    path.write_text("".join(json.dumps(op) + "\n" for op in ops), encoding="utf-8")
    return path


def test_a_delta_is_judged_by_the_list_it_leaves(workspace: Workspace, tmp_path: Path) -> None:
    ids = refs(20)
    load_snapshot(workspace, _delta(tmp_path / "d1.delta.json", ids, []), format="ftm_delta")
    with pytest.raises(SnapshotRefused, match="removes 6 of the 20 entries"):
        load_snapshot(workspace, _delta(tmp_path / "d2.delta.json", [], ids[:6]), "ftm_delta")
    kept = load_snapshot(workspace, _delta(tmp_path / "d3.delta.json", [], ids[:5]), "ftm_delta")
    assert kept.snapshot.entry_count == 15
    with pytest.raises(SnapshotRefused, match="holds no entries"):
        load_snapshot(workspace, _delta(tmp_path / "d4.delta.json", [], ids[5:]), "ftm_delta")
