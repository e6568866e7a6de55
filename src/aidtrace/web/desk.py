"""The running desk's shared state: one open workspace, its lock, the session codec, settings.

The embedded store takes one writer per process, so the desk opens the workspace once (on first
use) and serialises writes to it (``workspace``). Pages that only read use ``reader``: the calling
thread's own read-only cursor on the same store, without the lock, so reads run side by side.

While the desk runs, its process holds the store (DuckDB admits one read-write process), and
every write the desk makes goes through ``workspace``; ``generation`` counts those blocks, so a
cache of something read from the store stays valid while the generation is unchanged.
"""

from __future__ import annotations

import threading
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from aidtrace import audit
from aidtrace.errors import AidtraceError
from aidtrace.events import Event
from aidtrace.privacy.keys import KeyPurpose, derive_key
from aidtrace.web.dashboard import DashboardCache
from aidtrace.web.ratelimit import AttemptLimiter
from aidtrace.web.readers import ReaderPool
from aidtrace.web.search import IndexCache, search_names
from aidtrace.web.sessions import SessionCodec
from aidtrace.web.settings import WebSettings
from aidtrace.web.users import UserCache
from aidtrace.workspace import Clock, Workspace, utc_now

WARM_UP_NAME = "Abdul Rahman"


class Desk:
    def __init__(self, path: Path, settings: WebSettings, clock: Clock = utc_now) -> None:
        self.path = path
        self.settings = settings
        self.clock = clock
        self.limiter = AttemptLimiter(settings.login_attempts, settings.login_window, clock)
        self.screening = IndexCache()
        self.dashboard = DashboardCache()
        self.users = UserCache()
        self._lock = threading.RLock()
        self._workspace: Workspace | None = None
        self._readers = ReaderPool()
        self.generation = 0
        self._codec: SessionCodec | None = None
        self._pending: list[Event] = []
        self._pending_lock = threading.Lock()

    def _open(self) -> Workspace:
        if self._workspace is None:
            self._workspace = Workspace.open(self.path, clock=self.clock, command="aidtrace serve")
        return self._workspace

    @contextmanager
    def workspace(self) -> Iterator[Workspace]:
        """The open workspace, held exclusively for the duration of the block."""
        with self._lock:
            try:
                ws = self._open()
                self._flush(ws)
                yield ws
            finally:
                self.generation += 1  # the block may have written: store-derived caches expire

    def record(self, event: Event) -> None:
        """Put an event in the audit log without waiting for a writer: at once if the store is
        free, else with the next write (a read must not queue behind one)."""
        with self._pending_lock:
            self._pending.append(event)
        if self._lock.acquire(blocking=False):
            try:
                self._flush(self._open())  # an audit append changes no cached figure
            finally:
                self._lock.release()

    def _flush(self, ws: Workspace) -> None:
        with self._pending_lock:
            events, self._pending = self._pending, []
        if events:
            audit.record_many(ws, events)

    @contextmanager
    def reader(self) -> Iterator[Workspace]:
        """A read-only view of the workspace for this thread; not exclusive, never writes."""
        view = self._readers.current()
        if view is None:
            with self._lock:  # the cursor is made from the writer's connection: not mid-write
                view = self._readers.make(self._open())
        yield view

    def warm(self) -> None:
        """Do what the first requests would otherwise queue for: read the accounts, build the
        dashboard, load the screening index and screen one name (the name matcher sets itself
        up on first use, which takes seconds). A workspace that cannot be opened is left for
        the requests to report."""
        try:
            with self.reader() as ws:
                self.users.all(ws)
                self.dashboard.get(ws, self.workspace)
                search_names(ws, self.screening, WARM_UP_NAME, 1, self.generation)
        except AidtraceError:
            return

    @property
    def codec(self) -> SessionCodec:
        if self._codec is None:
            with self.workspace() as ws:
                key = derive_key(ws.keys.root_key(), KeyPurpose.SESSIONS)
            self._codec = SessionCodec(key, self.settings.session_ttl, self.clock)
        return self._codec

    def close(self) -> None:
        with self._lock:
            if self._workspace is not None:
                self._flush(self._workspace)
            self._readers.close()
            if self._workspace is not None:
                self._workspace.close()
                self._workspace = None
