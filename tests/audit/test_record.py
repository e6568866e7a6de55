"""Components record their events: imports (with file hashes) and monitor runs (with
parameters) reach the workspace's log; a failed import records nothing."""

from __future__ import annotations

import json
from collections.abc import Iterable
from pathlib import Path

import pytest

from aidtrace import audit
from aidtrace.alerts import Alert
from aidtrace.ingest.registry import file_sha256, transaction
from aidtrace.monitors import MONITORS, RunContext
from aidtrace.pipeline import run_monitors
from aidtrace.workspace import Workspace


def logged(ws: Workspace) -> list[dict[str, object]]:
    head = audit.current_head(ws)
    size = head.tree_size if head else 0
    return [json.loads(str(audit.prove(ws, str(i))["entry"])) for i in range(size)]


class Probe:
    name, version, description = "probe", "7", "finds one thing"

    def run(self, ctx: RunContext) -> Iterable[Alert]:
        yield Alert(self.name, self.version, "probe_hit", "party:1", 0.7, "found", "k")


def test_monitor_run_and_its_alerts_are_recorded(
    workspace: Workspace, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setitem(MONITORS, "probe", Probe())
    outcome = run_monitors(workspace, ["probe"])
    events = logged(workspace)
    assert [e["kind"] for e in events] == ["alert", "monitor_run"]
    run = events[1]
    assert (run["monitor"], run["monitor_version"], run["run_id"]) == ("probe", "7", outcome.run_id)
    assert (run["alerts_seen"], run["alerts_new"]) == (1, 1)
    assert run["params"] == {}


def test_import_is_recorded_with_its_file_hash(workspace: Workspace, tmp_path: Path) -> None:
    source = tmp_path / "payments.csv"
    source.write_text("id,amount\n1,100\n")
    with transaction(workspace, "payments", source) as state:
        state["rows"] = 1
    with pytest.raises(ValueError, match="bad row"), transaction(workspace, "payments", source):
        raise ValueError("bad row")
    events = logged(workspace)
    assert len(events) == 1  # the failed import left no trace in the log or the store
    assert events[0]["kind"] == "import"
    assert events[0]["sha256"] == file_sha256(source)
    assert events[0]["rows"] == 1
    assert audit.verify(workspace).entries == 1
