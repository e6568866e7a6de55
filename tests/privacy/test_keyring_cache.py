"""The key ring is read from the store once per store connection, then kept: opening it again
reads only the key source. A rotation or a destruction is never answered from what was kept,
nor is a key taken away from its source, nor a ring read inside a rotation that failed."""

from __future__ import annotations

import os
from collections.abc import Callable
from pathlib import Path

import pytest

from aidtrace.errors import KeyMaterialError
from aidtrace.keyring import ring as ring_module
from aidtrace.keyring import rotate as rotate_module
from aidtrace.keyring.freetext import KEY_DESTROYED, FreeText, SealedText
from aidtrace.keyring.ring import KeyRing
from aidtrace.keyring.rotate import rotate_keys
from aidtrace.keyring.shred import destroy_keys
from aidtrace.privacy.crypto import sealed_key_id
from aidtrace.privacy.keys import FileKeySource, KeyPurpose
from aidtrace.store.duckdb_engine import DuckDBEngine
from aidtrace.workspace import Workspace

NOTE = SealedText("case_notes", "note_id", "body", "body_sealed")


@pytest.fixture
def ring_reads(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """The store reads a ring opening makes from now on (the SQL naming the key records)."""
    asked: list[str] = []
    real = DuckDBEngine.query

    def query(self: DuckDBEngine, sql: str, params: object = ()) -> object:
        if "privacy_keys" in sql or (params == (ring_module.DESTROYED_META,)):
            asked.append(sql)
        return real(self, sql, params)  # type: ignore[arg-type]

    monkeypatch.setattr(DuckDBEngine, "query", query)
    return asked


@pytest.fixture
def ws(workspace: Workspace) -> Workspace:
    KeyRing.open(workspace)  # registers version 1 (never kept: the next opening reads it)
    return workspace


def _active(ring: KeyRing) -> str:
    return ring.active[KeyPurpose.FIELD_ENCRYPTION]


def test_a_ring_is_read_from_the_store_once_per_connection(
    ws: Workspace, ring_reads: list[str]
) -> None:
    first = KeyRing.open(ws)
    assert ring_reads  # the first opening reads the store
    ring_reads.clear()
    again = [KeyRing.open(ws) for _ in range(5)]
    assert ring_reads == []
    assert all(r == first for r in again)


def test_a_rotation_is_read_at_the_next_opening(ws: Workspace) -> None:
    before = KeyRing.open(ws)
    old = FreeText(ws).seal(NOTE, "n1", "before the rotation")
    report = rotate_keys(ws)
    after = KeyRing.open(ws)
    assert _active(after) == report.new_key_ids[0] != _active(before)
    assert after.version == before.version + 1
    sealed = FreeText(ws).seal(NOTE, "n2", "after the rotation")
    assert sealed_key_id(sealed) == report.new_key_ids[0]
    assert sealed_key_id(old) == _active(before)


def test_a_rotation_to_a_new_root_is_read_at_the_next_opening(
    ws: Workspace, tmp_path: Path
) -> None:
    before = KeyRing.open(ws)
    new_source = FileKeySource.create(tmp_path / "keys" / "new.key")
    rotate_keys(ws, new_source)  # and the old key file is shredded
    after = KeyRing.open(ws)
    assert after.root_id != before.root_id
    assert set(before.keys).isdisjoint(after.keys)


def test_a_destroyed_key_is_not_used_from_the_cache(ws: Workspace) -> None:
    KeyRing.open(ws)
    sealed = FreeText(ws).seal(NOTE, "n1", "a phone number")
    destroy_keys(ws)
    with pytest.raises(KeyMaterialError, match="destroyed"):
        KeyRing.open(ws)
    with pytest.raises(KeyMaterialError, match="destroyed"):
        FreeText(ws).seal(NOTE, "n2", "after the shredding")
    assert FreeText(ws).show(NOTE, "n1", sealed, None) == KEY_DESTROYED


def _gone(source: FileKeySource, tmp_path: Path) -> None:
    source.path.unlink()


def _replaced(source: FileKeySource, tmp_path: Path) -> None:
    source.path.unlink()
    FileKeySource.create(source.path)


@pytest.mark.parametrize(
    ("change", "error"),
    [(_gone, "not found"), (_replaced, "wrong key")],
    ids=["key file removed", "key file replaced"],
)
def test_a_key_taken_from_its_source_stops_working_at_once(
    ws: Workspace,
    tmp_path: Path,
    change: Callable[[FileKeySource, Path], None],
    error: str,
) -> None:
    """Outside any aidtrace command: the source is asked again at every opening."""
    KeyRing.open(ws)
    assert isinstance(ws.keys, FileKeySource)
    change(ws.keys, tmp_path)
    with pytest.raises(KeyMaterialError, match=error):
        KeyRing.open(ws)


def test_a_ring_read_inside_a_failed_rotation_is_not_kept(
    ws: Workspace, monkeypatch: pytest.MonkeyPatch
) -> None:
    before = KeyRing.open(ws)
    real = ring_module.record_ring

    def record_then_fail(engine: object, ring: KeyRing, now: object) -> None:
        real(engine, ring, now)  # type: ignore[arg-type]
        assert KeyRing.open(ws).version == 2  # read half-way: the new ring, not yet committed
        raise KeyMaterialError("the rotation failed after registering the new keys")

    monkeypatch.setattr(rotate_module, "record_ring", record_then_fail)
    with pytest.raises(KeyMaterialError, match="rotation failed"):
        rotate_keys(ws)
    assert KeyRing.open(ws) == before
    assert FreeText(ws).seal(NOTE, "n1", "after the failure")[2:6] == b"fe1-"


def test_a_store_opened_again_reads_the_ring_again(
    workspace: Workspace, tmp_path: Path, ring_reads: list[str]
) -> None:
    """Another process can rotate the keys only while this one has the store closed."""
    path = workspace.path
    KeyRing.open(workspace)
    workspace.close()
    with Workspace.open(path) as other:  # as `aidtrace keys rotate` in another process would
        report = rotate_keys(other)
    ring_reads.clear()
    with Workspace.open(path) as again:
        assert _active(KeyRing.open(again)) == report.new_key_ids[0]
    assert ring_reads


def test_the_key_source_is_read_at_every_opening(
    ws: Workspace, monkeypatch: pytest.MonkeyPatch
) -> None:
    assert isinstance(ws.keys, FileKeySource)
    reads: list[int] = []
    real = FileKeySource.root_key

    def root_key(self: FileKeySource) -> bytes:
        reads.append(os.getpid())
        return real(self)

    monkeypatch.setattr(FileKeySource, "root_key", root_key)
    for _ in range(3):
        KeyRing.open(ws)
    assert len(reads) == 3
