"""Importing a result: alerts on this agency's own records only, decided in its own cases."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest

from aidtrace.alerts.store import list_alerts
from aidtrace.cases.model import Outcome
from aidtrace.cases.workflow import decide, open_case
from aidtrace.consortium import findings, resultfile, secret
from aidtrace.errors import InputError, NotFound
from aidtrace.workspace import Workspace

from .conftest import Linked, Round, member_ids


def _copy(exported: Round, tmp_path: Path, which: int) -> Path:
    target = tmp_path / exported.workspaces[which].name
    shutil.copytree(exported.workspaces[which], target)
    return target


@pytest.mark.parametrize("which", [0, 1])
def test_each_agency_gets_alerts_on_its_own_records(
    exported: Round, linked: Linked, tmp_path: Path, which: int
) -> None:
    path = _copy(exported, tmp_path, which)
    agency = exported.headers[which].agency
    other = exported.headers[1 - which].agency
    result = resultfile.read(linked.result)
    with Workspace.open(path) as ws:
        outcome = findings.import_result(ws, result)
        alerts = list_alerts(ws, kind=findings.KIND, limit=10_000)
        evidence = [
            json.loads(str(r["evidence"]))
            for r in ws.engine.query(
                "SELECT evidence FROM alerts WHERE kind = ?", (findings.KIND,)
            ).to_pylist()
        ]
    ours = {m for m in member_ids(path, exported.headers[which]).values()}
    assert outcome.agency == agency
    assert outcome.alerts == len(alerts) == len({a if which == 0 else b for a, b in linked.found})
    assert all(str(a["subject"]).split(":", 1)[1] in ours for a in alerts)
    assert all(e["other_agencies"] == [other] for e in evidence)
    assert all(str(r).startswith(f"{other}/") for e in evidence for r in e["other_records"])
    assert all(e["agreed"] and e["match_probability"] >= 0.9 for e in evidence)


def test_reimporting_keeps_alerts_and_adds_none(
    exported: Round, linked: Linked, tmp_path: Path
) -> None:
    path = _copy(exported, tmp_path, 0)
    result = resultfile.read(linked.result)
    with Workspace.open(path) as ws:
        first = findings.import_result(ws, result)
        again = findings.import_result(ws, result)
    assert first.new == first.alerts > 0
    assert again.new == 0
    assert again.alerts == first.alerts


def test_a_result_of_another_round_is_refused(
    exported: Round, linked: Linked, tmp_path: Path
) -> None:
    path = _copy(exported, tmp_path, 0)
    result = resultfile.read(linked.result)
    with Workspace.open(path) as ws:
        secret.rotate(ws, "demo")
        findings.import_result(ws, result)  # round 1 is still known by its check
    document = json.loads(linked.result.read_text()) | {"check": "0" * 16}
    (tmp_path / "r.json").write_text(json.dumps(document))
    with Workspace.open(path) as ws, pytest.raises(InputError, match="check"):
        findings.import_result(ws, resultfile.read(tmp_path / "r.json"))


def test_a_workspace_that_made_no_export_cannot_import(
    exported: Round, linked: Linked, workspace: Workspace
) -> None:
    result = resultfile.read(linked.result)
    with pytest.raises(NotFound):
        findings.import_result(workspace, result)


def test_an_alert_decided_in_a_case_stays_decided_on_reimport(
    exported: Round, linked: Linked, tmp_path: Path
) -> None:
    path = _copy(exported, tmp_path, 0)
    result = resultfile.read(linked.result)
    with Workspace.open(path) as ws:
        findings.import_result(ws, result)
        alert_id = str(list_alerts(ws, kind=findings.KIND, limit=1)[0]["alert_id"])
        case_id = open_case(ws, [alert_id], "officer", "also with another agency")
        decide(ws, case_id, Outcome.CLEARED, "officer", "a namesake: field visit")
        decide(ws, case_id, Outcome.CLEARED, "reviewer", "agreed")
        again = findings.import_result(ws, result)
        status = ws.engine.query(
            "SELECT status FROM alerts WHERE alert_id = ?", (alert_id,)
        ).to_pylist()[0]["status"]
    assert status == "cleared"
    assert again.new == 0
