"""A sliding-window limit on sign-in attempts per client address (kept in memory), and the
address an attempt is counted against."""

from __future__ import annotations

import threading
from collections import deque
from datetime import datetime, timedelta

from starlette.requests import Request

from aidtrace.errors import AidtraceError
from aidtrace.workspace import Clock

# The key every attempt carrying an X-Forwarded-For header nobody vouches for is counted under.
UNATTRIBUTED = "forwarded (no trusted proxy configured)"


def client_address(request: Request, trusted_proxies: frozenset[str]) -> str:
    """The address a sign-in attempt is counted against.

    ``X-Forwarded-For`` is anyone's to write. It names the client only when the request came
    from a proxy the desk was told to trust (``trusted_proxies``): then the rightmost address
    the proxies did not add is the client. Otherwise every attempt carrying the header is
    counted under one key, so that a new made-up address per attempt gains nothing (the server
    in front may already have copied the header's claim into the peer address)."""
    peer = request.client.host if request.client else "unknown"
    forwarded = [a.strip() for a in request.headers.getlist("x-forwarded-for") for a in
                 a.split(",") if a.strip()]  # fmt: skip
    if not forwarded:
        return peer
    if not trusted_proxies:
        return UNATTRIBUTED
    if peer not in trusted_proxies:
        return peer  # behind a configured proxy, a server in front already chose the client
    hops = [a for a in forwarded if a not in trusted_proxies]
    return hops[-1] if hops else peer


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
