"""After a crash between the log and the store: the events whose change the store never
committed are found and marked abandoned, once."""

from __future__ import annotations

from datetime import UTC, datetime

from typer.testing import CliRunner

from aidtrace import audit
from aidtrace.alerts import Alert, Severity
from aidtrace.alerts.store import save_alerts
from aidtrace.cases.workflow import open_case
from aidtrace.cli import app
from aidtrace.events import CaseOpened, DecisionRecorded, EventsAbandoned, ImportRecorded, decode
from aidtrace.workspace import Workspace

runner = CliRunner()
AT = datetime(2026, 3, 1, tzinfo=UTC)


def _crashed(ws: Workspace) -> list[int]:
    """Events logged by processes that died before their store commit; their entry numbers."""
    events = [
        ImportRecorded(
            at=AT, actor="a", import_id="imp-lost", import_kind="ledger", source="x.csv",
            sha256="0" * 64, rows=3,
        ),
        CaseOpened(at=AT, actor="a", case_id="case-lost", alert_ids=("x",)),
        DecisionRecorded(
            at=AT, actor="a", case_id="case-lost", decision_id="dec-lost", outcome="cleared",
            state="proposed",
        ),
    ]  # fmt: skip
    return [audit.record(ws, e).index for e in events]


def test_reconcile_marks_only_what_the_store_lacks_and_only_once(workspace: Workspace) -> None:
    alert = Alert("screening", "1", "sanctions_hit", "party:1", 0.9, "hit", "e1", Severity.HIGH)
    save_alerts(workspace, [alert], "run1")
    kept = open_case(workspace, [alert.alert_id], "amina")
    lost = _crashed(workspace)
    found = audit.reconcile(workspace, "auditor")
    assert [c.index for c in found] == lost
    assert [c.ref for c in found] == ["imp-lost", "case-lost", "dec-lost"]
    assert kept not in {c.ref for c in found}
    head = audit.current_head(workspace)
    assert head is not None
    entry = audit.prove(workspace, str(head.tree_size - 1))["entry"]
    event = decode(str(entry).encode())
    assert isinstance(event, EventsAbandoned)
    assert event.entries == tuple(lost)
    assert audit.reconcile(workspace, "auditor") == []  # listed once, not again


def test_reconcile_from_the_command_line(workspace: Workspace) -> None:
    _crashed(workspace)
    workspace.close()
    args = ["-w", str(workspace.path), "audit", "reconcile", "--as", "auditor"]
    result = runner.invoke(app, args)
    assert result.exit_code == 0, result.stdout
    assert "3 logged event(s) never reached the store" in result.stdout
    assert "case_opened case-lost" in result.stdout
    again = runner.invoke(app, args)
    assert "nothing abandoned" in again.stdout
