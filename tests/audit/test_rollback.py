"""Rolling the log back by editing workspace files, without any key, is caught by ``audit
verify`` and refused by the next writer, with no earlier head kept anywhere; ``audit recover``
is the one explicit, logged way on."""

from __future__ import annotations

import json
import shutil
from collections.abc import Callable
from pathlib import Path

import pytest
from typer.testing import CliRunner

from aidtrace import audit
from aidtrace.audit.log import HEAD, LOG, AuditLog, RolledBack
from aidtrace.cli import app
from aidtrace.events import AuditRecovered, decode
from aidtrace.workspace import Workspace

from .conftest import AT, import_event

runner = CliRunner()


def _cli(ws: Path, *args: str) -> tuple[int, str]:
    result = runner.invoke(app, ["-w", str(ws), *args])
    return result.exit_code, result.stdout + result.stderr


def _cut_and_drop_head(directory: Path, head_bytes: bytes) -> None:
    """Cut log.bin at the frame boundary an older head names, then remove head.json."""
    log_bytes = json.loads(head_bytes)["log_bytes"]
    with (directory / LOG).open("r+b") as fh:
        fh.truncate(log_bytes)
    (directory / HEAD).unlink()


def _old_head_back(directory: Path, head_bytes: bytes) -> None:
    """Put back an older head.json and cut the log to match it."""
    with (directory / LOG).open("r+b") as fh:
        fh.truncate(json.loads(head_bytes)["log_bytes"])
    (directory / HEAD).write_bytes(head_bytes)


def _remove_all(directory: Path, head_bytes: bytes) -> None:
    shutil.rmtree(directory)


ATTACKS: dict[str, Callable[[Path, bytes], None]] = {
    "cut and head removed": _cut_and_drop_head,
    "older head put back, log cut": _old_head_back,
    "audit directory removed": _remove_all,
}


@pytest.fixture
def rolled(workspace: Workspace) -> tuple[Workspace, bytes]:
    """A workspace with 5 entries, and the head.json it had at 3."""
    audit.record_many(workspace, [import_event(n) for n in range(3)])
    older = (workspace.path / "audit" / HEAD).read_bytes()
    audit.record_many(workspace, [import_event(n) for n in range(3, 5)])
    return workspace, older


@pytest.mark.parametrize("attack", ATTACKS)
def test_rollback_is_caught_by_verify_and_refused_by_writers(
    rolled: tuple[Workspace, bytes], attack: str
) -> None:
    ws, older = rolled
    ATTACKS[attack](ws.path / "audit", older)
    with pytest.raises(RolledBack):
        audit.record(ws, import_event(9))  # the next writer does not re-sign the shorter log
    ws.close()
    code, out = _cli(ws.path, "audit", "verify")
    assert code == 2, out
    assert len(out.strip().splitlines()) == 1
    assert out.startswith("error: ")
    assert "rolled back" in out or "no signed head" in out


@pytest.mark.parametrize("attack", ATTACKS)
def test_recover_is_explicit_logged_and_lets_writers_on(
    rolled: tuple[Workspace, bytes], attack: str
) -> None:
    ws, older = rolled
    ATTACKS[attack](ws.path / "audit", older)
    ws.close()
    code, out = _cli(ws.path, "audit", "recover", "--as", "auditor")
    assert code == 0, out
    assert "the store had seen 5 entries" in out
    code, out = _cli(ws.path, "audit", "verify")
    assert code == 0, out
    assert "OK" in out
    with Workspace.open(ws.path) as again:
        receipt = audit.record(again, import_event(10))
        entry = audit.prove(again, str(receipt.index - 1))["entry"]
    recovered = decode(str(entry).encode())
    assert isinstance(recovered, AuditRecovered)
    assert (recovered.seen_size, recovered.actor, recovered.epoch) == (5, "auditor", 1)
    assert recovered.found_size < 5


def test_recover_on_a_sound_log_records_nothing(rolled: tuple[Workspace, bytes]) -> None:
    ws, _ = rolled
    ws.close()
    code, out = _cli(ws.path, "audit", "recover")
    assert code == 0
    assert "Nothing to recover" in out
    with Workspace.open(ws.path, read_only=True) as again:
        assert audit.verify(again).entries == 5


def test_whole_frames_left_by_a_crashed_writer_are_still_completed(
    rolled: tuple[Workspace, bytes],
) -> None:
    """The mark does not get in the way of the ordinary crash recovery: entries past the head
    are completed by the next writer."""
    ws, _ = rolled
    log = audit.open_log(ws)
    log.append([b"written, head signed, but not yet marked"])
    assert audit.record(ws, import_event(11)).tree_size == 7
    assert audit.verify(ws).entries == 7


def test_a_history_rewritten_with_the_key_is_caught_by_the_mark(workspace: Workspace) -> None:
    """Someone holding the audit key rebuilds the log with other entries, as many as before:
    every signature is valid, but the store saw another root."""
    audit.record_many(workspace, [import_event(n) for n in range(3)])
    for name in (LOG, HEAD, "index.bin"):
        (workspace.path / "audit" / name).unlink()
    forged = AuditLog(
        workspace.path / "audit", signer=lambda: audit.signer(workspace), clock=lambda: AT
    )
    forged.append([b"forged 0", b"forged 1", b"forged 2"])
    with pytest.raises(RolledBack, match="history rewritten"):
        audit.verify(workspace)
