"""Cases: open from alerts, assign, comment, attach, decide; four-eyes; nothing overwritten."""

from __future__ import annotations

import json
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

from aidtrace import audit
from aidtrace.alerts import ACTIVE, Alert, AlertStatus, Severity
from aidtrace.alerts.store import list_alerts, save_alerts
from aidtrace.cases import (
    CaseStatus,
    DecisionState,
    Outcome,
    assign,
    attach_evidence,
    comment,
    decide,
    get_case,
    list_cases,
    open_case,
)
from aidtrace.errors import InputError, NotFound, PermissionDenied, StoreError
from aidtrace.workspace import Workspace

T0 = datetime(2026, 5, 4, 9, 0, tzinfo=UTC)


class Clock:
    def __init__(self) -> None:
        self.now = T0

    def __call__(self) -> datetime:
        self.now += timedelta(seconds=1)
        return self.now


@pytest.fixture
def ws(workspace: Workspace) -> Workspace:
    workspace.clock = Clock()
    alerts = [
        Alert("screening", "1", "sanctions_hit", f"party:{n}", 0.9, f"hit {n}", f"e{n}",
              Severity.HIGH if n else Severity.CRITICAL, {"entry": n})
        for n in range(3)
    ]  # fmt: skip
    save_alerts(workspace, alerts, "run1")
    return workspace


def alert_ids(ws: Workspace) -> list[str]:
    rows = ws.engine.query("SELECT alert_id FROM alerts ORDER BY subject").to_pylist()
    return [str(r["alert_id"]) for r in rows]  # party:0 (critical), party:1, party:2


def alert_status(ws: Workspace, alert_id: str) -> AlertStatus:
    table = ws.engine.query("SELECT status FROM alerts WHERE alert_id = ?", (alert_id,))
    return AlertStatus(table.column("status")[0].as_py())


def test_open_assign_comment_attach(ws: Workspace, tmp_path: Path) -> None:
    ids = alert_ids(ws)[:2]
    case_id = open_case(ws, ids, "amina")
    case = get_case(ws, case_id)
    assert case.status is CaseStatus.OPEN
    assert set(case.alert_ids) == set(ids)
    assert case.severity is Severity.CRITICAL  # the worst of its alerts
    assert all(alert_status(ws, a) is AlertStatus.IN_CASE for a in ids)
    with pytest.raises(InputError, match="already in an open case"):
        open_case(ws, ids[:1], "bilal")
    assign(ws, case_id, "bilal", "amina")
    assign(ws, case_id, "carmen", "amina")
    comment(ws, case_id, "Father's name differs from the listed one.", "carmen")
    proof = tmp_path / "letter.pdf"
    proof.write_bytes(b"%PDF letter from the district office")
    attach_evidence(ws, case_id, proof, "carmen", note="district confirms identity")
    case = get_case(ws, case_id)
    assert case.assignee == "carmen"  # the latest assignment wins
    assert [n.kind for n in case.notes] == ["comment", "evidence"]
    assert "sha256" in case.notes[1].text
    kinds = [json.loads(str(audit.prove(ws, str(i))["entry"]))["kind"] for i in range(3, 8)]
    assert kinds == [
        "case_opened",
        "case_assigned",
        "case_assigned",
        "case_commented",
        "evidence_attached",
    ]


@pytest.mark.parametrize(
    ("outcome", "first", "second", "status_after_second"),
    [
        (Outcome.CLEARED, "amina", "bilal", CaseStatus.CLEARED),
        (Outcome.BLOCKED_PARTY, "amina", "bilal", CaseStatus.BLOCKED_PARTY),
        (Outcome.CLEARED, "amina", "amina", None),  # the same person cannot confirm
        (Outcome.BLOCKED_PARTY, "bilal", "bilal", None),
    ],
)
def test_four_eyes(
    ws: Workspace,
    outcome: Outcome,
    first: str,
    second: str,
    status_after_second: CaseStatus | None,
) -> None:
    case_id = open_case(ws, alert_ids(ws)[:1], "amina")
    proposal = decide(ws, case_id, outcome, first, "checked against the tazkira")
    assert proposal.state is DecisionState.PROPOSED
    assert get_case(ws, case_id).status is CaseStatus.PENDING_REVIEW
    assert alert_status(ws, alert_ids(ws)[0]) is AlertStatus.IN_CASE  # not decided yet
    if status_after_second is None:
        with pytest.raises(PermissionDenied, match="four-eyes"):
            decide(ws, case_id, outcome, second, "agree")
        assert get_case(ws, case_id).status is CaseStatus.PENDING_REVIEW
        return
    final = decide(ws, case_id, outcome, second, "agree")
    assert final.state is DecisionState.EFFECTIVE
    assert final.proposed_by == first
    assert final.supersedes == proposal.decision_id
    assert get_case(ws, case_id).status is status_after_second


