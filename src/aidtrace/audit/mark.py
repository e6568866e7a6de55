"""The store's memory of the log: the tree size and root it last saw, written with each append.

The log lives in files anyone with access to the workspace can cut or replace; the mark lives in
the store, beside the state changes it vouches for. A log shorter than the mark, or one whose
first ``tree_size`` entries no longer hash to the mark's root, was rolled back or rewritten, and
only an explicit ``audit recover`` (itself logged) starts a new epoch of marks below the old.

A mark joins the store transaction of the change its entries record (``join_mark``): it commits
with that change or not at all. Each mark also names the first entry it vouches for, so the
marks' ranges say which logged events reached the store (``committed``, used by reconcile).

A writing connection keeps the latest mark it read or wrote (``MARKS``), so its next append does
not read the store again: only a writer of the store writes marks, and while a connection of
this process writes the store no other process can. A mark kept from a change that was then
rolled back is newer than the store's: the guard is only stricter for it (the log keeps those
entries).
"""

from __future__ import annotations

import json
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime

from aidtrace.audit.log import HEAD, Guard, RolledBack
from aidtrace.audit.merkle import Frontier
from aidtrace.audit.witnesses import ROSTER_COLUMNS, Roster, roster_from
from aidtrace.store.engine import Engine, Joinable
from aidtrace.store.kept import PerConnection

TABLE = "audit_marks"
_INSERT = (
    f"INSERT INTO {TABLE} (epoch, tree_size, root_hash, recorded_at, frontier, entries_from) "
    "VALUES (?, ?, ?, ?, ?, ?)"
)


@dataclass(frozen=True)
class Mark:
    """The largest tree the store has seen in the current epoch (``recover`` starts the next)."""

    epoch: int
    tree_size: int
    root_hash: str

    @property
    def root(self) -> bytes:
        return bytes.fromhex(self.root_hash)


_LATEST = f"SELECT epoch, tree_size, root_hash FROM {TABLE} ORDER BY epoch DESC, tree_size DESC"


def read_mark(engine: Engine) -> Mark | None:
    """The latest mark, or ``None`` in a store that has never seen the log (or predates marks).

    Marks this connection has yet to commit count too, as its own uncommitted rows would."""
    return _latest(engine, engine.query(f"{_LATEST} LIMIT 1").to_pylist())


def read_mark_and_witnesses(engine: Engine) -> tuple[Mark | None, Roster]:
    """The latest mark and the witnesses' roster: what every append needs, in one query (a
    query costs the store more CPU than the rest of a small append's work)."""
    [row] = engine.query(
        f"SELECT {ROSTER_COLUMNS}, (SELECT max({{'epoch': epoch, 'tree_size': tree_size, "
        f"'root_hash': root_hash}}) FROM {TABLE}) AS mark"
    ).to_pylist()
    mark = row["mark"]
    return _latest(engine, [mark] if isinstance(mark, dict) else []), roster_from(row)


def _latest(engine: Engine, rows: list[dict[str, object]]) -> Mark | None:
    found = [Mark(*_as_mark((r["epoch"], r["tree_size"], r["root_hash"]))) for r in rows]
    found += [Mark(*_as_mark(row)) for row in _waiting(engine)]
    return max(found, key=lambda m: (m.epoch, m.tree_size), default=None)


def _waiting(engine: Engine) -> list[tuple[object, ...]]:
    """The rows of the marks waiting to join this connection's next commit."""
    if not isinstance(engine, Joinable):
        return []
    return [params for sql, params in engine.joining() if sql == _INSERT]


def _as_mark(row: tuple[object, ...]) -> tuple[int, int, str]:
    epoch, size, root = row[:3]
    return int(str(epoch)), int(str(size)), str(root)


def _row(
    mark: Mark, at: datetime, frontier: Frontier | None, entries_from: int | None
) -> tuple[object, ...]:
    peaks = json.dumps([[n, h.hex()] for n, h in frontier.peaks]) if frontier else None
    return (mark.epoch, mark.tree_size, mark.root_hash, at, peaks, entries_from)


class MarkCache(PerConnection[Mark | None]):
    """The latest mark as each writing store connection (engine) last read or wrote it.

    Writing a mark through one connection keeps it for that connection and drops what the
    others kept (they read the store again); ``write_mark`` (a recovery's new epoch) drops
    everything. Callers keep only what a connection that writes the store read (see the
    module's docstring)."""


MARKS = MarkCache()


