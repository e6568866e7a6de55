"""Private files: the modes aidtrace gives everything it writes, whatever the umask says.

A workspace holds personal data: encrypted in the store, but readable in reports, exports, spill
files and the audit log. So its directories are 0700, its files 0600, and so are the reports and
exports written elsewhere. A umask of 000 (common in containers) must not make any of them
readable, let alone writable, by other users of the machine.
"""

from __future__ import annotations

import os
import secrets
import shutil
import stat
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import IO

from aidtrace.errors import WorkspaceError

PRIVATE_FILE = 0o600
PRIVATE_DIR = 0o700
OTHERS = 0o077  # the group's and everyone else's permission bits


def fresh_directory(target: Path, marker: str, command: str) -> None:
    """Make ``target`` an empty directory, deleting only one an earlier run of ``command``
    made (it holds ``marker``): a wrong ``--dir`` must never wipe someone's files."""
    if target.exists() and any(target.iterdir()):
        if not (target / marker).is_file():
            raise WorkspaceError(
                f"directory exists and was not made by `{command}`; choose another",
                source=target,
            )
        shutil.rmtree(target)
    target.mkdir(parents=True, exist_ok=True)


def restrict_umask() -> int:
    """From now on, create every file and directory of this process without group or other
    permissions (umask at least 077); bits the umask already clears stay cleared. Returns the
    umask now in force."""
    # The first call installs 077, never looser than the final value: no file made by another
    # thread in between can come out open.
    previous = os.umask(OTHERS)
    os.umask(previous | OTHERS)
    return previous | OTHERS


def private_dir(path: Path) -> Path:
    """Make ``path`` (and missing parents) a directory only its owner may enter: 0700."""
    path.mkdir(mode=PRIVATE_DIR, parents=True, exist_ok=True)
    path.chmod(PRIVATE_DIR)
    return path


@contextmanager
def private_writer(path: Path, encoding: str | None = "utf-8") -> Iterator[IO[str]]:
    """A text file open for writing that becomes ``path``, mode 0600, when the block ends.

    The content goes to a new 0600 file beside ``path`` that then replaces it in one step, so a
    file that was readable by others before (or a reader who opened it then) never sees the new
    content, and a failed write leaves the old file as it was. A target that exists but is not
    a regular file (``/dev/stdout``, a pipe) is written in place."""
    if path.exists() and not path.is_file():
        with path.open("w", encoding=encoding) as fh:
            yield fh
        return
    tmp = path.with_name(f".{path.name}.{secrets.token_hex(4)}.tmp")
    fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_EXCL, PRIVATE_FILE)
    try:
        os.fchmod(fd, PRIVATE_FILE)  # exactly 0600: the umask may have cleared the owner's bits
        with os.fdopen(fd, "w", encoding=encoding) as fh:
            yield fh
        os.replace(tmp, path)
    finally:
        tmp.unlink(missing_ok=True)  # only left when the write failed


def fsync_path(path: Path) -> None:
    """Flush ``path`` to disk: a file's content, or a directory's names (so that a file created
    or renamed in it survives a power cut)."""
    fd = os.open(path, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


def write_private(path: Path, text: str) -> Path:
    """Write ``text`` to ``path``, readable by its owner alone (0600); see ``private_writer``."""
    with private_writer(path) as fh:
        fh.write(text)
    return path


@dataclass
class Tightened:
    """What ``tighten`` changed, and what it could not (read-only media, another owner)."""

    changed: list[Path] = field(default_factory=list)
    failed: list[Path] = field(default_factory=list)


def tighten(paths: Iterable[Path], *, below: bool = True) -> Tightened:
    """Take the group and other permissions off these files and directories and, with ``below``,
    everything under the directories (0644 becomes 0600, 0755 becomes 0700). Symbolic links are
    not followed, and entries of another owner are left alone."""
    done = Tightened()
    for top in paths:
        for entry in _walk(top, below):
            _tighten_one(entry, done)
    return done


def _walk(top: Path, below: bool) -> Iterator[Path]:
    if not top.exists() or top.is_symlink():
        return
    yield top
    if below and top.is_dir():
        for root, dirs, files in os.walk(top):
            for name in (*dirs, *files):
                yield Path(root) / name


def _tighten_one(entry: Path, done: Tightened) -> None:
    try:
        info = entry.lstat()
    except FileNotFoundError:
        return  # gone meanwhile (a spill file, a write-ahead log another process checkpointed)
    mode = stat.S_IMODE(info.st_mode)
    if stat.S_ISLNK(info.st_mode) or not mode & OTHERS or info.st_uid != os.geteuid():
        return
    try:
        entry.chmod(mode & ~OTHERS)
    except OSError:
        done.failed.append(entry)
        return
    done.changed.append(entry)
