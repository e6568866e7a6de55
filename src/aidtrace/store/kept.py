"""What each open store connection last read of something that rarely changes, kept so that the
next request on that connection does not read it again.

A value is kept per engine (weakly: a closed connection's goes with it) together with the
version it was read at. Whoever changes the underlying rows calls ``changed`` (or wraps the change
in ``changing``), which drops every kept value in this process; a reader takes ``version()``
before reading and gives it to ``keep`` after, so a value read while a change ran is never kept.
Another process cannot change the rows while a connection of this one is open (the store admits
one writing process), and a connection opened afterwards reads them afresh.
"""

from __future__ import annotations

import threading
import weakref
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Generic, TypeVar

from aidtrace.store.engine import Engine

T = TypeVar("T")


class PerConnection(Generic[T]):
    """A value per open store connection, valid until the next ``changed``."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._version = 0
        self._kept: weakref.WeakKeyDictionary[Engine, tuple[int, T]] = weakref.WeakKeyDictionary()

    def version(self) -> int:
        """Take before reading, give to ``keep`` after: a change in between wins."""
        with self._lock:
            return self._version

    def found(self, engine: Engine) -> tuple[T] | None:
        """``(value,)`` as kept for ``engine`` (a kept ``None`` is ``(None,)``), or ``None``."""
        with self._lock:
            kept = self._kept.get(engine)
            return (kept[1],) if kept is not None and kept[0] == self._version else None

    def get(self, engine: Engine) -> T | None:
        found = self.found(engine)
        return found[0] if found is not None else None

    def keep(self, engine: Engine, version: int, value: T) -> None:
        with self._lock:
            if version == self._version:
                self._kept[engine] = (version, value)

    def wrote(self, engine: Engine, value: T) -> None:
        """``engine`` itself wrote ``value``: kept for it, dropped for every other connection."""
        with self._lock:
            self._version += 1
            self._kept.clear()
            self._kept[engine] = (self._version, value)

    def changed(self) -> None:
        with self._lock:
            self._version += 1
            self._kept.clear()

    @contextmanager
    def changing(self) -> Iterator[None]:
        """Around a change: nothing read before, during or after it is kept."""
        self.changed()
        try:
            yield
        finally:
            self.changed()
