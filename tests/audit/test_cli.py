"""`aidtrace audit` and `aidtrace cases` in process, over one workspace."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from aidtrace.alerts import Alert, Severity
from aidtrace.alerts.store import save_alerts
from aidtrace.audit.log import LOG
from aidtrace.cli import app
from aidtrace.workspace import Workspace

runner = CliRunner()


def invoke(ws: Path, *args: str) -> tuple[int, str]:
    result = runner.invoke(app, ["-w", str(ws), *args])
    return result.exit_code, result.stdout + result.stderr


@pytest.fixture
def ws_path(workspace: Workspace) -> Path:
    alerts = [
        Alert("screening", "1", "sanctions_hit", f"party:{n}", 0.9 - n / 10, f"hit {n}", f"e{n}",
              Severity.HIGH, {"entry": n})
        for n in range(2)
    ]  # fmt: skip
    save_alerts(workspace, alerts, "run1")
    path = workspace.path
    workspace.close()
    return path


def test_case_lifecycle_then_audit(ws_path: Path, tmp_path: Path) -> None:
    alert_id = Alert("screening", "1", "sanctions_hit", "party:0", 0.9, "", "e0").alert_id
    code, out = invoke(ws_path, "cases", "open", alert_id[:8], "--as", "amina")
    assert code == 0, out
    case_id = out.split()[-1]
    for args in (
        ("assign", case_id, "bilal", "--as", "amina"),
        ("comment", case_id, "namesake, different father", "--as", "bilal"),
        ("decide", case_id, "cleared", "-r", "namesake", "--as", "bilal"),
    ):
        code, out = invoke(ws_path, "cases", *args)
        assert code == 0, out
    assert "second person must confirm" in out
    code, out = invoke(ws_path, "cases", "decide", case_id, "cleared", "-r", "yes", "--as", "bilal")
    assert code == 2
    assert "four-eyes" in out
    code, out = invoke(ws_path, "cases", "decide", case_id, "cleared", "-r", "ok", "--as", "carmen")
    assert code == 0, out
    code, out = invoke(ws_path, "cases", "show", case_id)
    assert code == 0
    assert "cleared" in out
    assert "proposed by bilal" in out
    code, out = invoke(ws_path, "cases", "list", "--status", "cleared")
    assert case_id in out

    head_file = tmp_path / "head.json"
    assert invoke(ws_path, "audit", "head", "-o", str(head_file))[0] == 0
    code, out = invoke(ws_path, "audit", "verify", "--head", str(head_file))
    assert code == 0, out
    assert "OK" in out
    proof_file = tmp_path / "proof.json"
    code, out = invoke(ws_path, "audit", "prove", case_id, "-o", str(proof_file))
    assert code == 0, out
    proof = json.loads(proof_file.read_text())
    assert json.loads(proof["entry"])["kind"] == "case_opened"
    code, out = invoke(ws_path, "audit", "consistency", "1")
    assert code == 0, out
    pinned = json.loads(head_file.read_text())["public_key"]
    assert invoke(ws_path, "audit", "verify", "--public-key", pinned)[0] == 0
    code, out = invoke(ws_path, "audit", "verify", "--public-key", "ab" * 32)
    assert code == 2
    assert "different key" in out

    log = ws_path / "audit" / LOG
    data = bytearray(log.read_bytes())
    data[-40] ^= 1
    log.write_bytes(bytes(data))
    code, out = invoke(ws_path, "audit", "verify")
    assert code == 2
    assert "error:" in out


def test_unknown_event_and_case(ws_path: Path) -> None:
    assert invoke(ws_path, "audit", "prove", "999")[0] == 2
    assert invoke(ws_path, "cases", "show", "nope")[0] == 2
    assert invoke(ws_path, "cases", "open", "zzzz")[0] == 2