def write_mark(engine: Engine, mark: Mark, at: datetime, frontier: Frontier | None = None) -> None:
    """Insert a mark now (rows are never updated: concurrent writers cannot conflict), with the
    tree's peaks at that size when known (for witnesses' consistency proofs)."""
    try:
        engine.execute(_INSERT, _row(mark, at, frontier, None))
    finally:
        MARKS.changed()  # after the row: nothing read before it is kept


def join_mark(
    engine: Engine,
    mark: Mark,
    at: datetime,
    frontier: Frontier | None,
    entries_from: int,
    *,
    at_once: bool = False,
) -> None:
    """Mark entries ``entries_from`` to ``mark.tree_size`` in the store transaction of their
    change: the caller's open one, else the next the store commits (an engine without
    transactions, or entries that record no change, ``at_once``, write it now)."""
    try:
        _insert(engine, _row(mark, at, frontier, entries_from), at_once=at_once)
    except BaseException:
        MARKS.changed()  # the store's mark is read again: this one may not be there
        raise
    MARKS.wrote(engine, mark)


def _insert(engine: Engine, row: tuple[object, ...], *, at_once: bool) -> None:
    if not isinstance(engine, Joinable):
        engine.execute(_INSERT, row)
    elif not at_once:
        engine.join_next_commit(_INSERT, row)
    else:
        # Written now, without the marks still waiting for their change: those commit with
        # it or not at all, as before.
        waiting = engine.joining()
        engine.drop_joining()
        try:
            engine.execute(_INSERT, row)
        finally:
            for sql, params in waiting:
                engine.join_next_commit(sql, params)


def committed(engine: Engine) -> list[tuple[int, int]]:
    """The entry ranges ``[first, end)`` whose marks committed in the current epoch, merged and
    in order (empty for a store whose marks predate ranges)."""
    rows = engine.query(
        f"SELECT entries_from AS a, tree_size AS b FROM {TABLE} WHERE entries_from IS NOT NULL "
        f"AND epoch = (SELECT max(epoch) FROM {TABLE}) ORDER BY a"
    ).to_pylist()
    merged: list[tuple[int, int]] = []
    for row in rows:
        a, b = int(row["a"]), int(row["b"])
        if merged and a <= merged[-1][1]:
            merged[-1] = (merged[-1][0], max(b, merged[-1][1]))
        else:
            merged.append((a, b))
    return merged


def peaks_at(engine: Engine, tree_size: int) -> list[tuple[int, bytes]] | None:
    """The tree's peaks at ``tree_size`` as a mark recorded them (``None``: no mark there)."""
    for row in _waiting(engine):
        if _as_mark(row)[1] == tree_size and isinstance(row[4], str):
            return _peaks(row[4])
    rows = engine.query(
        f"SELECT frontier FROM {TABLE} WHERE tree_size = ? AND frontier IS NOT NULL "
        "ORDER BY epoch DESC LIMIT 1",
        (tree_size,),
    ).to_pylist()
    return _peaks(str(rows[0]["frontier"])) if rows else None


def _peaks(text: str) -> list[tuple[int, bytes]]:
    return [(int(n), bytes.fromhex(h)) for n, h in json.loads(text)]


def rollback_guard(latest: Callable[[], Mark | None]) -> Guard:
    """The writer's check against the store's mark (read when a writer needs it): refuse a lost
    head, or a log that is shorter than the mark, or as long but with another root, before
    anything is signed over it."""

    def guard(found: Frontier, head_lost: bool) -> None:
        mark = latest()
        if head_lost:
            raise RolledBack(
                "the audit log has lost its signed head (head.json removed or replaced); "
                "refusing to re-sign it: inspect, then run `aidtrace audit recover`",
                source=HEAD,
            )
        problem = compare(mark, found.size, found.root() if found.size == _size(mark) else None)
        if problem:
            raise RolledBack(f"{problem}; run `aidtrace audit recover` after inspecting")

    return guard


def _size(mark: Mark | None) -> int:
    return -1 if mark is None else mark.tree_size


def compare(mark: Mark | None, size: int, root_at_mark: bytes | None) -> str | None:
    """What is wrong with a log of ``size`` entries whose first ``mark.tree_size`` hash to
    ``root_at_mark`` (``None``: not checked), or ``None`` if the store has seen nothing more."""
    if mark is None:
        return None
    if size < mark.tree_size:
        what = "is empty" if size == 0 else f"has {size:,} entries"
        return (
            f"the audit log {what} but the store has seen {mark.tree_size:,} "
            "(rolled back: entries removed, or an older head put back)"
        )
    if root_at_mark is not None and root_at_mark != mark.root:
        return (
            f"the audit log's first {mark.tree_size:,} entries no longer hash to the root the "
            "store saw (history rewritten)"
        )
    return None
