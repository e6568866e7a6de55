"""Reading cases back: each assembled from its insert-only records (latest assignment and
latest decision win; the full history stays). Sealed free text is opened here, for display; after
the keys are destroyed it reads as a marker (``privacy.freetext.KEY_DESTROYED``)."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Collection
from typing import Any

from aidtrace.alerts.model import Severity
from aidtrace.cases.model import Case, CaseStatus, Decision, DecisionState, Note, Outcome, status_of
from aidtrace.cases.schema import NOTE_BODY, RATIONALE
from aidtrace.errors import NotFound
from aidtrace.keyring.freetext import FreeText
from aidtrace.workspace import Workspace


def _rows(ws: Workspace, sql: str, case_id: str | None) -> list[dict[str, Any]]:
    where = " WHERE case_id = ?" if case_id else ""
    rows: list[dict[str, Any]] = ws.engine.query(
        sql.format(where=where), (case_id,) if case_id else ()
    ).to_pylist()
    return rows


def _decision(r: dict[str, Any], texts: FreeText) -> Decision:
    return Decision(
        decision_id=r["decision_id"],
        case_id=r["case_id"],
        outcome=Outcome(r["outcome"]),
        state=DecisionState(r["state"]),
        rationale=texts.show(RATIONALE, r["decision_id"], r["rationale_sealed"], r["rationale"]),
        decided_by=r["decided_by"],
        decided_at=r["decided_at"],
        supersedes=r["supersedes"],
        proposed_by=r["proposed_by"],
    )


def load_cases(ws: Workspace, case_id: str | None = None) -> list[Case]:
    """Every case (or just one), oldest first, with alerts, assignee, decisions and notes."""
    alerts: dict[str, list[str]] = defaultdict(list)
    for r in _rows(
        ws, "SELECT case_id, alert_id FROM case_alerts{where} ORDER BY alert_id", case_id
    ):
        alerts[r["case_id"]].append(r["alert_id"])
    assignee: dict[str, str] = {}
    sql = (
        "SELECT case_id, assignee FROM case_assignments{where} ORDER BY assigned_at, assignment_id"
    )
    for r in _rows(ws, sql, case_id):
        assignee[r["case_id"]] = r["assignee"]
    texts = FreeText(ws)
    decisions: dict[str, list[Decision]] = defaultdict(list)
    for r in _rows(ws, "SELECT * FROM case_decisions{where} ORDER BY seq", case_id):
        decisions[r["case_id"]].append(_decision(r, texts))
    notes: dict[str, list[Note]] = defaultdict(list)
    sql = "SELECT * FROM case_notes{where} ORDER BY noted_at"
    for r in _rows(ws, sql, case_id):
        text = texts.show(NOTE_BODY, r["note_id"], r["body_sealed"], r["body"])
        notes[r["case_id"]].append(Note(r["kind"], r["author"], r["noted_at"], text))
    sql = "SELECT * FROM cases{where} ORDER BY opened_at, case_id"
    return [
        Case(
            case_id=r["case_id"],
            title=r["title"],
            severity=Severity(r["severity"]),
            opened_by=r["opened_by"],
            opened_at=r["opened_at"],
            status=status_of(tuple(decisions[r["case_id"]])),
            assignee=assignee.get(r["case_id"]),
            alert_ids=tuple(alerts[r["case_id"]]),
            decisions=tuple(decisions[r["case_id"]]),
            notes=tuple(notes[r["case_id"]]),
        )
        for r in _rows(ws, sql, case_id)
    ]


def get_case(ws: Workspace, case_id: str) -> Case:
    found = load_cases(ws, case_id)
    if not found:
        raise NotFound(f"no such case: {case_id}")
    return found[0]


def list_cases(
    ws: Workspace,
    statuses: Collection[CaseStatus] | None = None,
    assignee: str | None = None,
) -> list[Case]:
    """Cases filtered by status and assignee, the most urgent (earliest SLA due) first."""
    cases = [
        c
        for c in load_cases(ws)
        if (statuses is None or c.status in statuses) and (assignee in (None, c.assignee))
    ]
    return sorted(cases, key=lambda c: (c.sla_due, c.case_id))
