"""`aidtrace cases`: an outcome and a status typed on the command line reach the library as its
own values (the CLI spells the choices out, so that its help imports no library)."""

from __future__ import annotations

from pathlib import Path

from typer.testing import CliRunner

from aidtrace.alerts import Alert, Severity
from aidtrace.alerts.store import save_alerts
from aidtrace.cli import app
from aidtrace.workspace import Workspace

runner = CliRunner()


def invoke(ws: Path, *args: str) -> tuple[int, str]:
    result = runner.invoke(app, ["-w", str(ws), *args], env={"COLUMNS": "200"})
    return result.exit_code, result.output


def test_decide_and_list_by_status(workspace: Workspace) -> None:
    alert = Alert("screening", "1", "sanctions_hit", "party:0", 0.9, "hit", "e0", Severity.HIGH, {})
    save_alerts(workspace, [alert], "run1")
    path = workspace.path
    workspace.close()
    code, out = invoke(path, "cases", "open", alert.alert_id[:10], "--as", "amina")
    assert code == 0, out
    case_id = out.split()[-1]
    code, out = invoke(
        path, "cases", "decide", case_id, "escalate", "-r", "needs HQ", "--as", "amina"
    )
    assert code == 0, out
    assert f"Case {case_id}: escalate (decision" in out
    code, out = invoke(path, "cases", "list", "--status", "escalated")
    assert code == 0, out
    assert case_id in out
    code, out = invoke(path, "cases", "list", "--status", "open", "--status", "cleared")
    assert code == 0, out
    assert case_id not in out
    code, out = invoke(path, "cases", "decide", case_id, "forgiven", "-r", "why", "--as", "amina")
    assert code == 2
    assert "'forgiven' is not one of 'cleared', 'confirmed_diversion'" in " ".join(out.split())
