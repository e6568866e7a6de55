"""Accepting a rolled-back log, explicitly and on the record.

When the log files were cut, replaced or removed (see ``audit.mark``), writers refuse to sign
over them. ``recover`` is the deliberate way on: it re-derives a head from whatever
authenticated entries are left, appends an ``AuditRecovered`` event stating what the store had
seen and what was found, and starts a new epoch of marks. The gap stays visible: the event says
how many entries were lost, and witnesses that cosigned the longer log refuse the shorter one.
Entries written under an audit key since retired (their macs can no longer be checked) are
accepted as far as they hash to the root recorded when the key changed (``audit.keys``).
"""

from __future__ import annotations

from dataclasses import dataclass

from aidtrace.audit import signer, vouched
from aidtrace.audit.log import AuditLog
from aidtrace.audit.mark import Mark, compare, read_mark, write_mark
from aidtrace.audit.merkle import EMPTY_ROOT, Frontier
from aidtrace.audit.verify import load_tree
from aidtrace.events import AuditRecovered, encode
from aidtrace.workspace import Workspace

AUDIT_DIR = "audit"


@dataclass(frozen=True)
class Recovery:
    """What ``recover`` found and did; ``event_index`` is the recovery entry (None: no need)."""

    seen: Mark | None
    found_size: int
    found_root: str
    head_lost: bool
    event_index: int | None


@dataclass
class _Found:
    size: int = 0
    root: bytes = EMPTY_ROOT
    head_lost: bool = False
    seen: bool = False

    def __call__(self, frontier: Frontier, head_lost: bool) -> None:
        if not self.seen:  # the first look, before the recovery entry is appended
            self.size, self.root, self.head_lost, self.seen = (
                frontier.size, frontier.root(), head_lost, True,
            )  # fmt: skip


def _root_at(log: AuditLog, seen: Mark) -> bytes:
    _, tree, _ = load_tree(log)
    return tree.root(seen.tree_size)


def recover(workspace: Workspace, actor: str) -> Recovery:
    """Accept the log as it is if it was rolled back or lost its head; log that it was."""
    seen = read_mark(workspace.engine)
    found = _Found()
    log = AuditLog(
        workspace.path / AUDIT_DIR,
        signer=lambda: signer(workspace),
        clock=workspace.clock,
        guard=found,
        recovering=True,
        vouched=lambda: vouched(workspace),
    )
    log.append([])
    root = _root_at(log, seen) if seen and found.size >= seen.tree_size else None
    if not found.head_lost and compare(seen, found.size, root) is None:
        return Recovery(seen, found.size, found.root.hex(), False, None)
    epoch = (seen.epoch if seen else 0) + 1
    event = AuditRecovered(
        at=workspace.clock(), actor=actor,
        seen_size=seen.tree_size if seen else 0, seen_root=seen.root_hash if seen else "",
        found_size=found.size, found_root=found.root.hex(), head_lost=found.head_lost,
        epoch=epoch,
    )  # fmt: skip
    receipt = log.append([encode(event)])[0]
    write_mark(
        workspace.engine, Mark(epoch, receipt.tree_size, receipt.root_hash), workspace.clock()
    )
    return Recovery(seen, found.size, found.root.hex(), found.head_lost, receipt.index)
