from __future__ import annotations

import json

from aidtrace.report.sections import (
    cases,
    hop_table,
    severity_by_age,
    summarise_evidence,
    top_alerts,
)
from aidtrace.workspace import Workspace

People = tuple[Workspace, list[dict[str, str]]]


def test_hops_show_exceptions_first_and_count_the_rest(people_workspace: People) -> None:
    found = hop_table(people_workspace[0])
    assert found.agreed > 0
    assert found.agreed_usd > 0
    assert found.exceptions
    gaps = [h.gap_usd for h in found.exceptions]
    reported = [g for g in gaps if g is not None]
    assert all(abs(g) >= 1 for g in reported)
    assert gaps[: len(reported)] == reported  # differences before hops nobody reported


def test_alert_and_case_aggregates(people_workspace: People) -> None:
    ws, _ = people_workspace
    grid = severity_by_age(ws)
    assert sum(grid["high"].values()) == 5  # four open plus one in a case
    by_status, rows = cases(ws)
    assert by_status == {"escalated": 1}
    assert rows[0].decision.startswith("escalate (effective) by officer.a")
    assert len(top_alerts(ws)) == 5


def test_empty_workspace_sections(workspace: Workspace) -> None:
    assert severity_by_age(workspace) == {}
    assert hop_table(workspace).exceptions == []
    assert top_alerts(workspace) == []
    assert cases(workspace) == ({}, [])


def test_evidence_summary_is_one_short_line() -> None:
    raw = json.dumps({"score": 0.123456, "ids": list(range(10)), "why": {"a": 1}, "x": "y" * 500})
    text = summarise_evidence(raw)
    assert text.startswith("score: 0.123; ids: [0, 1, 2, …] (10); why: {a=1}")
    assert len(text) <= 220
    assert summarise_evidence("not json") == "not json"
