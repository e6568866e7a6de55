"""A case as one line of a list, at a given moment and under a given SLA: the desk's queues and
their exports, and the report's table of cases, all show this row."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import datetime, timedelta

from aidtrace.alerts.model import Severity
from aidtrace.cases.model import CLOSED, SLA, Case, DecisionState


@dataclass(frozen=True)
class CaseRow:
    """One line of a case list (what the desk's page, API and export and the report show)."""

    case_id: str
    title: str
    severity: str
    status: str
    assignee: str | None
    opened_by: str
    opened_at: datetime
    age_days: float
    age_hours: float  # both from the caller's clock, as the SLA deadline is
    sla_due: datetime
    sla_left_hours: float  # negative once overdue
    overdue: bool
    alerts: int
    proposed_by: str | None
    proposed_outcome: str | None


def sla_due(case: Case, sla: Mapping[Severity, timedelta]) -> datetime:
    """When the case must be decided by, under ``sla`` for its severity."""
    return case.opened_at + sla[case.severity]


def is_overdue(case: Case, now: datetime, sla: Mapping[Severity, timedelta]) -> bool:
    return case.status not in CLOSED and now > sla_due(case, sla)


def case_row(case: Case, now: datetime, sla: Mapping[Severity, timedelta] = SLA) -> CaseRow:
    """``case`` as a list shows it at ``now``; ``sla`` defaults to the built-in one."""
    current = case.current
    proposed = current if current and current.state is DecisionState.PROPOSED else None
    return CaseRow(
        case_id=case.case_id,
        title=case.title,
        severity=case.severity.value,
        status=case.status.value,
        assignee=case.assignee,
        opened_by=case.opened_by,
        opened_at=case.opened_at,
        age_days=round(case.age(now).total_seconds() / 86400, 2),
        age_hours=round(case.age(now).total_seconds() / 3600, 1),
        sla_due=sla_due(case, sla),
        sla_left_hours=round((sla_due(case, sla) - now).total_seconds() / 3600, 1),
        overdue=is_overdue(case, now, sla),
        alerts=len(case.alert_ids),
        proposed_by=proposed.decided_by if proposed else None,
        proposed_outcome=proposed.outcome.value if proposed else None,
    )
