"""The running desk's shared state: the workspace while requests use it, sessions, settings.

The desk does not keep the workspace between requests: other aidtrace commands (an import, a
reading command, ``audit verify``) must be able to use it while the desk runs. Each request
``hold``s the store; the first hold opens it for writing (waiting a few seconds for another
process that holds it, then answering busy), and it is closed again ``linger`` seconds after the
last hold ended, unless another began meanwhile (opening costs tens of milliseconds: the pages and
keystrokes of one click come close together). Within that span writes are serialised on one
cursor (``workspace``), and pages that only read use ``reader``: the calling thread's own
read-only cursor on the same store, so reads run side by side.

``generation`` counts the blocks that may have written, and moves on too when another process
changed the store while the desk had it closed, so a cache of something read from the store stays
valid while the generation is unchanged.

Searches are audited in batches (``record``): a request only notes its event, and the events
noted meanwhile go to the audit log in one append at the latest ``flush_every`` seconds later,
when the store closes, or at once when someone asks (``flush``: the audit pages do, so an
auditor sees every search up to that moment). A keystroke never waits for the write lock, and a
comment or decision never queues behind a search's append.
"""

from __future__ import annotations

import dataclasses
import os
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import duckdb

from aidtrace import audit
from aidtrace.accounts.users import UserCache
from aidtrace.config import load_config
from aidtrace.errors import AidtraceError, StoreError
from aidtrace.events import Event
from aidtrace.privacy.keys import KeyPurpose, derive_key, key_source_from_spec
from aidtrace.store import DuckDBEngine
from aidtrace.web.dashboard import DashboardCache
from aidtrace.web.filters import FilterCache
from aidtrace.web.preferences import LanguageCache
from aidtrace.web.ratelimit import AttemptLimiter
from aidtrace.web.readers import ReaderPool
from aidtrace.web.rescreen import Rescreens
from aidtrace.web.search import IndexCache, search_names
from aidtrace.web.sessions import SessionCodec
from aidtrace.web.settings import WebSettings
from aidtrace.workspace import STORE_NAME, Clock, Workspace, utc_now

WARM_UP_NAME = "Abdul Rahman"
# How long a request waits for another process (an import) that holds the store, before the
# page answers busy (503): long enough for a short command, short enough for a person waiting.
BUSY_WAIT = 5.0
# How long the store stays open after the last request: a burst of requests opens it once, and a
# command kept waiting (it tries again every half second at most) gets in soon after.
LINGER = 0.25
# How long a noted event (a search) may wait for its batch's audit append: what a crash of the
# server can lose, against one append per keystroke.
FLUSH_EVERY = 2.0
# How long stopping the desk waits for whoever still uses the store (the warm-up loading the
# screening index, a last request) before closing it under them.
CLOSE_WAIT = 60.0
COMMAND = "aidtrace serve"

StoreState = tuple[tuple[int, int, int] | None, ...]


def store_state(path: Path) -> StoreState:
    """What changes when anyone writes the store: its file's and its write-ahead log's stamps."""
    state: list[tuple[int, int, int] | None] = []
    for name in (STORE_NAME, f"{STORE_NAME}.wal"):
        try:
            st = os.stat(path / name)
        except FileNotFoundError:
            state.append(None)
            continue
        state.append((st.st_mtime_ns, st.st_size, st.st_ino))
    return tuple(state)


