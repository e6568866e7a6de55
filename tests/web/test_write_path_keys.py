"""The desk keeps the key ring per store connection: a rotation or `keys destroy` run by another
process (which can only get in while the desk has the store closed) is what the desk's next
comment is sealed with, or refused by; never a ring kept from before."""

from __future__ import annotations

import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest

from aidtrace.config import load_config, write_config
from aidtrace.keyring.freetext import KEY_DESTROYED
from aidtrace.keyring.rotate import rotate_keys
from aidtrace.keyring.shred import destroy_keys
from aidtrace.privacy.crypto import sealed_key_id
from aidtrace.workspace import Workspace

from .conftest import FakeClock
from .test_write_path import Desk


@pytest.fixture
def own_key(seeded_path: Path, tmp_path: Path) -> Path:
    """The seeded copy with a root key file of its own: the copies share the template's key
    file, which `keys destroy` would overwrite and delete."""
    config = load_config(seeded_path)
    shared = Path(config.key_source.removeprefix("file:"))
    mine = tmp_path / "own-keys" / "root.key"
    mine.parent.mkdir()
    shutil.copy2(shared, mine)
    write_config(seeded_path, config.model_copy(update={"key_source": f"file:{mine}"}))
    return seeded_path


@pytest.fixture
def desk(own_key: Path, clock: FakeClock) -> Iterator[Desk]:
    yield from Desk.serving(own_key, clock)


def _latest_comment_key(path: Path) -> str:
    with Workspace.open(path, read_only=True) as ws:
        [row] = ws.engine.query(
            "SELECT body_sealed FROM case_notes ORDER BY noted_at DESC LIMIT 1"
        ).to_pylist()
    return sealed_key_id(row["body_sealed"])


def test_a_rotation_by_another_process_seals_the_next_comment(desk: Desk) -> None:
    assert desk.comment("sealed under the first keys") == 200
    desk.close()
    first = _latest_comment_key(desk.path)
    with Workspace.open(desk.path) as other:
        report = rotate_keys(other)
    assert desk.comment("sealed under the rotated keys") == 200
    desk.close()
    assert first.startswith("fe1-")
    assert _latest_comment_key(desk.path) == report.new_key_ids[0]
    page = desk.client.get(f"/cases/{desk.case_id}").text
    assert "sealed under the first keys" in page  # re-sealed by the rotation, still readable
    assert "sealed under the rotated keys" in page


def test_keys_destroyed_by_another_process_refuse_the_next_comment(
    desk: Desk, seeded_template: Path
) -> None:
    assert desk.comment("the cousin's phone is 0791234567") == 200
    desk.close()
    with Workspace.open(desk.path) as other:
        destroy_keys(other)
    assert desk.comment("after the shredding") == 503
    page = desk.client.get(f"/cases/{desk.case_id}").text
    assert "0791234567" not in page
    assert KEY_DESTROYED in page
    shared = Path(load_config(seeded_template).key_source.removeprefix("file:"))
    assert shared.exists()  # the other copies' key is untouched
