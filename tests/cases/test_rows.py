"""One row for a case wherever it is listed: the desk's queues and the report's table."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest

from aidtrace.alerts.model import Severity
from aidtrace.cases import SLA, Case, CaseStatus
from aidtrace.cases.rows import case_row

OPENED = datetime(2026, 3, 1, 8, 0, tzinfo=UTC)


def _case(severity: Severity, status: CaseStatus = CaseStatus.OPEN) -> Case:
    return Case("c1", "Two payees, one phone", severity, "officer.a", OPENED, status, None, ("a1",))


@pytest.mark.parametrize(
    ("severity", "status", "after", "overdue", "left_hours"),
    [
        (Severity.CRITICAL, CaseStatus.OPEN, timedelta(hours=30), True, -6.0),
        (Severity.HIGH, CaseStatus.OPEN, timedelta(days=2), False, 24.0),
        (Severity.LOW, CaseStatus.OPEN, timedelta(days=15), True, -24.0),
        (Severity.LOW, CaseStatus.CLEARED, timedelta(days=15), False, -24.0),  # closed: never
    ],
)
def test_a_row_under_the_built_in_sla(
    severity: Severity, status: CaseStatus, after: timedelta, overdue: bool, left_hours: float
) -> None:
    row = case_row(_case(severity, status), OPENED + after)
    assert row.sla_due == OPENED + SLA[severity]
    assert row.overdue is overdue
    assert row.sla_left_hours == left_hours
    assert row.age_hours == round(after.total_seconds() / 3600, 1)
    assert (row.assignee, row.alerts, row.proposed_by) == (None, 1, None)


def test_a_desk_sla_replaces_the_built_in_one() -> None:
    tight = {s: timedelta(hours=4) for s in Severity}
    row = case_row(_case(Severity.LOW), OPENED + timedelta(hours=5), tight)
    assert (row.overdue, row.sla_left_hours) == (True, -1.0)
