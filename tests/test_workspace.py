from __future__ import annotations

import logging
import os
import stat
import time
from collections.abc import Iterator
from pathlib import Path

import duckdb
import pytest
from tests.holding import held

from aidtrace.audit import open_log
from aidtrace.errors import KeyMaterialError, StoreError, WorkspaceError
from aidtrace.store import migrations
from aidtrace.store.migrations import Migration, current_versions, latest_versions
from aidtrace.workspace import STORE_NAME, Workspace, WorkspaceBusy


@pytest.fixture
def open_umask() -> Iterator[None]:
    """Run under umask 000, the loosest a user can set (and common in containers)."""
    previous = os.umask(0)
    yield
    os.umask(previous)


def _mode(path: Path) -> int:
    return stat.S_IMODE(path.lstat().st_mode)


def _tree(top: Path) -> list[Path]:
    return [top, *sorted(top.rglob("*"))]


def test_create_writes_config_store_and_private_key(tmp_path: Path) -> None:
    key = tmp_path / "keys" / "root.key"
    with Workspace.create(tmp_path / "ws", key_file=key) as ws:
        assert (ws.path / "aidtrace.toml").is_file()
        assert (ws.path / STORE_NAME).is_file()
        assert stat.S_IMODE(key.stat().st_mode) == 0o600
        assert len(ws.keys.root_key()) == 32
        assert current_versions(ws.engine) == latest_versions()


def test_reopen_keeps_identity(tmp_path: Path) -> None:
    with Workspace.create(tmp_path / "ws", key_file=tmp_path / "k.key") as ws:
        ws_id = ws.config.workspace_id
        ws.engine.execute("INSERT INTO workspace_meta VALUES ('note', 'kept')")
    with Workspace.open(tmp_path / "ws") as again:
        assert again.config.workspace_id == ws_id
        rows = again.engine.query("SELECT value FROM workspace_meta WHERE key='note'")
        assert rows.column("value")[0].as_py() == "kept"


def test_key_inside_workspace_is_refused(tmp_path: Path) -> None:
    with pytest.raises(WorkspaceError, match="outside the workspace"):
        Workspace.create(tmp_path / "ws", key_file=tmp_path / "ws" / "root.key")


def test_create_twice_is_refused(tmp_path: Path) -> None:
    Workspace.create(tmp_path / "ws", key_file=tmp_path / "a.key").close()
    with pytest.raises(WorkspaceError, match="already exists"):
        Workspace.create(tmp_path / "ws", key_file=tmp_path / "b.key")


