"""The running desk's shared state: one open workspace, its lock, the session codec, settings.

The embedded store takes one writer per process, so the desk opens the workspace once (on first
use) and serialises access to it; DuckDB answers the desk's small queries in milliseconds, which
keeps the lock short.
"""

from __future__ import annotations

import threading
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from aidtrace.privacy.keys import KeyPurpose, derive_key
from aidtrace.web.dashboard import DashboardCache
from aidtrace.web.ratelimit import AttemptLimiter
from aidtrace.web.search import IndexCache
from aidtrace.web.sessions import SessionCodec
from aidtrace.web.settings import WebSettings
from aidtrace.web.users import UserCache
from aidtrace.workspace import Clock, Workspace, utc_now


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
        self._codec: SessionCodec | None = None

    def _open(self) -> Workspace:
        if self._workspace is None:
            self._workspace = Workspace.open(self.path, clock=self.clock)
        return self._workspace

    @contextmanager
    def workspace(self) -> Iterator[Workspace]:
        """The open workspace, held exclusively for the duration of the block."""
        with self._lock:
            yield self._open()

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
                self._workspace.close()
                self._workspace = None
