"""Case queues: the cases one officer has to act on today, each with its assignee, age and SLA.

A queue is a view over every case (``aidtrace.cases.load_cases``): what awaits my approval (a
four-eyes proposal by someone else, for a user who may approve), what is assigned to me, what is
overdue, what nobody has taken, what is still open, or everything. The SLA per severity is the
desk's setting (``WebSettings.case_sla``), so an office can hold itself to a tighter one.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping
from datetime import datetime, timedelta
from enum import StrEnum

from aidtrace.accounts.users import User
from aidtrace.alerts.model import Severity
from aidtrace.cases import Case, DecisionState
from aidtrace.cases.model import CLOSED
from aidtrace.cases.rows import CaseRow, case_row, is_overdue, sla_due
from aidtrace.web.policy import Permission, allows


class CaseQueue(StrEnum):
    APPROVAL = "approval"  # a proposal by someone else awaits my confirmation
    MINE = "mine"  # assigned to me, not closed
    OVERDUE = "overdue"  # past its SLA, not closed
    UNASSIGNED = "unassigned"  # not closed, nobody assigned
    OPEN = "open"  # not closed
    ALL = "all"


QUEUE_LABELS: dict[CaseQueue, str] = {
    CaseQueue.APPROVAL: "Awaiting my approval",
    CaseQueue.MINE: "Assigned to me",
    CaseQueue.OVERDUE: "Overdue",
    CaseQueue.UNASSIGNED: "Unassigned",
    CaseQueue.OPEN: "All open",
    CaseQueue.ALL: "All cases",
}


def awaits_approval_by(case: Case, user: User) -> bool:
    """A four-eyes proposal someone else made, which this user may confirm."""
    current = case.current
    return (
        current is not None
        and current.state is DecisionState.PROPOSED
        and current.decided_by != user.username
        and allows(user.role, Permission.APPROVE)
    )


def _member(
    queue: CaseQueue, user: User, now: datetime, sla: Mapping[Severity, timedelta]
) -> Callable[[Case], bool]:
    tests: dict[CaseQueue, Callable[[Case], bool]] = {
        CaseQueue.APPROVAL: lambda c: awaits_approval_by(c, user),
        CaseQueue.MINE: lambda c: c.status not in CLOSED and c.assignee == user.username,
        CaseQueue.OVERDUE: lambda c: is_overdue(c, now, sla),
        CaseQueue.UNASSIGNED: lambda c: c.status not in CLOSED and c.assignee is None,
        CaseQueue.OPEN: lambda c: c.status not in CLOSED,
        CaseQueue.ALL: lambda c: True,
    }
    return tests[queue]


def case_queue(
    cases: Iterable[Case],
    queue: CaseQueue,
    user: User,
    now: datetime,
    sla: Mapping[Severity, timedelta],
) -> list[CaseRow]:
    """The cases of ``queue`` for ``user``, most urgent first (earliest SLA due, then oldest)."""
    member = _member(queue, user, now, sla)
    chosen = [c for c in cases if member(c)]
    chosen.sort(key=lambda c: (c.status in CLOSED, sla_due(c, sla), c.opened_at, c.case_id))
    return [case_row(c, now, sla) for c in chosen]


def queue_counts(
    cases: Iterable[Case], user: User, now: datetime, sla: Mapping[Severity, timedelta]
) -> dict[CaseQueue, int]:
    """How many cases each queue holds for ``user`` (for the tabs and the dashboard)."""
    every = list(cases)
    return {q: sum(map(_member(q, user, now, sla), every)) for q in CaseQueue}