@pytest.mark.parametrize(
    ("outcome", "case_status", "alert"),
    [
        (Outcome.CONFIRMED_DIVERSION, CaseStatus.CONFIRMED_DIVERSION, AlertStatus.CONFIRMED),
        (Outcome.ESCALATE, CaseStatus.ESCALATED, AlertStatus.IN_CASE),
    ],
)
def test_outcomes_without_four_eyes_take_effect_at_once(
    ws: Workspace, outcome: Outcome, case_status: CaseStatus, alert: AlertStatus
) -> None:
    first = alert_ids(ws)[0]
    case_id = open_case(ws, [first], "amina")
    assert decide(ws, case_id, outcome, "amina", "why").state is DecisionState.EFFECTIVE
    assert get_case(ws, case_id).status is case_status
    assert alert_status(ws, first) is alert


def test_a_different_outcome_supersedes_a_pending_proposal(ws: Workspace) -> None:
    case_id = open_case(ws, alert_ids(ws)[:1], "amina")
    decide(ws, case_id, Outcome.CLEARED, "amina", "looks fine")
    decide(ws, case_id, Outcome.ESCALATE, "bilal", "not so fast")
    # amina's proposal is no longer pending: her own confirmation now is a fresh proposal.
    again = decide(ws, case_id, Outcome.CLEARED, "amina", "after escalation, fine")
    assert again.state is DecisionState.PROPOSED


def test_decisions_are_never_overwritten(ws: Workspace) -> None:
    case_id = open_case(ws, alert_ids(ws)[:1], "amina")
    steps = [
        (Outcome.ESCALATE, "amina"),
        (Outcome.CLEARED, "amina"),
        (Outcome.CLEARED, "bilal"),
        (Outcome.CONFIRMED_DIVERSION, "carmen"),
    ]
    made = [decide(ws, case_id, o, who, f"step {i}") for i, (o, who) in enumerate(steps)]
    case = get_case(ws, case_id)
    assert case.decisions == tuple(made)  # every decision kept, in order
    assert [d.supersedes for d in made] == [None, *[d.decision_id for d in made[:-1]]]
    assert case.status is CaseStatus.CONFIRMED_DIVERSION
    # The store refuses a second decision in the same place of the sequence.
    with pytest.raises(StoreError):
        ws.engine.execute(
            "INSERT INTO case_decisions VALUES ('x', ?, 1, 'cleared', 'effective', 'r', 'm', "
            "now(), NULL, NULL)",
            (case_id,),
        )
    logged = [json.loads(str(audit.prove(ws, d.decision_id)["entry"])) for d in made]
    assert [e["outcome"] for e in logged] == [o.value for o, _ in steps]
    audit.verify(ws)


def test_cleared_alert_returns_only_when_evidence_changes(ws: Workspace) -> None:
    first = alert_ids(ws)[0]
    case_id = open_case(ws, [first], "amina")
    decide(ws, case_id, Outcome.CLEARED, "amina", "namesake")
    decide(ws, case_id, Outcome.CLEARED, "bilal", "agree: namesake")
    assert first not in [r["alert_id"] for r in list_alerts(ws, statuses=ACTIVE)]
    row = ws.engine.query(
        "SELECT monitor, monitor_version, kind, subject, score, summary, identity_key, severity "
        "FROM alerts WHERE alert_id = ?",
        (first,),
    ).to_pylist()[0]
    same = Alert(**{**row, "severity": Severity(row["severity"]), "evidence": {"entry": 0}})
    assert same.alert_id == first
    assert save_alerts(ws, [same], "run2").suppressed == 1
    changed = Alert(**{**row, "severity": Severity(row["severity"]), "evidence": {"entry": 99}})
    assert save_alerts(ws, [changed], "run3").reopened == 1
    assert alert_status(ws, first) is AlertStatus.REOPENED
    open_case(ws, [first], "carmen")  # a reopened alert can go into a new case


def test_sla_ages_and_overdue(ws: Workspace) -> None:
    ids = alert_ids(ws)
    critical = open_case(ws, ids[:1], "amina")
    high = open_case(ws, ids[1:2], "amina")
    later = T0 + timedelta(days=2)
    cases = {c.case_id: c for c in list_cases(ws)}
    assert cases[critical].overdue(later)  # critical: one day
    assert not cases[high].overdue(later)  # high: three days
    assert cases[critical].age(later) > timedelta(days=1, hours=23)
    assert list_cases(ws)[0].case_id == critical  # most urgent first
    assert list_cases(ws, statuses={CaseStatus.CLEARED}) == []


@pytest.mark.parametrize(
    ("call", "error"),
    [
        (lambda ws: open_case(ws, ["nope"], "amina"), NotFound),
        (lambda ws: decide(ws, "nope", Outcome.ESCALATE, "amina", "r"), NotFound),
        (lambda ws: decide(ws, open_case(ws, alert_ids(ws)[:1], "a"), Outcome.ESCALATE, "a", " "),
         InputError),
        (lambda ws: comment(ws, open_case(ws, alert_ids(ws)[:1], "a"), "", "a"), InputError),
    ],
)  # fmt: skip
def test_refusals(ws: Workspace, call: object, error: type[Exception]) -> None:
    with pytest.raises(error):
        call(ws)  # type: ignore[operator]
