"""Alerts across reruns: stable identity, suppression of decided alerts until evidence changes."""

from __future__ import annotations

import json

import pytest

from aidtrace import audit
from aidtrace.alerts import ACTIVE, Alert, AlertStatus, Severity, Sighting
from aidtrace.alerts.status import Known, classify
from aidtrace.alerts.store import alert_counts, list_alerts, save_alerts, set_status
from aidtrace.audit.frames import read_frame
from aidtrace.audit.log import LOG
from aidtrace.workspace import Workspace


def hit(n: int, evidence: str = "entry v1", version: str = "1", snapshot: str = "s1") -> Alert:
    return Alert(
        monitor="screening",
        monitor_version=version,
        kind="sanctions_hit",
        subject=f"party:{n}",
        score=0.5 + n / 100,
        summary=f"party {n} resembles a listed person",
        identity_key=f"un:TAi.{n:03d}",
        severity=Severity.HIGH,
        evidence={"entry": evidence},
        list_snapshot=snapshot,
    )


def status(ws: Workspace, alert: Alert) -> AlertStatus:
    rows = ws.engine.query("SELECT status FROM alerts WHERE alert_id = ?", (alert.alert_id,))
    return AlertStatus(rows.column("status")[0].as_py())


def audited(ws: Workspace) -> list[dict[str, object]]:
    head = audit.current_head(ws)
    if head is None:
        return []
    return [json.loads(str(audit.prove(ws, str(i))["entry"])) for i in range(head.tree_size)]


@pytest.mark.parametrize(
    ("known", "evidence", "expected"),
    [
        (None, "h1", (Sighting.NEW, AlertStatus.OPEN)),
        (Known(AlertStatus.OPEN, "h1", None), "h1", (Sighting.SAME, AlertStatus.OPEN)),
        (Known(AlertStatus.OPEN, "h1", None), "h2", (Sighting.CHANGED, AlertStatus.OPEN)),
        (Known(AlertStatus.IN_CASE, "h1", None), "h2", (Sighting.CHANGED, AlertStatus.IN_CASE)),
        (Known(AlertStatus.CLEARED, "h1", "h1"), "h1", (Sighting.SUPPRESSED, AlertStatus.CLEARED)),
        (
            Known(AlertStatus.CONFIRMED, "h1", "h1"),
            "h1",
            (Sighting.SUPPRESSED, AlertStatus.CONFIRMED),
        ),
        (Known(AlertStatus.CLEARED, "h1", "h1"), "h2", (Sighting.REOPENED, AlertStatus.REOPENED)),
        (Known(AlertStatus.REOPENED, "h2", None), "h2", (Sighting.SAME, AlertStatus.REOPENED)),
    ],
)
def test_classify(
    known: Known | None, evidence: str, expected: tuple[Sighting, AlertStatus]
) -> None:
    assert classify(known, evidence) == expected


def test_rerun_does_not_duplicate(workspace: Workspace) -> None:
    first = save_alerts(workspace, [hit(1), hit(2), hit(1)], "run1")
    assert (first.seen, first.new) == (2, 2)
    again = save_alerts(workspace, [hit(1), hit(2)], "run2")
    assert (again.seen, again.new) == (2, 0)
    assert alert_counts(workspace) == {"sanctions_hit": 2}
    assert [e["kind"] for e in audited(workspace)] == ["alert", "alert"]  # reruns add nothing


def test_decided_alert_stays_suppressed_until_its_evidence_changes(workspace: Workspace) -> None:
    save_alerts(workspace, [hit(1)], "run1")
    set_status(workspace, [hit(1).alert_id], AlertStatus.CLEARED, decided=True)
    # A new monitor version and list snapshot with the same evidence: still suppressed.
    rerun = save_alerts(workspace, [hit(1, version="2", snapshot="s2")], "run2")
    assert (rerun.suppressed, rerun.reopened) == (1, 0)
    assert status(workspace, hit(1)) is AlertStatus.CLEARED
    assert not list_alerts(workspace, statuses=ACTIVE)
    changed = save_alerts(workspace, [hit(1, evidence="entry v2")], "run3")
    assert (changed.suppressed, changed.reopened) == (0, 1)
    assert status(workspace, hit(1)) is AlertStatus.REOPENED
    assert [r["alert_id"] for r in list_alerts(workspace, statuses=ACTIVE)] == [hit(1).alert_id]
    events = audited(workspace)
    assert [e["status"] for e in events] == ["open", "reopened"]


def test_every_sighting_records_monitor_version_and_snapshot(workspace: Workspace) -> None:
    save_alerts(workspace, [hit(1, version="1", snapshot="s1")], "run1")
    save_alerts(workspace, [hit(1, version="2", snapshot="s2")], "run2")
    rows = workspace.engine.query(
        "SELECT run_id, monitor_version, list_snapshot, sighting FROM alert_sightings "
        "ORDER BY run_id"
    ).to_pylist()
    assert [
        (r["run_id"], r["monitor_version"], r["list_snapshot"], r["sighting"]) for r in rows
    ] == [
        ("run1", "1", "s1", "new"),
        ("run2", "2", "s2", "same"),
    ]
    stored = workspace.engine.query("SELECT monitor_version, list_snapshot FROM alerts").to_pylist()
    assert stored == [{"monitor_version": "2", "list_snapshot": "s2"}]


def test_list_alerts_keeps_its_callers_shape(workspace: Workspace) -> None:
    save_alerts(workspace, [hit(1), hit(5)], "run1")
    rows = list_alerts(workspace, limit=1)
    assert rows[0]["alert_id"] == hit(5).alert_id  # highest score first
    assert {"alert_id", "kind", "subject", "score", "severity", "summary", "first_seen"} <= set(
        rows[0]
    )
    assert list_alerts(workspace, kind="other") == []


def test_alert_events_are_in_a_verifying_log(workspace: Workspace) -> None:
    save_alerts(workspace, [hit(n) for n in range(30)], "run1")
    result = audit.verify(workspace)
    assert result.entries == 30
    assert (workspace.path / "audit" / LOG).is_file()
    data = (workspace.path / "audit" / LOG).read_bytes()
    assert read_frame(data, 8) is not None
