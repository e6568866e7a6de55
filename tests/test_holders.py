"""Holder notes: written on open, removed on close, and a dead process's note cleared."""

from __future__ import annotations

import os
import subprocess
import sys
from datetime import UTC, datetime
from pathlib import Path

import pytest

from aidtrace.holders import (
    HOLDERS_DIR,
    Access,
    Holder,
    default_command,
    find_holder,
    leave_note,
)
from aidtrace.workspace import Workspace

SINCE = datetime(2026, 3, 1, 9, 30, tzinfo=UTC)


def test_open_leaves_a_note_and_close_removes_it(tmp_path: Path) -> None:
    with Workspace.create(tmp_path / "ws", key_file=tmp_path / "k.key", command="aidtrace init"):
        pass
    ws = Workspace.open(tmp_path / "ws", read_only=True, command="aidtrace alerts")
    holder = find_holder(ws.path, os.getpid())
    assert holder is not None
    assert (holder.command, holder.access) == ("aidtrace alerts", Access.READ)
    ws.close()
    assert list((tmp_path / "ws" / HOLDERS_DIR).iterdir()) == []


def test_a_dead_process_note_is_cleared(tmp_path: Path) -> None:
    dead = subprocess.run(
        [sys.executable, "-c", "import os; print(os.getpid())"],
        check=True,
        capture_output=True,
        text=True,
    )
    pid = int(dead.stdout)
    assert leave_note(tmp_path, Holder(pid, "aidtrace import", Access.WRITE, SINCE)) is not None
    assert find_holder(tmp_path, pid) is not None
    leave_note(tmp_path, Holder(1, "init", Access.READ, SINCE))  # pid 1 is alive
    assert find_holder(tmp_path, pid) is None
    assert find_holder(tmp_path, 1) is not None


def test_holder_describes_itself() -> None:
    holder = Holder(42, "aidtrace import", Access.WRITE, SINCE)
    assert holder.describe() == "aidtrace import, writing since 2026-03-01 09:30:00 UTC"
    assert Holder.from_json(holder.to_json()) == holder


def test_a_damaged_note_is_ignored(tmp_path: Path) -> None:
    (tmp_path / HOLDERS_DIR).mkdir()
    (tmp_path / HOLDERS_DIR / "42-abcd.json").write_text("{not json")
    assert find_holder(tmp_path, 42) is None


@pytest.mark.parametrize(
    ("argv", "command"),
    [
        (["/usr/bin/aidtrace", "serve", "--port", "1"], "aidtrace serve"),
        (["/usr/bin/aidtrace", "-w", "ws", "serve"], "aidtrace"),
        (["/x/aidtrace/__main__.py", "users", "add", "--password", "s3cret"], "aidtrace users"),
        ([], "python"),
    ],
)
def test_default_command_leaves_arguments_out(
    monkeypatch: pytest.MonkeyPatch, argv: list[str], command: str
) -> None:
    monkeypatch.setattr(sys, "argv", argv)
    assert default_command() == command
