from __future__ import annotations

import stat
from pathlib import Path

import duckdb
import pytest

from aidtrace.errors import KeyMaterialError, WorkspaceError
from aidtrace.store import migrations
from aidtrace.store.migrations import Migration, current_versions, latest_versions
from aidtrace.workspace import STORE_NAME, Workspace


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
    monkeypatch.setitem(migrations._REGISTRY, "later", (step1, step2))
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
