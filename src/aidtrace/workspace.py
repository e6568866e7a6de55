"""Open or create a workspace: its config, its embedded store and its key source.

A workspace is a directory holding ``aidtrace.toml``, the DuckDB store ``store.duckdb`` and a
``tmp/`` directory for the store's spill files. The root key is kept elsewhere (by default under
``~/.config/aidtrace/keys``), so copying the workspace does not copy the key.

Everything in a workspace is private to its owner (directories 0700, files 0600), whatever the
umask. The store admits one writing process or many reading ones at a time; opening waits, up to
a given number of seconds, for the process that holds it, and then names that process.
"""

from __future__ import annotations

import logging
import os
import time
import uuid
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from types import TracebackType

from aidtrace.config import CONFIG_NAME, WorkspaceConfig, load_config, write_config
from aidtrace.errors import AidtraceError, StoreError, WorkspaceError
from aidtrace.files import private_dir, restrict_umask, tighten
from aidtrace.holders import (
    HOLDERS_DIR,
    Access,
    Holder,
    default_command,
    find_holder,
    leave_note,
    remove_note,
)
from aidtrace.privacy.keys import (
    FileKeySource,
    KeySource,
    key_source_from_spec,
    new_key_source,
)
from aidtrace.store import DuckDBEngine, Engine, StoreBusy
from aidtrace.store.engine import Joinable
from aidtrace.store.migrations import migrate, migrations_pending

STORE_NAME = "store.duckdb"
TMP_DIR = "tmp"
APP_ID = "aidtrace"
# What aidtrace writes in a workspace (the audit log, screening indexes, reports, list sources
# beside the store). Opening tightens these alone: the directory may hold the user's other files.
OWN_ENTRIES = (
    CONFIG_NAME,
    STORE_NAME,
    f"{STORE_NAME}.wal",
    TMP_DIR,
    HOLDERS_DIR,
    "audit",
    "screening",
    "reports",
    "lists.toml",
)
# While the store is busy, try again after this long, doubling up to the second figure.
FIRST_RETRY = 0.05
LONGEST_RETRY = 0.5

Clock = Callable[[], datetime]
log = logging.getLogger(__name__)


def utc_now() -> datetime:
    return datetime.now(UTC)


def default_key_dir() -> Path:
    """Where new key files go unless told otherwise: outside any workspace."""
    env = os.environ.get("AIDTRACE_KEY_DIR")
    if env:
        return Path(env)
    return Path.home() / ".config" / "aidtrace" / "keys"


class WorkspaceBusy(WorkspaceError):
    """Another process has the workspace's store open, and kept it longer than we would wait.

    Its code stays ``workspace``: to the web API, as to any caller, the workspace is unavailable
    for now (503), and trying again later may succeed."""

    def __init__(self, message: str, *, source: Path, pid: int | None) -> None:
        super().__init__(message, source=source)
        self.pid = pid

    @classmethod
    def naming(cls, path: Path, exc: StoreBusy, waited: float) -> WorkspaceBusy:
        """The busy error for ``path``, naming the holder from its note where it left one."""
        holder = find_holder(path, exc.pid) if exc.pid is not None else None
        who = f"PID {exc.pid}" if exc.pid is not None else "another process"
        detail = holder.describe() if holder is not None else exc.program
        if detail:
            who += f": {detail}"
        message = f"workspace busy (held by {who})"
        if waited > 0:
            message += f"; still busy after waiting {waited:g} s"
        return cls(message, source=path, pid=exc.pid)


@dataclass
class Patience:
    """How long to wait for a busy store, and whom to tell (once) that we are waiting."""

    seconds: float = 0.0
    on_wait: Callable[[WorkspaceBusy], None] | None = None
    deadline: float = field(init=False)
    told: bool = field(default=False, init=False)

    def __post_init__(self) -> None:
        self.deadline = time.monotonic() + self.seconds

    def pause(self, busy: WorkspaceBusy, delay: float) -> bool:
        """Sleep before another try (at most until the deadline); False once it has passed."""
        remaining = self.deadline - time.monotonic()
        if remaining <= 0:
            return False
        if self.on_wait is not None and not self.told:
            self.on_wait(busy)
        self.told = True
        time.sleep(min(delay, remaining))
        return True


