"""An outsider checks an export with the log's public key alone: no workspace, no root key."""

from __future__ import annotations

import struct
from collections.abc import Callable
from pathlib import Path

import pytest
from typer.testing import CliRunner

from aidtrace import audit
from aidtrace.audit.export import CHECKPOINT_FILE, ENTRIES_FILE
from aidtrace.audit.witnesses import add_witness
from aidtrace.cli import app
from aidtrace.workspace import Workspace

from .conftest import import_event
from .witness_helpers import make_witness, serving

runner = CliRunner()


def _verify(*args: str) -> tuple[int, str]:
    # -w names a directory that is not a workspace: the check must not need one
    result = runner.invoke(app, ["-w", "/nonexistent", "audit", "verify", *args])
    return result.exit_code, result.stdout + result.stderr


@pytest.fixture
def exported(workspace: Workspace, tmp_path: Path) -> tuple[Path, str, str, str]:
    """An export of 6 entries cosigned by one witness; the log's vkey, its hex key and the
    witness's vkey."""
    witness = make_witness(tmp_path / "w", "donor.example/w", audit.log_vkey(workspace))
    with serving(witness) as url:
        add_witness(workspace, url, witness.verifier.vkey(), "admin")
        audit.record_many(workspace, [import_event(n) for n in range(6)])
    out = tmp_path / "export"
    assert audit.export(workspace, out) == 6
    vkey = audit.log_vkey(workspace)
    return out, vkey, audit.public_key(workspace).hex(), witness.verifier.vkey()


def test_an_export_verifies_with_the_public_key_alone(
    exported: tuple[Path, str, str, str],
) -> None:
    out, vkey, hex_key, witness = exported
    for key in (vkey, hex_key):
        code, text = _verify("--export", str(out), "--public-key", key, "--witness", witness)
        assert code == 0, text
        assert "OK 6 entries" in text
        assert "cosigned by donor.example/w" in text


def _alter(out: Path) -> None:
    blob = bytearray((out / ENTRIES_FILE).read_bytes())
    blob[20] ^= 1
    (out / ENTRIES_FILE).write_bytes(bytes(blob))


def _drop_last(out: Path) -> None:
    blob = (out / ENTRIES_FILE).read_bytes()
    at = 0
    while True:
        (n,) = struct.unpack_from(">I", blob, at)
        if at + 4 + n == len(blob):
            break
        at += 4 + n
    (out / ENTRIES_FILE).write_bytes(blob[:at])


def _strip_cosignature(out: Path) -> None:
    text = (out / CHECKPOINT_FILE).read_text()
    (out / CHECKPOINT_FILE).write_text("\n".join(text.split("\n")[:5]) + "\n")


def _resize(out: Path) -> None:
    text = (out / CHECKPOINT_FILE).read_text()
    (out / CHECKPOINT_FILE).write_text(text.replace("\n6\n", "\n5\n", 1))


TAMPERING: dict[str, Callable[[Path], None]] = {
    "an entry altered": _alter,
    "the last entry dropped": _drop_last,
    "the witness cosignature stripped": _strip_cosignature,
    "the checkpoint's size edited": _resize,
}


@pytest.mark.parametrize("tamper", TAMPERING)
def test_a_tampered_export_fails(exported: tuple[Path, str, str, str], tamper: str) -> None:
    out, vkey, _, witness = exported
    TAMPERING[tamper](out)
    code, text = _verify("--export", str(out), "--public-key", vkey, "--witness", witness)
    assert code == 2, text
    assert text.startswith("error: ")


def test_the_workspace_log_extends_a_published_checkpoint(
    workspace: Workspace, tmp_path: Path
) -> None:
    audit.record_many(workspace, [import_event(n) for n in range(3)])
    published = tmp_path / "cp"
    published.write_text(audit.signed_checkpoint(workspace).render())
    audit.record(workspace, import_event(3))
    vkey = audit.log_vkey(workspace)
    workspace.close()
    args = ["-w", str(workspace.path), "audit", "verify", "--checkpoint", str(published)]
    result = runner.invoke(app, [*args, "--public-key", vkey])
    assert result.exit_code == 0, result.stdout
    assert f"extends {published} (size 3)" in " ".join(result.stdout.split())


def test_a_checkpoint_from_before_an_audit_key_rotation_still_verifies_in_the_workspace(
    workspace: Workspace, tmp_path: Path
) -> None:
    audit.record_many(workspace, [import_event(n) for n in range(3)])
    published = tmp_path / "cp"
    published.write_text(audit.signed_checkpoint(workspace).render())
    audit.rotate_key(workspace, "admin")
    workspace.close()
    args = ["-w", str(workspace.path), "audit", "verify", "--checkpoint", str(published)]
    result = runner.invoke(app, args)
    assert result.exit_code == 0, result.stdout + result.stderr
    assert f"extends {published} (size 3)" in " ".join(result.stdout.split())
