"""Who has a workspace open, so that a process kept waiting can say by whom.

The store's lock names only the holding process's id. Each open workspace leaves a note in
``<workspace>/holders/`` (process id, command, reading or writing, since when) and removes it when
it closes; a note left by a process that died is removed by the next one to open the workspace.
"""

from __future__ import annotations

import json
import os
import re
import secrets
import sys
from dataclasses import dataclass
from datetime import datetime
from enum import StrEnum
from pathlib import Path

from aidtrace.files import private_dir, write_private

HOLDERS_DIR = "holders"
_COMMAND_WORD = re.compile(r"^[a-z][a-z-]*$")


class Access(StrEnum):
    READ = "reading"
    WRITE = "writing"


@dataclass(frozen=True)
class Holder:
    """One process that has the workspace open."""

    pid: int
    command: str
    access: Access
    since: datetime

    def describe(self) -> str:
        return f"{self.command}, {self.access.value} since {self.since:%Y-%m-%d %H:%M:%S %Z}"

    def to_json(self) -> str:
        return json.dumps(
            {
                "pid": self.pid,
                "command": self.command,
                "access": self.access.value,
                "since": self.since.isoformat(),
            }
        )

    @classmethod
    def from_json(cls, text: str) -> Holder:
        doc = json.loads(text)
        return cls(
            int(doc["pid"]),
            str(doc["command"]),
            Access(doc["access"]),
            datetime.fromisoformat(doc["since"]),
        )


def default_command() -> str:
    """This process's program and, when it names one, its subcommand (``aidtrace serve``).

    Further arguments are left out: they may name files or carry a password."""
    argv = sys.argv or ["python"]
    program = Path(argv[0]).name
    if program == "__main__.py":  # python -m aidtrace
        program = Path(argv[0]).parent.name
    if len(argv) > 1 and _COMMAND_WORD.match(argv[1]):
        return f"{program} {argv[1]}"
    return program


def leave_note(workspace: Path, holder: Holder) -> Path | None:
    """Record ``holder`` in the workspace; returns the note to remove on close, or ``None`` when
    the workspace cannot be written to (a read-only copy is still readable)."""
    directory = workspace / HOLDERS_DIR
    note = directory / f"{holder.pid}-{secrets.token_hex(4)}.json"
    try:
        private_dir(directory)
        _clear_dead(directory)
        write_private(note, holder.to_json())
    except OSError:
        return None  # the note only improves a message; opening must not fail for it
    return note


def remove_note(note: Path | None) -> None:
    if note is not None:
        note.unlink(missing_ok=True)


def find_holder(workspace: Path, pid: int) -> Holder | None:
    """The note process ``pid`` left, preferring a writer's when it has several open."""
    holders = [h for h in _read_notes(workspace / HOLDERS_DIR, f"{pid}-*.json") if h.pid == pid]
    holders.sort(key=lambda h: (h.access is not Access.WRITE, h.since))
    return holders[0] if holders else None


def _read_notes(directory: Path, pattern: str) -> list[Holder]:
    holders = []
    for path in sorted(directory.glob(pattern)):
        try:
            holders.append(Holder.from_json(path.read_text(encoding="utf-8")))
        except (OSError, ValueError, KeyError, TypeError):
            continue  # removed meanwhile, or half-written: a note is a hint, not a record
    return holders


def _clear_dead(directory: Path) -> None:
    for path in directory.glob("*.json"):
        pid = path.name.partition("-")[0]
        if pid.isdigit() and not _alive(int(pid)):
            path.unlink(missing_ok=True)


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True  # another user's process
    return True