@dataclass
class Workspace:
    """An open workspace. Use as a context manager, or call ``close``.

    A workspace opened ``read_only`` never writes to its store (and applies no migration)."""

    path: Path
    config: WorkspaceConfig
    engine: Engine
    keys: KeySource
    clock: Clock = field(default=utc_now)
    read_only: bool = False
    # The holder note this opening left; views made with dataclasses.replace do not own it.
    _note: Path | None = field(default=None, init=False, repr=False)

    @property
    def tmp_dir(self) -> Path:
        return self.path / TMP_DIR

    @classmethod
    def create(
        cls,
        path: Path,
        *,
        key_file: Path | None = None,
        key_source: KeySource | None = None,
        clock: Clock = utc_now,
        command: str | None = None,
    ) -> Workspace:
        """Make a new workspace in ``path`` (created if absent; must not hold one already).

        The root key goes to ``key_file``, or comes from ``key_source``, or from the source
        that ``$AIDTRACE_KEY_SOURCE`` requests (``env:VAR`` or ``passphrase``). ``command`` names
        this process to others kept waiting (default: the program and its subcommand)."""
        path = path.resolve()
        restrict_umask()
        if (path / CONFIG_NAME).exists() or (path / STORE_NAME).exists():
            raise WorkspaceError("a workspace already exists here", source=path)
        workspace_id = uuid.uuid4().hex
        key_path = (key_file or default_key_dir() / f"{workspace_id}.key").resolve()
        if key_path.is_relative_to(path):
            raise WorkspaceError("the key file must live outside the workspace", source=key_path)
        requested = os.environ.get("AIDTRACE_KEY_SOURCE")
        if key_source is None and key_file is None and requested:
            key_source = new_key_source(requested)
        private_dir(path)
        private_dir(path / TMP_DIR)
        keys = key_source or FileKeySource.create(key_path)
        config = WorkspaceConfig(
            workspace_id=workspace_id, created_at=clock(), key_source=keys.describe()
        )
        engine = cls._open_store(path, config, False, Patience())
        migrate(engine)
        engine.execute(
            "INSERT INTO workspace_meta VALUES ('app', ?), ('workspace_id', ?)",
            (APP_ID, workspace_id),
        )
        write_config(path, config)
        return cls(path, config, engine, keys, clock)._noted(command)

    @classmethod
    def open(
        cls,
        path: Path,
        *,
        clock: Clock = utc_now,
        read_only: bool = False,
        wait: float = 0.0,
        on_wait: Callable[[WorkspaceBusy], None] | None = None,
        command: str | None = None,
    ) -> Workspace:
        """Open an existing workspace; a writer applies pending schema migrations.

        ``read_only`` opens the store for reading, side by side with other reading processes (a
        pending migration is applied first, as a writer would). While another process holds the
        store, try again for up to ``wait`` seconds, calling ``on_wait`` once, then raise
        ``WorkspaceBusy``. Modes that let other users in are tightened (and logged)."""
        path = path.resolve()
        restrict_umask()
        config = load_config(path)
        if not (path / STORE_NAME).exists():
            raise WorkspaceError("the workspace has no store (store.duckdb missing)", source=path)
        _make_private(path)
        engine = cls._open_checked(path, config, read_only, Patience(wait, on_wait))
        try:
            keys = key_source_from_spec(config.key_source)
        except AidtraceError:
            engine.close()
            raise
        return cls(path, config, engine, keys, clock, read_only)._noted(command)

    def _noted(self, command: str | None) -> Workspace:
        access = Access.READ if self.read_only else Access.WRITE
        holder = Holder(os.getpid(), command or default_command(), access, self.clock())
        self._note = leave_note(self.path, holder)
        return self

    @classmethod
    def _open_checked(
        cls, path: Path, config: WorkspaceConfig, read_only: bool, patience: Patience
    ) -> Engine:
        engine = cls._open_store(path, config, read_only, patience)
        try:
            cls._check_identity(engine, config, path)
            if not read_only:
                migrate(engine)
                return engine
            if not migrations_pending(engine):
                return engine
        except AidtraceError:
            engine.close()
            raise
        # A reader cannot change the schema: upgrade it as a writer once, then read.
        engine.close()
        cls._open_checked(path, config, False, patience).close()
        return cls._open_store(path, config, True, patience)

    @staticmethod
    def _open_store(
        path: Path, config: WorkspaceConfig, read_only: bool, patience: Patience
    ) -> Engine:
        store = path / STORE_NAME
        delay = FIRST_RETRY
        while True:
            try:
                return DuckDBEngine.open(
                    store,
                    temp_directory=path / TMP_DIR,
                    memory_limit=config.memory_limit,
                    read_only=read_only,
                )
            except StoreBusy as exc:
                if not patience.pause(WorkspaceBusy.naming(path, exc, 0), delay):
                    raise WorkspaceBusy.naming(path, exc, patience.seconds) from exc
                delay = min(delay * 2, LONGEST_RETRY)
            except StoreError as exc:
                raise WorkspaceError(
                    f"the store is not a readable DuckDB database (corrupt?): {exc.message}",
                    source=store,
                ) from exc

    @staticmethod
    def _check_identity(engine: Engine, config: WorkspaceConfig, path: Path) -> None:
        store = path / STORE_NAME
        if not engine.has_table("workspace_meta"):
            raise WorkspaceError("the store is not an aidtrace store", source=store)
        rows = engine.query("SELECT key, value FROM workspace_meta").to_pylist()
        meta = {r["key"]: r["value"] for r in rows}
        if meta.get("app") != APP_ID:
            raise WorkspaceError("the store is not an aidtrace store", source=store)
        if meta.get("workspace_id") != config.workspace_id:
            raise WorkspaceError(
                "the store belongs to another workspace (its id does not match aidtrace.toml)",
                source=store,
            )

    def close(self) -> None:
        self.engine.close()
        remove_note(self._note)
        self._note = None

    def __enter__(self) -> Workspace:
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        if exc is not None and isinstance(self.engine, Joinable):
            # What waits for the next commit vouches for a change this error stopped (the
            # audit mark of events recorded before their store write): committed alone on
            # close, it would tell `audit reconcile` the change happened. Refusals recorded on
            # purpose before raising are marked at once, so they are not waiting here.
            self.engine.drop_joining()
        self.close()


def _make_private(path: Path) -> None:
    """Take other users' permissions off the workspace and what aidtrace keeps in it (a workspace
    made before modes were enforced, or opened up since)."""
    done = tighten([path], below=False)
    own = tighten(path / name for name in OWN_ENTRIES)
    changed, failed = done.changed + own.changed, done.failed + own.failed
    if changed:
        log.warning(
            "%s: %d files and directories were open to other users; now private to their owner",
            path,
            len(changed),
        )
    if failed:
        log.warning("%s: could not make %s private to its owner", path, failed[0])
