"""The consortium secret: created, shared by file, rotated, sealed under the workspace keys."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from aidtrace.consortium import secret
from aidtrace.errors import InputError, KeyMaterialError, NotFound, WorkspaceError
from aidtrace.keyring.rotate import rotate_keys
from aidtrace.workspace import Workspace


def _file(tmp_path: Path, c: secret.Consortium) -> Path:
    path = tmp_path / "secret.json"
    path.write_text(secret.secret_file_text(c))
    return path


def test_a_member_joins_with_the_secret_file(workspace: Workspace, tmp_path: Path) -> None:
    made = secret.create(workspace, "kabul", "WFP")
    with Workspace.create(tmp_path / "other", key_file=tmp_path / "other.key") as other:
        joined = secret.join(other, secret.read_secret_file(_file(tmp_path, made)), "UNHCR")
        assert joined.secret() == made.secret()
        assert joined.current.check == made.current.check
        assert joined.agency == "UNHCR"
        assert [c.name for c in secret.list_consortia(other)] == ["kabul"]


def test_the_secret_is_sealed_in_the_store(workspace: Workspace) -> None:
    made = secret.create(workspace, "kabul", "WFP")
    stored = workspace.engine.query("SELECT value FROM workspace_meta").to_pylist()
    blob = " ".join(str(r["value"]) for r in stored)
    assert made.secret().hex() not in blob
    assert made.current.check in blob  # the public check is stored in the clear


def test_rotation_starts_a_new_round_and_forgets_the_old_secret(workspace: Workspace) -> None:
    first = secret.create(workspace, "kabul", "WFP")
    rotated = secret.rotate(workspace, "kabul")
    assert rotated.current.number == 2
    assert rotated.secret() != first.secret()
    again = secret.load(workspace, "kabul")
    assert [r.number for r in again.rounds] == [1, 2]
    assert again.rounds[0].secret is None
    assert again.rounds[0].check == first.current.check


def test_a_member_moves_to_the_next_round(workspace: Workspace, tmp_path: Path) -> None:
    made = secret.create(workspace, "kabul", "WFP")
    with Workspace.create(tmp_path / "other", key_file=tmp_path / "other.key") as other:
        secret.join(other, secret.read_secret_file(_file(tmp_path, made)), "UNHCR")
        rotated = secret.rotate(workspace, "kabul")
        moved = secret.join(other, secret.read_secret_file(_file(tmp_path, rotated)), None)
        assert moved.current.number == 2
        assert moved.secret() == rotated.secret()
        assert moved.agency == "UNHCR"
        old = secret.read_secret_file(_file(tmp_path, made))
        with pytest.raises(InputError, match="older"):
            secret.join(other, old, None)


def test_workspace_key_rotation_reseals_the_secret(workspace: Workspace) -> None:
    made = secret.create(workspace, "kabul", "WFP")
    rotate_keys(workspace)
    assert secret.load(workspace, "kabul").secret() == made.secret()


@pytest.mark.parametrize(
    ("name", "agency", "error"),
    [
        ("kabul", "WFP", WorkspaceError),  # twice
        ("../etc", "WFP", InputError),
        ("kabul2", "W F P", InputError),
        ("x" * 65, "WFP", InputError),
    ],
)
def test_bad_consortia_are_refused(
    workspace: Workspace, name: str, agency: str, error: type[Exception]
) -> None:
    secret.create(workspace, "kabul", "WFP")
    with pytest.raises(error):
        secret.create(workspace, name, agency)


def test_an_unknown_consortium_is_named(workspace: Workspace) -> None:
    with pytest.raises(NotFound, match="herat"):
        secret.load(workspace, "herat")


def test_a_forgotten_round_has_no_secret() -> None:
    gone = secret.Consortium("kabul", "WFP", (secret.Round(1, "00" * 8, None),))
    with pytest.raises(KeyMaterialError):
        gone.secret()


def _good() -> dict[str, object]:
    key = bytes(range(32))
    return {"format": secret.SECRET_FORMAT, "version": 1, "consortium": "kabul", "round": 3,
            "secret": key.hex(), "check": secret.round_check(key)}  # fmt: skip


@pytest.mark.parametrize(
    ("change", "message"),
    [
        ({"format": "other"}, "not a version-1"),
        ({"version": 2}, "not a version-1"),
        ({"secret": "00" * 31}, "malformed"),
        ({"secret": "zz" * 32}, "not a readable"),
        ({"round": True}, "malformed"),
        ({"round": 0}, "malformed"),
        ({"consortium": "a/b"}, "must be"),
        ({"check": "0" * 16}, "does not match"),
    ],
)
def test_hostile_secret_files_are_refused(
    tmp_path: Path, change: dict[str, object], message: str
) -> None:
    path = tmp_path / "s.json"
    path.write_text(json.dumps(_good() | change))
    with pytest.raises(InputError, match=message):
        secret.read_secret_file(path)


def test_an_oversized_secret_file_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "s.json"
    path.write_text(" " * 5000 + json.dumps(_good()))
    with pytest.raises(InputError, match="too large"):
        secret.read_secret_file(path)
    path.write_text(json.dumps(_good()))
    assert secret.read_secret_file(path).round.number == 3


def test_destroying_the_workspace_keys_makes_the_secret_unreadable(workspace: Workspace) -> None:
    from aidtrace.keyring.shred import destroy_keys

    secret.create(workspace, "kabul", "WFP")
    destroy_keys(workspace)
    with pytest.raises(KeyMaterialError):
        secret.load(workspace, "kabul")