def test_older_store_is_migrated_on_open(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    Workspace.create(tmp_path / "ws", key_file=tmp_path / "k.key").close()
    # A new release adds a component with two steps: opening the old store applies both.
    step1 = Migration(1, "t", ("CREATE TABLE later_t (a INT)",))
    step2 = Migration(2, "t2", ("ALTER TABLE later_t ADD COLUMN b INT",))
    monkeypatch.setitem(migrations.SCHEMAS.by_name, "later", (step1, step2))
    with Workspace.open(tmp_path / "ws") as ws:
        assert ws.engine.has_table("later_t")
        assert current_versions(ws.engine)["later"] == 2
        cols = ws.engine.query("SELECT * FROM later_t").column_names
        assert cols == ["a", "b"]


def test_newer_store_is_refused(tmp_path: Path) -> None:
    Workspace.create(tmp_path / "ws", key_file=tmp_path / "k.key").close()
    con = duckdb.connect(str(tmp_path / "ws" / STORE_NAME))
    con.execute("UPDATE schema_versions SET version = 99 WHERE component = 'core'")
    con.close()
    with pytest.raises(WorkspaceError, match="newer than this aidtrace"):
        Workspace.open(tmp_path / "ws")


@pytest.mark.parametrize(
    ("damage", "message"),
    [
        ("garbage", "not a readable DuckDB database"),
        ("foreign", "not an aidtrace store"),
        ("other_workspace", "belongs to another workspace"),
        ("missing", "store.duckdb missing"),
    ],
)
def test_corrupt_or_foreign_store_is_refused(tmp_path: Path, damage: str, message: str) -> None:
    Workspace.create(tmp_path / "ws", key_file=tmp_path / "k.key").close()
    store = tmp_path / "ws" / STORE_NAME
    store.unlink()
    if damage == "garbage":
        store.write_bytes(b"this is not a database" * 1000)
    elif damage == "foreign":
        duckdb.connect(str(store)).execute("CREATE TABLE customers (id INT)").close()
    elif damage == "other_workspace":
        Workspace.create(tmp_path / "ws2", key_file=tmp_path / "k2.key").close()
        (tmp_path / "ws2" / STORE_NAME).rename(store)
    with pytest.raises(WorkspaceError, match=message):
        Workspace.open(tmp_path / "ws")


def test_not_a_workspace(tmp_path: Path) -> None:
    with pytest.raises(WorkspaceError, match="run `aidtrace init`"):
        Workspace.open(tmp_path)


def test_broken_config_names_the_file(tmp_path: Path) -> None:
    Workspace.create(tmp_path / "ws", key_file=tmp_path / "k.key").close()
    (tmp_path / "ws" / "aidtrace.toml").write_text("workspace_id = [unclosed\n")
    with pytest.raises(WorkspaceError, match=r"aidtrace\.toml"):
        Workspace.open(tmp_path / "ws")


def test_group_readable_key_is_refused(tmp_path: Path) -> None:
    with Workspace.create(tmp_path / "ws", key_file=tmp_path / "k.key") as ws:
        (tmp_path / "k.key").chmod(0o644)
        with pytest.raises(KeyMaterialError, match="chmod 600"):
            ws.keys.root_key()


def test_everything_created_is_private_whatever_the_umask(tmp_path: Path, open_umask: None) -> None:
    key = tmp_path / "keys" / "root.key"
    with Workspace.create(tmp_path / "ws", key_file=key) as ws:
        ws.engine.execute("CREATE TABLE t (a INT)")
        ws.engine.execute("INSERT INTO t VALUES (1)")  # a write-ahead log now exists
        open_log(ws).append([b"an event"])
        created = _tree(ws.path) + _tree(key.parent)
        modes = {p: _mode(p) for p in created}
    names = {p.name for p in created}
    assert {"aidtrace.toml", "store.duckdb.wal", "tmp", "audit", "log.bin", "root.key"} <= names
    loose = {p: oct(m) for p, m in modes.items() if m != (0o700 if p.is_dir() else 0o600)}
    assert loose == {}


def test_opening_takes_other_users_out_of_an_old_workspace(
    tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    with Workspace.create(tmp_path / "ws", key_file=tmp_path / "k.key") as ws:
        open_log(ws).append([b"an event"])
    own = _tree(tmp_path / "ws")
    for path in own:
        path.chmod(0o777 if path.is_dir() else 0o666)
    theirs = tmp_path / "ws" / "notes.txt"  # the user's own file beside the workspace's
    theirs.write_text("mine")
    theirs.chmod(0o644)
    with caplog.at_level(logging.WARNING), Workspace.open(tmp_path / "ws"):
        pass
    assert {p: oct(_mode(p)) for p in own} == {p: oct(0o700 if p.is_dir() else 0o600) for p in own}
    assert _mode(theirs) == 0o644
    assert f"{len(own)} files and directories were open to other users" in caplog.text


def test_read_only_workspace_refuses_to_write(tmp_path: Path) -> None:
    Workspace.create(tmp_path / "ws", key_file=tmp_path / "k.key").close()
    with Workspace.open(tmp_path / "ws", read_only=True) as ws:
        assert ws.read_only
        assert ws.engine.query("SELECT 1 AS one").column("one")[0].as_py() == 1
        with pytest.raises(StoreError, match="read-only"):
            ws.engine.execute("CREATE TABLE t (a INT)")


def test_reader_upgrades_an_older_store_first(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    Workspace.create(tmp_path / "ws", key_file=tmp_path / "k.key").close()
    step = Migration(1, "t", ("CREATE TABLE later_t (a INT)",))
    monkeypatch.setitem(migrations.SCHEMAS.by_name, "later", (step,))
    with Workspace.open(tmp_path / "ws", read_only=True) as ws:
        assert current_versions(ws.engine)["later"] == 1
        with pytest.raises(StoreError, match="read-only"):
            ws.engine.execute("INSERT INTO later_t VALUES (1)")


def test_readers_in_two_processes_run_side_by_side(tmp_path: Path) -> None:
    Workspace.create(tmp_path / "ws", key_file=tmp_path / "k.key").close()
    # No waiting allowed: the other reader does not stand in the way.
    with held(tmp_path / "ws", "read"), Workspace.open(tmp_path / "ws", read_only=True) as ws:
        assert ws.engine.has_table("workspace_meta")


def test_reader_waits_for_the_writer_to_finish(tmp_path: Path) -> None:
    Workspace.create(tmp_path / "ws", key_file=tmp_path / "k.key").close()
    told: list[WorkspaceBusy] = []
    with held(tmp_path / "ws", "write") as writer:  # holds it until told to let go

        def let_go(busy: WorkspaceBusy) -> None:
            # The reader found the store held and starts waiting: only now does the writer
            # finish, so the open succeeds only by waiting for it, however slow the machine.
            told.append(busy)
            assert writer.stdin is not None
            writer.stdin.write("done\n")
            writer.stdin.flush()

        start = time.monotonic()
        with Workspace.open(tmp_path / "ws", read_only=True, wait=60, on_wait=let_go):
            waited = time.monotonic() - start
    assert waited < 30  # in soon after the writer left, not at the end of the wait
    assert [busy.pid for busy in told] == [writer.pid]
    assert "still busy" not in told[0].message


@pytest.mark.parametrize(
    ("holder", "read_only", "holding"),
    [("write", True, "writing"), ("read", False, "reading")],
)
def test_busy_workspace_names_its_holder(
    tmp_path: Path, holder: str, read_only: bool, holding: str
) -> None:
    Workspace.create(tmp_path / "ws", key_file=tmp_path / "k.key").close()
    with held(tmp_path / "ws", holder, command="aidtrace import") as other:
        start = time.monotonic()
        with pytest.raises(WorkspaceBusy) as caught:
            Workspace.open(tmp_path / "ws", read_only=read_only, wait=0.5)
        assert time.monotonic() - start >= 0.5
    message = str(caught.value)
    assert f"workspace busy (held by PID {other.pid}: aidtrace import, {holding} since" in message
    assert "still busy after waiting 0.5 s" in message
    assert "corrupt" not in message
    assert caught.value.pid == other.pid
    assert caught.value.code == "workspace"  # the web API answers 503: try again later
