"""Cases and decisions: the statuses, the four-eyes rule and the service-level ages.

A case gathers alerts for review. People assign it, comment, attach evidence and decide. A
decision is a new record that supersedes the case's previous one; nothing is edited or deleted.
Clearing a party or blocking one needs two different people: the first decision is only a
proposal until someone else records the same outcome.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime, timedelta
from enum import StrEnum

from aidtrace.alerts.model import Severity
from aidtrace.alerts.status import AlertStatus


class Outcome(StrEnum):
    CLEARED = "cleared"
    CONFIRMED_DIVERSION = "confirmed_diversion"
    ESCALATE = "escalate"
    BLOCKED_PARTY = "blocked_party"


class DecisionState(StrEnum):
    PROPOSED = "proposed"  # awaiting a second person (four-eyes)
    EFFECTIVE = "effective"


class CaseStatus(StrEnum):
    OPEN = "open"
    PENDING_REVIEW = "pending_review"
    ESCALATED = "escalated"
    CLEARED = "cleared"
    CONFIRMED_DIVERSION = "confirmed_diversion"
    BLOCKED_PARTY = "blocked_party"


# Outcomes that need a second, different person before they take effect.
FOUR_EYES = frozenset({Outcome.CLEARED, Outcome.BLOCKED_PARTY})

# What an effective outcome makes of the case, and of its alerts (None: they stay in the case).
CASE_STATUS: dict[Outcome, CaseStatus] = {
    Outcome.CLEARED: CaseStatus.CLEARED,
    Outcome.CONFIRMED_DIVERSION: CaseStatus.CONFIRMED_DIVERSION,
    Outcome.ESCALATE: CaseStatus.ESCALATED,
    Outcome.BLOCKED_PARTY: CaseStatus.BLOCKED_PARTY,
}
ALERT_STATUS: dict[Outcome, AlertStatus | None] = {
    Outcome.CLEARED: AlertStatus.CLEARED,
    Outcome.CONFIRMED_DIVERSION: AlertStatus.CONFIRMED,
    Outcome.ESCALATE: None,
    Outcome.BLOCKED_PARTY: AlertStatus.CONFIRMED,
}
CLOSED = frozenset({CaseStatus.CLEARED, CaseStatus.CONFIRMED_DIVERSION, CaseStatus.BLOCKED_PARTY})

# How long a case of each severity may stay undecided.
SLA: dict[Severity, timedelta] = {
    Severity.CRITICAL: timedelta(days=1),
    Severity.HIGH: timedelta(days=3),
    Severity.MEDIUM: timedelta(days=7),
    Severity.LOW: timedelta(days=14),
}


@dataclass(frozen=True)
class Decision:
    decision_id: str
    case_id: str
    outcome: Outcome
    state: DecisionState
    rationale: str
    decided_by: str
    decided_at: datetime
    supersedes: str | None = None
    proposed_by: str | None = None  # for a confirmed four-eyes decision: the first person


@dataclass(frozen=True)
class Note:
    """A comment or an attached piece of evidence, as the case history shows it."""

    kind: str
    author: str
    at: datetime
    text: str


@dataclass(frozen=True)
class Case:
    case_id: str
    title: str
    severity: Severity
    opened_by: str
    opened_at: datetime
    status: CaseStatus
    assignee: str | None = None
    alert_ids: tuple[str, ...] = ()
    decisions: tuple[Decision, ...] = ()
    notes: tuple[Note, ...] = field(default_factory=tuple)

    @property
    def current(self) -> Decision | None:
        """The latest decision: the one every earlier one is superseded by."""
        return self.decisions[-1] if self.decisions else None

    def age(self, now: datetime) -> timedelta:
        return now - self.opened_at

    @property
    def sla_due(self) -> datetime:
        return self.opened_at + SLA[self.severity]

    def overdue(self, now: datetime) -> bool:
        return self.status not in CLOSED and now > self.sla_due


def status_of(decisions: tuple[Decision, ...]) -> CaseStatus:
    """A case's status follows from its latest decision alone."""
    if not decisions:
        return CaseStatus.OPEN
    last = decisions[-1]
    if last.state is DecisionState.PROPOSED:
        return CaseStatus.PENDING_REVIEW
    return CASE_STATUS[last.outcome]
