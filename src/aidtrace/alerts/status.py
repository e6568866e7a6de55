"""Where an alert stands, and what a rerun does to a decided one.

A decided alert (cleared, or confirmed as diversion / a blocked party) is suppressed: a rerun
that finds the same thing with the same evidence leaves it decided. Only when the evidence
changes (a new list snapshot, a new payment) does it come back, as ``reopened``.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum


class AlertStatus(StrEnum):
    OPEN = "open"
    IN_CASE = "in_case"
    CLEARED = "cleared"
    CONFIRMED = "confirmed"
    REOPENED = "reopened"


DECIDED = frozenset({AlertStatus.CLEARED, AlertStatus.CONFIRMED})
ACTIVE = frozenset({AlertStatus.OPEN, AlertStatus.IN_CASE, AlertStatus.REOPENED})


class Sighting(StrEnum):
    """What one sighting of an alert by a monitor run means."""

    NEW = "new"
    CHANGED = "changed"  # still active, its evidence changed
    SAME = "same"
    SUPPRESSED = "suppressed"  # decided, same evidence: stays decided
    REOPENED = "reopened"  # decided, evidence changed: back in the queue


@dataclass(frozen=True)
class Known:
    """What the store already holds about an alert."""

    status: AlertStatus
    evidence_hash: str
    decided_evidence_hash: str | None


def classify(known: Known | None, evidence_hash: str) -> tuple[Sighting, AlertStatus]:
    """The meaning of seeing an alert with ``evidence_hash`` again, and its status after."""
    if known is None:
        return Sighting.NEW, AlertStatus.OPEN
    if known.status in DECIDED:
        if evidence_hash == known.decided_evidence_hash:
            return Sighting.SUPPRESSED, known.status
        return Sighting.REOPENED, AlertStatus.REOPENED
    if evidence_hash != known.evidence_hash:
        return Sighting.CHANGED, known.status
    return Sighting.SAME, known.status
