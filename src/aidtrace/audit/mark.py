"""The store's memory of the log: the tree size and root it last saw, written with each append.

The log lives in files anyone with access to the workspace can cut or replace; the mark lives in
the store, beside the state changes it vouches for. A log shorter than the mark, or one whose
first ``tree_size`` entries no longer hash to the mark's root, was rolled back or rewritten, and
only an explicit ``audit recover`` (itself logged) starts a new epoch of marks below the old.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime

from aidtrace.audit.log import HEAD, Guard, RolledBack
from aidtrace.audit.merkle import Frontier
from aidtrace.store.engine import Engine

TABLE = "audit_marks"


@dataclass(frozen=True)
class Mark:
    """The largest tree the store has seen in the current epoch (``recover`` starts the next)."""

    epoch: int
    tree_size: int
    root_hash: str

    @property
    def root(self) -> bytes:
        return bytes.fromhex(self.root_hash)


def read_mark(engine: Engine) -> Mark | None:
    """The latest mark, or ``None`` in a store that has never seen the log (or predates marks)."""
    rows = engine.query(
        f"SELECT epoch, tree_size, root_hash FROM {TABLE} "
        "ORDER BY epoch DESC, tree_size DESC LIMIT 1"
    ).to_pylist()
    if not rows:
        return None
    row = rows[0]
    return Mark(int(row["epoch"]), int(row["tree_size"]), str(row["root_hash"]))


def write_mark(engine: Engine, mark: Mark, at: datetime, frontier: Frontier | None = None) -> None:
    """Insert a mark (rows are never updated: concurrent writers cannot conflict), with the
    tree's peaks at that size when known (for witnesses' consistency proofs)."""
    peaks = json.dumps([[n, h.hex()] for n, h in frontier.peaks]) if frontier else None
    engine.execute(
        f"INSERT INTO {TABLE} (epoch, tree_size, root_hash, recorded_at, frontier) "
        "VALUES (?, ?, ?, ?, ?)",
        (mark.epoch, mark.tree_size, mark.root_hash, at, peaks),
    )


def peaks_at(engine: Engine, tree_size: int) -> list[tuple[int, bytes]] | None:
    """The tree's peaks at ``tree_size`` as a mark recorded them (``None``: no mark there)."""
    rows = engine.query(
        f"SELECT frontier FROM {TABLE} WHERE tree_size = ? AND frontier IS NOT NULL "
        "ORDER BY epoch DESC LIMIT 1",
        (tree_size,),
    ).to_pylist()
    if not rows:
        return None
    return [(int(n), bytes.fromhex(h)) for n, h in json.loads(str(rows[0]["frontier"]))]


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
