"""A ceiling on the memory one import may take (``import_memory_limit`` in ``aidtrace.toml``).

A file within every input bound (``aidtrace.ingest.limits``) can still be large enough to need
more memory than the machine should give one import. :func:`import_memory_limit` watches the
process's resident memory while an import runs and, past the limit, stops the import with one
:class:`MemoryLimitExceeded` naming the file and the setting; the import's transaction rolls
back, so nothing of the file is stored.

Why a watch and not ``setrlimit``: capping the data segment makes an allocation fail wherever it
happens, and an allocation failing inside the Rust libraries (polars, cryptography) aborts the
whole process (SIGABRT) instead of raising ``MemoryError``. The watch samples the resident set
every 50 ms from a thread and interrupts the importing (main) thread at its next Python
instruction, so the limit is exceeded by at most what the process allocates between two samples
plus what a single library call allocates before it returns to Python.

Once the import's transaction has begun to commit, the watch lets it finish: stopped then, the
records could be in the store while the officer reads "nothing was imported". The commit itself
is held by the store's own buffer-pool limit (``store_memory_limit``).
"""

from __future__ import annotations

import _thread
import os
import re
import signal
import threading
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from types import FrameType
from typing import TYPE_CHECKING

from aidtrace.errors import InputError, StoreError
from aidtrace.store.engine import commits_begun

if TYPE_CHECKING:
    from aidtrace.workspace import Workspace

MIB = 1 << 20
SAMPLE_SECONDS = 0.05
# The signal whose Python handler the watch runs in the main thread (no signal is sent: see
# ``_thread.interrupt_main``); the previous handler is back when the import returns.
_TRIP_SIGNAL = signal.SIGUSR1
_PAGE = os.sysconf("SC_PAGE_SIZE")
# The share of the import limit the store's buffer pool may take while importing: past it DuckDB
# spills to the workspace's temporary directory instead of growing inside one long call.
STORE_SHARE = 0.5
# DuckDB's rendering of a size, as in ``current_setting('memory_limit')``: "3.7 GiB".
_SIZE = re.compile(r"([0-9.]+) ?(bytes|KiB|MiB|GiB|TiB)")
_UNITS = {"bytes": 1, "KiB": 1 << 10, "MiB": MIB, "GiB": 1 << 30, "TiB": 1 << 40}


class MemoryLimitExceeded(InputError):
    """An import needed more memory than the workspace lets one import take."""

    def __init__(self, limit_mib: int, source: Path) -> None:
        super().__init__(
            f"the import needs more than the {limit_mib:,} MiB import memory limit; nothing was "
            "imported (raise import_memory_limit in aidtrace.toml to import this file)",
            source=source,
        )
        self.limit_mib = limit_mib


class _Tripped(BaseException):
    """Raised in the importing thread when the watch trips. A ``BaseException``, like
    ``KeyboardInterrupt``, so that no ``except InputError`` inside an importer can swallow it
    while every ``except BaseException: rollback; raise`` still sees it."""


def resident_bytes() -> int | None:
    """This process's resident set size now, or ``None`` where ``/proc`` cannot tell it."""
    try:
        with open("/proc/self/statm", "rb") as fh:
            return int(fh.read().split()[1]) * _PAGE
    except (OSError, IndexError, ValueError):
        return None


@contextmanager
def import_memory_limit(
    limit_mib: int, source: Path, *, every: float = SAMPLE_SECONDS
) -> Iterator[None]:
    """Run the body (one import, in the main thread) under a ceiling of ``limit_mib`` MiB of
    resident memory for the whole process; past it, raise :class:`MemoryLimitExceeded`.

    A ``MemoryError`` in the body (an allocation the system refused) is reported the same way.
    Library callers are unaffected unless they use this; the CLI's ``import`` does."""
    used = resident_bytes()
    if used is not None and used > limit_mib * MIB:  # already past it: no room for the file
        raise MemoryLimitExceeded(limit_mib, source)
    tripped = threading.Event()
    done = threading.Event()
    commits = commits_begun()
    previous = signal.signal(_TRIP_SIGNAL, _raiser(tripped, done, commits))
    watch = threading.Thread(
        target=_watch, args=(limit_mib * MIB, every, tripped, done), name="import-memory-watch"
    )
    watch.start()
    try:
        yield
    except _Tripped:
        raise MemoryLimitExceeded(limit_mib, source) from None
    except BaseException as exc:
        if commits_begun() != commits:
            raise  # the import is stored: whatever failed after, it was not "nothing imported"
        if isinstance(exc, MemoryError):
            raise MemoryLimitExceeded(limit_mib, source) from None
        if tripped.is_set():
            # The trip landed inside a library's call, which failed with an error of its own
            # (a store statement interrupted, then every later statement of its transaction
            # refused): past the limit, that error says nothing the officer can act on.
            raise MemoryLimitExceeded(limit_mib, source) from None
        raise
    finally:
        done.set()  # first: a trip from now on is ignored by the handler
        watch.join()
        signal.signal(_TRIP_SIGNAL, signal.SIG_DFL if previous is None else previous)


def _raiser(
    tripped: threading.Event, done: threading.Event, commits: int
) -> Callable[[int, FrameType | None], None]:
    def handler(signum: int, frame: FrameType | None) -> None:
        # Runs in the main thread, between two instructions of the import. Once the import's
        # transaction has begun to commit (``commits_begun`` past ``commits``), its records are
        # on their way into the store: stopped then, it would say "nothing was imported" of an
        # import that was, so the trip lets it finish.
        if tripped.is_set() and not done.is_set() and commits_begun() == commits:
            raise _Tripped

    return handler


def _watch(limit: int, every: float, tripped: threading.Event, done: threading.Event) -> None:
    while not done.wait(every):
        used = resident_bytes()
        if used is None:
            return  # no /proc: nothing to watch with
        if used > limit:
            tripped.set()
            _thread.interrupt_main(_TRIP_SIGNAL)
            return


@contextmanager
def store_memory_limit(workspace: Workspace, limit_mib: int) -> Iterator[None]:
    """Hold the store's buffer pool to half of ``limit_mib`` for the body, if it may take more;
    then back to the workspace's ``memory_limit`` setting."""
    share = int(limit_mib * STORE_SHARE)
    current = _store_limit(workspace)
    if current is None or current <= share * MIB:
        yield
        return
    try:
        workspace.engine.execute(f"SET memory_limit = '{share}MiB'")
    except StoreError:
        # the buffer pool already holds more than the share and cannot give it back now: the
        # watch on the whole process still applies, so the import goes on without the cap
        yield
        return
    try:
        yield
    finally:
        workspace.engine.execute("SET memory_limit = ?", (workspace.config.memory_limit,))


def _store_limit(workspace: Workspace) -> int | None:
    """The bytes DuckDB's buffer pool may take now; ``None`` for another engine."""
    if workspace.engine.name != "duckdb":
        return None
    table = workspace.engine.query("SELECT current_setting('memory_limit') AS v")
    found = _SIZE.fullmatch(str(table.column("v")[0].as_py()))
    if found is None:
        return None
    return int(float(found[1]) * _UNITS[found[2]])
