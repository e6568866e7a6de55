"""After a crash: which logged events never reached the store.

Events are recorded before the store commits (so the log never lacks a change the store holds),
which leaves the opposite gap: a process that dies, or whose store write fails, between the two
leaves an entry describing a change that never happened. ``reconcile`` finds those entries, for
every event kind that names what it creates, and records one ``EventsAbandoned`` event listing
them. Entries already listed by an earlier reconcile are not listed again.

Kinds whose change leaves no row naming the event (an assignment, an account's role or status,
a list made current) are judged by the store's marks instead: a mark commits in the same
transaction as the change its entries record, so an entry of such a kind that no committed
mark covers never reached the store (``audit.mark.committed``).

Run it with the workspace open for writing: the store then admits no other writer, so no change
can be in flight while it looks.
"""

from __future__ import annotations

import bisect
import json
import mmap
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import datetime

import pyarrow as pa

from aidtrace.audit.frames import MAGIC, scan
from aidtrace.audit.log import LOG, AuditLog
from aidtrace.audit.mark import committed
from aidtrace.events import EventKind, EventsAbandoned
from aidtrace.store.engine import Engine


@dataclass(frozen=True)
class Holds:
    """Where the store keeps what an event kind creates: ``table.column`` equals the event's
    ``field``."""

    table: str
    column: str
    field: str


# Event kinds whose change the store must hold, and where. Kinds that change nothing in the
# store (a view, a monitor run's summary) are not reconciled; for kinds whose change names
# nothing of the event's own, see ``MARKED``.
HOLDS: dict[EventKind, Holds] = {
    EventKind.IMPORT: Holds("imports", "import_id", "import_id"),
    EventKind.LIST_SNAPSHOT: Holds("list_snapshots", "snapshot_id", "snapshot_id"),
    EventKind.ALERT: Holds("alerts", "alert_id", "alert_id"),
    EventKind.CASE_OPENED: Holds("cases", "case_id", "case_id"),
    EventKind.CASE_COMMENTED: Holds("case_notes", "note_id", "comment_id"),
    EventKind.EVIDENCE_ATTACHED: Holds("case_notes", "note_id", "evidence_id"),
    EventKind.DECISION: Holds("case_decisions", "decision_id", "decision_id"),
    EventKind.PERSONAL_DATA_REVEALED: Holds("privacy_access_log", "access_id", "access_id"),
}


# Kinds recorded just before a change that names nothing of the event's own, and the field that
# says what they changed: judged by the marks that committed with their change.
MARKED: dict[EventKind, str] = {
    EventKind.CASE_ASSIGNED: "case_id",
    EventKind.ACCOUNT_CREATED: "username",
    EventKind.ACCOUNT_ROLE_CHANGED: "username",
    EventKind.ACCOUNT_STATUS_CHANGED: "username",
    EventKind.SECOND_FACTOR_ENABLED: "username",
    EventKind.SECOND_FACTOR_DISABLED: "username",
    EventKind.LIST_CURRENT: "snapshot_id",
}


@dataclass(frozen=True)
class Claim:
    """One logged event that says the store holds ``ref`` (in ``kind``'s table)."""

    index: int
    kind: EventKind
    ref: str


def claims(log: AuditLog, size: int) -> tuple[list[Claim], set[int]]:
    """The claims of the first ``size`` entries, and the entries already marked abandoned."""
    found: list[Claim] = []
    abandoned: set[int] = set()
    for index, doc in _entries(log, size):
        kind, listed = str(doc.get("kind")), doc.get("entries")
        if kind == EventKind.EVENTS_ABANDONED and isinstance(listed, list):
            abandoned.update(int(i) for i in listed)
        elif kind in HOLDS or kind in MARKED:
            event_kind = EventKind(kind)
            ref = doc.get(HOLDS[event_kind].field if kind in HOLDS else MARKED[event_kind])
            if isinstance(ref, str):
                found.append(Claim(index, event_kind, ref))
    return found, abandoned


def _entries(log: AuditLog, size: int) -> Iterator[tuple[int, dict[str, object]]]:
    if size == 0:
        return
    with log.path(LOG).open("rb") as fh, mmap.mmap(fh.fileno(), 0, access=mmap.ACCESS_READ) as mm:
        view = memoryview(mm)
        try:
            for index, frame in enumerate(scan(view, len(MAGIC), size)):
                try:
                    doc = json.loads(frame.entry)
                except ValueError:
                    continue  # not an event: nothing to reconcile
                if isinstance(doc, dict):
                    yield index, doc
        finally:
            view.release()


def missing(engine: Engine, found: list[Claim]) -> list[Claim]:
    """The claims the store does not hold: one query per table, and the marks' ranges."""
    out = unmarked(committed(engine), [c for c in found if c.kind in MARKED])
    by_kind: dict[EventKind, list[Claim]] = {}
    for claim in found:
        if claim.kind in HOLDS:
            by_kind.setdefault(claim.kind, []).append(claim)
    for kind, group in by_kind.items():
        holds = HOLDS[kind]
        if not engine.has_table(holds.table):
            continue
        engine.register("__claims", pa.table({"ref": [c.ref for c in group]}))
        rows = engine.query(
            f"SELECT DISTINCT c.ref FROM __claims c WHERE NOT EXISTS (SELECT 1 FROM "
            f"{holds.table} t WHERE t.{holds.column} = c.ref)"
        ).to_pylist()
        gone = {str(r["ref"]) for r in rows}
        out += [c for c in group if c.ref in gone]
    return sorted(out, key=lambda c: c.index)


def unmarked(ranges: list[tuple[int, int]], found: list[Claim]) -> list[Claim]:
    """The claims no committed mark covers, from the first marked range on (entries logged
    before marks had ranges are not judged: nothing says whether their change committed)."""
    if not ranges:
        return []
    starts = [a for a, _ in ranges]

    def covered(index: int) -> bool:
        at = bisect.bisect_right(starts, index) - 1
        return at >= 0 and index < ranges[at][1]

    return [c for c in found if c.index >= starts[0] and not covered(c.index)]


def abandoned_event(at: datetime, actor: str, lost: list[Claim]) -> EventsAbandoned:
    refs = tuple(f"{c.kind.value}:{c.ref}" for c in lost)
    return EventsAbandoned(at=at, actor=actor, entries=tuple(c.index for c in lost), refs=refs)
