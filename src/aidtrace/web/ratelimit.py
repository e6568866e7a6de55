"""A sliding-window limit on sign-in attempts per client address (kept in memory)."""

from __future__ import annotations

import threading
from collections import deque
from datetime import datetime, timedelta

from aidtrace.errors import AidtraceError
from aidtrace.workspace import Clock


class TooManyAttempts(AidtraceError):
    """Too many sign-in attempts from one address in a short time."""

    code = "rate_limited"


class AttemptLimiter:
    """At most ``limit`` attempts per ``window`` per key; older attempts fall out of the window."""

    def __init__(self, limit: int, window: timedelta, clock: Clock) -> None:
        self._limit = limit
        self._window = window
        self._clock = clock
        self._seen: dict[str, deque[datetime]] = {}
        self._lock = threading.Lock()

    def hit(self, key: str) -> None:
        """Count one attempt, or raise ``TooManyAttempts`` without counting it."""
        now = self._clock()
        with self._lock:
            times = self._seen.setdefault(key, deque())
            while times and now - times[0] > self._window:
                times.popleft()
            if len(times) >= self._limit:
                wait = int((self._window - (now - times[0])).total_seconds()) + 1
                raise TooManyAttempts(f"too many sign-in attempts; try again in {wait} s")
            times.append(now)
