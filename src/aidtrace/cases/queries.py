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

# Every case's rows of the five case tables, in one query (a query costs the store more than
# sorting a case's few rows does): ``part`` says which table a row comes from.
_PARTS = (
    "SELECT 'case' AS part, * FROM cases{where} "
    "UNION ALL BY NAME SELECT 'alert' AS part, case_id, alert_id FROM case_alerts{where} "
    "UNION ALL BY NAME SELECT 'assignment' AS part, case_id, assignee, assigned_at, "
    "assignment_id FROM case_assignments{where} "
    "UNION ALL BY NAME SELECT 'decision' AS part, * FROM case_decisions{where} "
    "UNION ALL BY NAME SELECT 'note' AS part, * FROM case_notes{where}"
)


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


def _note(r: dict[str, Any], texts: FreeText) -> Note:
    text = texts.show(NOTE_BODY, r["note_id"], r["body_sealed"], r["body"])
    return Note(r["kind"], r["author"], r["noted_at"], text)


def load_cases(ws: Workspace, case_id: str | None = None) -> list[Case]:
    """Every case (or just one), oldest first, with alerts, assignee, decisions and notes."""
    where, params = (" WHERE case_id = ?", (case_id,) * 5) if case_id else ("", ())
    parts: dict[str, list[dict[str, Any]]] = defaultdict(list)
    for r in ws.engine.query(_PARTS.format(where=where), params).to_pylist():
        parts[r["part"]].append(r)
    alerts: dict[str, list[str]] = defaultdict(list)
    for r in sorted(parts["alert"], key=lambda r: r["alert_id"]):
        alerts[r["case_id"]].append(r["alert_id"])
    assignee: dict[str, str] = {}  # the latest assignment wins
    for r in sorted(parts["assignment"], key=lambda r: (r["assigned_at"], r["assignment_id"])):
        assignee[r["case_id"]] = r["assignee"]
    texts = FreeText(ws)
    decisions: dict[str, list[Decision]] = defaultdict(list)
    for r in sorted(parts["decision"], key=lambda r: r["seq"]):
        decisions[r["case_id"]].append(_decision(r, texts))
    notes: dict[str, list[Note]] = defaultdict(list)
    for r in sorted(parts["note"], key=lambda r: r["noted_at"]):
        notes[r["case_id"]].append(_note(r, texts))
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
        for r in sorted(parts["case"], key=lambda r: (r["opened_at"], r["case_id"]))
    ]


def require_case(ws: Workspace, case_id: str) -> None:
    """Refuse an unknown case (``NotFound``), reading one row, not the case's history (what a
    comment or an assignment needs to know, while it holds the desk's write lock)."""
    found = ws.engine.query("SELECT 1 AS one FROM cases WHERE case_id = ?", (case_id,))
    if not found.num_rows:
        raise NotFound(f"no such case: {case_id}")


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
