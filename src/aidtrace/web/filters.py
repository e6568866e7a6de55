"""Saved filters: an officer's named views of the alert and case queues.

A filter is kept per account, queue and name, as the query string of the queue it opens, checked
and written in a standard form when saved: an alert filter as the queue's own filter would read
it (without its page), a case filter as the name of one case queue. Saving a name again
replaces that filter.
"""

from __future__ import annotations

import threading
from collections import defaultdict
from dataclasses import dataclass
from enum import StrEnum
from urllib.parse import parse_qsl

from pydantic import ValidationError

from aidtrace.errors import InputError
from aidtrace.web.caseload import CaseQueue
from aidtrace.web.queue import QueueFilter
from aidtrace.workspace import Workspace

MAX_PER_QUEUE = 50  # an officer's list stays short enough to read


class Queue(StrEnum):
    ALERTS = "alerts"
    CASES = "cases"


@dataclass(frozen=True)
class SavedFilter:
    queue: Queue
    name: str
    query: str  # the queue's query string, standard form

    @property
    def link(self) -> str:
        return f"/{self.queue.value}?{self.query}" if self.query else f"/{self.queue.value}"


def standard_query(queue: Queue, query: str) -> str:
    """``query`` checked and written as the queue reads it; a bad one is refused in words."""
    fields = {k: v for k, v in parse_qsl(query.lstrip("?"), keep_blank_values=True) if k != "page"}
    if queue is Queue.CASES:
        value = fields.get("queue", "")
        if set(fields) - {"queue"} or value not in {q.value for q in CaseQueue}:
            raise InputError("a case filter names one case queue (approval, mine, overdue, ...)")
        return f"queue={value}"
    try:
        flt = QueueFilter.model_validate(fields)
    except ValidationError as exc:
        raise InputError(
            "this alert filter cannot be saved: a field is not one the queue reads"
        ) from exc
    return flt.link().removeprefix("/alerts").removeprefix("?")


def _name(name: str) -> str:
    name = " ".join(name.split())
    if not 1 <= len(name) <= 60:
        raise InputError("a saved filter needs a name of 1 to 60 characters")
    return name


def save_filter(ws: Workspace, username: str, queue: Queue, name: str, query: str) -> SavedFilter:
    """Keep the filter under ``name`` for ``username`` (replacing one of the same name)."""
    saved = SavedFilter(queue, _name(name), standard_query(queue, query))
    kept = {f.name for f in saved_filters(ws, username, queue)}
    if saved.name not in kept and len(kept) >= MAX_PER_QUEUE:
        raise InputError(f"at most {MAX_PER_QUEUE} saved filters per queue; delete one first")
    with ws.engine.transaction():
        ws.engine.execute(
            "DELETE FROM web_saved_filters WHERE username = ? AND queue = ? AND name = ?",
            (username, queue.value, saved.name),
        )
        ws.engine.execute(
            "INSERT INTO web_saved_filters (username, queue, name, query, saved_at) "
            "VALUES (?, ?, ?, ?, ?)",
            (username, queue.value, saved.name, saved.query, ws.clock()),
        )
    return saved


def delete_filter(ws: Workspace, username: str, queue: Queue, name: str) -> None:
    ws.engine.execute(
        "DELETE FROM web_saved_filters WHERE username = ? AND queue = ? AND name = ?",
        (username, queue.value, " ".join(name.split())),
    )


def saved_filters(ws: Workspace, username: str, queue: Queue) -> list[SavedFilter]:
    """``username``'s filters of ``queue``, by name."""
    rows = ws.engine.query(
        "SELECT name, query FROM web_saved_filters WHERE username = ? AND queue = ? ORDER BY name",
        (username, queue.value),
    ).to_pylist()
    return [SavedFilter(queue, str(r["name"]), str(r["query"])) for r in rows]


class FilterCache:
    """Every officer's saved filters, read once and kept until the desk saves or deletes one, or
    finds the store changed by another process (``forget``): a queue page then costs a
    dictionary lookup, not a query. While the desk runs it holds the store, so it is the only
    writer of filters; it forgets only after its write commits, and loading and forgetting take
    one lock, so a load that raced a change is always forgotten after it."""

    def __init__(self) -> None:
        self._kept: dict[tuple[str, Queue], list[SavedFilter]] | None = None
        self._lock = threading.Lock()

    def of(self, ws: Workspace, username: str, queue: Queue) -> list[SavedFilter]:
        """``username``'s filters of ``queue``, by name (as ``saved_filters`` reads them)."""
        with self._lock:
            if self._kept is None:
                self._kept = _every_filter(ws)
            return list(self._kept.get((username, queue), ()))

    def forget(self) -> None:
        with self._lock:
            self._kept = None


def _every_filter(ws: Workspace) -> dict[tuple[str, Queue], list[SavedFilter]]:
    rows = ws.engine.query(
        "SELECT username, queue, name, query FROM web_saved_filters ORDER BY username, queue, name"
    ).to_pylist()
    kept: dict[tuple[str, Queue], list[SavedFilter]] = defaultdict(list)
    for r in rows:
        queue = Queue(str(r["queue"]))
        kept[(str(r["username"]), queue)].append(
            SavedFilter(queue, str(r["name"]), str(r["query"]))
        )
    return dict(kept)
