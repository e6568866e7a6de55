"""Key rotation re-encrypts every field and re-makes every token, keeping what links."""

from __future__ import annotations

import os
import stat
from pathlib import Path

import pytest

from aidtrace.audit.frames import MAGIC, scan
from aidtrace.config import CONFIG_NAME, load_config
from aidtrace.errors import KeyMaterialError
from aidtrace.events import Event, KeysRotated, decode
from aidtrace.keyring.ring import KeyRing
from aidtrace.keyring.rotate import rotate_keys
from aidtrace.people.access import reveal
from aidtrace.privacy.keys import EnvKeySource, FileKeySource
from aidtrace.workspace import Workspace

PERSON = "staff:S00004"


def _links(ws: Workspace) -> list[tuple[str, ...]]:
    """Which people share a given-name token and which a phone token (not the tokens)."""
    rows = ws.engine.query(
        "SELECT string_agg(person_id, ',' ORDER BY person_id) AS ids FROM person_tokens "
        "GROUP BY given_tok, name_bf0, phone_suffix_tok ORDER BY ids"
    ).to_pylist()
    return [tuple(str(r["ids"]).split(",")) for r in rows]


def _key_ids(ws: Workspace, table: str, column: str) -> set[str]:
    return set(
        ws.engine.query(f"SELECT DISTINCT {column} AS k FROM {table}").column("k").to_pylist()
    )


def test_rotation_under_the_same_root(people_workspace: Workspace) -> None:
    ws = people_workspace
    before, links = reveal(ws, PERSON, actor="t", reason="rotation check"), _links(ws)
    old_tokens = set(ws.engine.query("SELECT given_tok FROM person_tokens").column(0).to_pylist())
    report = rotate_keys(ws)
    assert [k[:4] for k in report.new_key_ids] == ["fe2-", "lt2-"]
    assert report.rows == {"consortium": 0, "free_text": 1, "people": 340}  # free text: the reason
    assert _key_ids(ws, "person_fields", "key_id") == {report.new_key_ids[0]}
    assert _key_ids(ws, "person_tokens", "token_key_id") == {report.new_key_ids[1]}
    assert reveal(ws, PERSON, actor="t", reason="rotation check") == before
    assert _links(ws) == links
    new_tokens = set(ws.engine.query("SELECT given_tok FROM person_tokens").column(0).to_pylist())
    assert not old_tokens & new_tokens


def test_rotation_to_a_new_root_shreds_the_old_key_file(
    people_workspace: Workspace, tmp_path: Path
) -> None:
    ws = people_workspace
    old = ws.keys
    assert isinstance(old, FileKeySource)
    before = reveal(ws, PERSON, actor="t", reason="rotation check")
    report = rotate_keys(ws, FileKeySource.create(tmp_path / "keys" / "root.v2.key"))
    assert report.old_source_destroyed
    assert not old.path.exists()
    path = ws.path
    ws.close()
    with Workspace.open(path) as again:
        assert again.keys.describe().endswith("root.v2.key")
        assert reveal(again, PERSON, actor="t", reason="rotation check") == before
        assert KeyRing.open(again).version == 2


def test_rotation_to_the_wrong_key_later_is_refused(
    people_workspace: Workspace, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("NEW_ROOT", "12" * 32)
    rotate_keys(people_workspace, EnvKeySource("NEW_ROOT"))
    monkeypatch.setenv("NEW_ROOT", "34" * 32)
    with pytest.raises(KeyMaterialError, match="wrong key"):
        reveal(people_workspace, PERSON, actor="t", reason="rotation check")


def _events(ws: Workspace) -> list[Event]:
    log = (ws.path / "audit" / "log.bin").read_bytes()
    return [decode(frame.entry) for frame in scan(log, len(MAGIC))]


@pytest.mark.parametrize("new_root", [False, True])
def test_rotation_is_in_the_audit_log(
    people_workspace: Workspace, tmp_path: Path, new_root: bool
) -> None:
    ws = people_workspace
    source = FileKeySource.create(tmp_path / "keys" / "root.v2.key") if new_root else None
    old_root = KeyRing.open(ws).root_id
    report = rotate_keys(ws, source)
    (event,) = [e for e in _events(ws) if isinstance(e, KeysRotated)]
    assert event.old_key_ids == report.old_key_ids
    assert event.new_key_ids == report.new_key_ids
    assert event.old_root_id == old_root
    assert (event.new_root_id != old_root) is new_root
    assert event.destroy_old is new_root
    assert (event.old_source_kind, event.new_source_kind) == ("file", "file")
    assert str(tmp_path) not in str(event)  # key sources by kind only


def test_config_is_replaced_durably_before_the_old_key_is_shredded(
    people_workspace: Workspace, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    ws = people_workspace
    steps: list[str] = []
    real_replace, real_fsync, real_destroy = os.replace, os.fsync, FileKeySource.destroy

    def replace(src: str, dst: str | Path) -> None:
        if Path(dst).name == CONFIG_NAME:  # (the audit log replaces its head file too)
            assert Path(src).parent == ws.path  # the temporary file sits beside the config
            steps.append(f"replace {CONFIG_NAME}")
        real_replace(src, dst)

    def fsync(fd: int) -> None:
        if os.fstat(fd).st_ino == ws.path.stat().st_ino:
            steps.append("fsync workspace directory")
        real_fsync(fd)

    def destroy(self: FileKeySource) -> str:
        steps.append(f"destroy {self.path.name}")
        return real_destroy(self)

    monkeypatch.setattr(os, "replace", replace)
    monkeypatch.setattr(os, "fsync", fsync)
    monkeypatch.setattr(FileKeySource, "destroy", destroy)
    rotate_keys(ws, FileKeySource.create(tmp_path / "keys" / "root.v2.key"))
    assert steps == ["replace aidtrace.toml", "fsync workspace directory", "destroy root.key"]
    config = ws.path / CONFIG_NAME
    assert stat.S_IMODE(config.stat().st_mode) == 0o600
    assert load_config(ws.path).key_source.endswith("root.v2.key")
    assert [p.name for p in ws.path.iterdir() if p.name.startswith(".")] == []


def test_a_failed_config_write_keeps_the_old_key(
    people_workspace: Workspace, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    ws = people_workspace
    old = ws.keys
    assert isinstance(old, FileKeySource)
    before = (ws.path / CONFIG_NAME).read_bytes()

    real_replace = os.replace

    def full_disk(src: str, dst: str | Path) -> None:
        if Path(dst).name == CONFIG_NAME:
            raise OSError(28, "No space left on device")
        real_replace(src, dst)

    monkeypatch.setattr(os, "replace", full_disk)
    with pytest.raises(OSError, match="No space"):
        rotate_keys(ws, FileKeySource.create(tmp_path / "keys" / "root.v2.key"))
    assert old.path.exists()  # never shredded while the config still names it
    assert (ws.path / CONFIG_NAME).read_bytes() == before
    assert [p.name for p in ws.path.iterdir() if p.name.startswith(".")] == []