class Desk:
    def __init__(
        self,
        path: Path,
        settings: WebSettings,
        clock: Clock = utc_now,
        wait: float = BUSY_WAIT,
        linger: float = LINGER,
        flush_every: float = FLUSH_EVERY,
    ) -> None:
        self.path = path
        self.settings = settings
        self.clock = clock
        self.wait = wait
        self.linger = linger
        self.flush_every = flush_every
        self.limiter = AttemptLimiter(settings.login_attempts, settings.login_window, clock)
        self.screening = IndexCache()
        self.dashboard = DashboardCache()
        self.users = UserCache()
        self.languages = LanguageCache()
        self.filters = FilterCache()
        self.rescreens = Rescreens()
        self._lock = threading.RLock()  # one write block at a time
        self._open_lock = threading.Lock()  # opening, closing, making cursors of the store
        self._hold_lock = threading.Condition()  # notified when the last user leaves
        self._holds = 0
        self._idle_since = 0.0  # when the last hold ended (monotonic seconds)
        self._timer = False  # whether a close is planned
        self._base: Workspace | None = None  # as opened; its connection only makes cursors
        self._writer: Workspace | None = None  # the cursor every write goes through
        self._closed_at: StoreState | None = None  # the store as the desk last left it
        self._readers = ReaderPool()
        self.generation = 0
        self._codec: SessionCodec | None = None
        self._codec_lock = threading.Lock()
        self._pending: list[Event] = []
        self._pending_lock = threading.Lock()
        self._flush_timer: threading.Timer | None = None  # the planned flush of noted events

    def enter(self) -> None:
        """Start using the store (a request begins); it is opened when first needed."""
        with self._hold_lock:
            self._holds += 1

    def leave(self) -> None:
        """Stop using the store; ``linger`` seconds after the last user left, it is closed."""
        with self._hold_lock:
            self._holds -= 1
            if self._holds > 0:
                return
            self._hold_lock.notify_all()
            if self._base is None:
                return
            self._idle_since = time.monotonic()
            if self._timer:
                return  # the planned close looks again when it is due
            self._timer = True
        self._plan(self.linger)

    def _plan(self, delay: float) -> None:
        timer = threading.Timer(delay, self._due)
        timer.daemon = True
        timer.start()

    def _due(self) -> None:
        """A planned close: done if the store has been idle for ``linger`` seconds, else planned
        again for when it will have been (or left to the next request to plan)."""
        with self._hold_lock:
            if self._holds > 0:
                self._timer = False
                return
            idle_since = self._idle_since
            remaining = idle_since + self.linger - time.monotonic()
            if remaining > 0:
                self._plan(remaining)
                return
            self._timer = False
        self._shut(idle_since)

    @contextmanager
    def hold(self) -> Iterator[None]:
        """Keep the store open (once opened) until the block ends, and longer if others hold it."""
        self.enter()
        try:
            yield
        finally:
            self.leave()

    def _open_base(self) -> Workspace:
        """The open workspace (the caller holds ``_open_lock``); raises ``WorkspaceBusy`` after
        ``wait`` seconds while another process holds the store."""
        if self._base is None:
            if self._closed_at is not None and store_state(self.path) != self._closed_at:
                self._changed_elsewhere()
            base = Workspace.open(self.path, clock=self.clock, wait=self.wait, command=COMMAND)
            self._writer = dataclasses.replace(base, engine=DuckDBEngine(_cursor(base)))
            self._base = base
        return self._base

    def _changed_elsewhere(self) -> None:
        # Another command wrote while the desk had the store closed (an import, `users add`).
        self.generation += 1
        self.users.forget()
        self.languages.forget()
        self.filters.forget()

    def _writable(self) -> Workspace:
        with self._open_lock:
            self._open_base()
            assert self._writer is not None
            return self._writer

    @contextmanager
    def workspace(self) -> Iterator[Workspace]:
        """The open workspace, held exclusively for the duration of the block."""
        with self.hold(), self._lock:
            try:
                yield self._writable()
            finally:
                self.generation += 1  # the block may have written: store-derived caches expire

    def record(self, event: Event) -> None:
        """Note an event for the audit log without touching the store: it is appended with the
        others noted meanwhile within ``flush_every`` seconds (see ``flush``)."""
        with self._pending_lock:
            self._pending.append(event)
            if self._flush_timer is None:
                self._plan_flush()

    def _plan_flush(self) -> None:
        """Plan a flush (the caller holds ``_pending_lock``). Not a daemon thread: a process
        that ends first waits for it (at most ``flush_every``) rather than lose the events or
        stop it inside the store; ``close`` flushes and cancels it."""
        timer = threading.Timer(self.flush_every, self._flush_due)
        self._flush_timer = timer
        timer.start()

    def _flush_due(self) -> None:
        with self._pending_lock:
            self._flush_timer = None
        try:
            self.flush()
        except AidtraceError:
            # The store is busy (another command holds it) or failed: the events wait for the
            # next planned flush, or the close.
            with self._pending_lock:
                if self._pending and self._flush_timer is None:
                    self._plan_flush()

    def pending_events(self) -> int:
        """How many noted events wait for their append."""
        with self._pending_lock:
            return len(self._pending)

    def flush(self) -> None:
        """Append the noted events to the audit log now, in one append (nothing to do: the
        store is not even opened). When this returns they are on disk under a signed head."""
        with self._pending_lock:
            if not self._pending:
                return
        with self.hold(), self._lock:
            self._flush(self._writable())  # an audit append changes no cached figure

    def _flush(self, ws: Workspace) -> None:
        """Append the noted events (the caller holds the write lock)."""
        with self._pending_lock:
            events, self._pending = self._pending, []
        if events:
            audit.record_many(ws, events)

    @contextmanager
    def reader(self) -> Iterator[Workspace]:
        """A read-only view of the workspace for this thread; not exclusive, never writes."""
        with self.hold():
            view = self._readers.current()
            if view is None:
                with self._open_lock:  # the base connection makes cursors, nothing else
                    view = self._readers.make(self._open_base())
            yield view

    def warm(self) -> None:
        """Do what the first requests would otherwise queue for: read the accounts, build the
        dashboard, load the screening index and screen one name (the name matcher sets itself
        up on first use, which takes seconds). A workspace that cannot be opened is left for
        the requests to report."""
        try:
            with self.hold(), self.reader() as ws:
                self.users.all(ws)
                self.dashboard.get(ws, self.workspace)
                search_names(ws, self.screening, WARM_UP_NAME, 1, self.generation)
        except AidtraceError:
            return

    @property
    def codec(self) -> SessionCodec:
        """Signs sessions and CSRF tokens with a key derived from the workspace's root key; needs
        the workspace's configuration and key, not its store, so it works while the store is
        busy (the busy page has a form too)."""
        with self._codec_lock:
            if self._codec is None:
                keys = key_source_from_spec(load_config(self.path.resolve()).key_source)
                key = derive_key(keys.root_key(), KeyPurpose.SESSIONS)
                self._codec = SessionCodec(key, self.settings.session_ttl, self.clock)
            return self._codec

    def _shut(self, idle_since: float | None = None) -> None:
        """Write pending events and close the store: now, or (with ``idle_since``) if nobody has
        used it since then."""
        with self._lock, self._open_lock:  # no write block runs, no cursor is being made
            with self._hold_lock:
                if idle_since is not None and (self._holds or idle_since != self._idle_since):
                    return
                base, writer, readers = self._base, self._writer, self._readers
                if base is None or writer is None:
                    return
                # Detached: a request from now on opens the store again (once this close ends).
                self._base = self._writer = None
                self._readers = ReaderPool()
            try:
                self._flush(writer)
            finally:
                readers.close()
                writer.engine.close()
                base.close()
                self._closed_at = store_state(self.path)

    def close(self) -> None:
        """Append the noted events and close the store now (the desk stops), once whoever still
        uses it (the warm-up, a last request) is done, or after ``CLOSE_WAIT`` seconds."""
        with self._hold_lock:
            self._hold_lock.wait_for(lambda: self._holds == 0, timeout=CLOSE_WAIT)
        self.flush()
        with self._pending_lock:
            timer, self._flush_timer = self._flush_timer, None
        if timer is not None:
            timer.cancel()
        self._shut()


def _cursor(base: Workspace) -> duckdb.DuckDBPyConnection:
    connection = getattr(base.engine, "connection", None)
    if not isinstance(connection, duckdb.DuckDBPyConnection):
        raise StoreError("the web desk needs the DuckDB store")
    return connection.cursor()
