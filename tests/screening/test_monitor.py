"""The screening monitor and the `aidtrace screen` command, on the real UN list."""

from __future__ import annotations

import json
from pathlib import Path

from typer.testing import CliRunner

from aidtrace.cli import app
from aidtrace.monitors import RunContext, get_monitor
from aidtrace.screening import Query
from aidtrace.screening.decisions import Decision, ScreeningDecision, decide
from aidtrace.screening.workspace_index import rescreen_update
from aidtrace.watchlists.snapshots import current_entries, load_snapshot
from aidtrace.workspace import Workspace

UN_2026 = "watchlists/un/un_consolidated_2026-02-27.xml"


def _add_organisation(ws: Workspace, org_id: str, name: str, name_fa: str | None) -> None:
    ws.engine.execute(
        "INSERT INTO organisations (org_id, name, name_fa, role, country, import_id) "
        "VALUES (?, ?, ?, 'vendor', 'AF', 'test')",
        (org_id, name, name_fa),
    )


def test_cli_screens_a_name_against_a_list_file(shared_data: Path) -> None:
    runner = CliRunner()
    args = ["screen", "عبدالغنی برادر", "--list", str(shared_data / UN_2026), "--json"]
    result = runner.invoke(app, args)
    assert result.exit_code == 0, result.output
    assert json.loads(result.output)["hits"][0]["source_id"] == "TAi.024"


def test_cli_screens_a_file(shared_data: Path, tmp_path: Path) -> None:
    names = tmp_path / "names.csv"
    names.write_text("id,name,dob\n1,Mullah Abdul Ghani Baradar,1968\n2,Zarghona Ahmadi,\n")
    args = ["screen", "--file", str(names), "--list", str(shared_data / UN_2026)]
    result = CliRunner().invoke(app, args)
    assert result.exit_code == 0, result.output
    assert "TAi.024" in result.output
    assert "Zarghona Ahmadi: no match" in result.output
    serial = CliRunner().invoke(app, [*args, "--workers", "1", "--json"])
    parallel = CliRunner().invoke(app, [*args, "--workers", "2", "--json"])
    assert serial.exit_code == parallel.exit_code == 0
    assert parallel.output == serial.output
    assert "TAi.024" in parallel.output


def test_cli_needs_a_name_or_a_file(shared_data: Path) -> None:
    result = CliRunner().invoke(app, ["screen", "--list", str(shared_data / UN_2026)])
    assert result.exit_code == 2


def test_monitor_and_list_update(workspace: Workspace, shared_data: Path) -> None:
    """One workspace (creating one and loading lists is the slow part): the monitor flags a
    listed vendor, and a list update rescreens only the added and amended entries."""
    load_snapshot(workspace, shared_data / "watchlists/un/un_consolidated_2025-04-19.xml")
    update = load_snapshot(workspace, shared_data / UN_2026)
    _add_organisation(workspace, "V1", "Haji Khairullah Haji Sattar Money Exchange", None)
    _add_organisation(workspace, "V2", "Kabul Fresh Bakery", "نانوایی تازه کابل")
    alerts = list(get_monitor("screening").run(RunContext(workspace)))
    assert {(a.subject, a.identity_key.split(":")[1]) for a in alerts} == {("org:V1", "TAe.010")}
    assert alerts[0].list_snapshot == "un@2"
    assert list((workspace.path / "screening").glob("index-*.json.gz"))  # saved for reuse

    diff = update.diff
    assert "HTi.008" in diff.added
    unchanged = next(
        e
        for e in current_entries(workspace)
        if e.source_id.startswith("TAi") and e.source_id not in diff.rescreen_ids
    )
    queries = [Query("Dimitri Herard", "p:1"), Query(unchanged.primary_name, "p:2")]
    alerts = rescreen_update(workspace, "un@2", queries)
    assert [(a.subject, a.identity_key.split(":")[1]) for a in alerts] == [("p:1", "HTi.008")]

    # cleared once, it stays cleared on the next rescreen of the same entry version
    list_name, source_id, version = alerts[0].identity_key.split(":")
    decide(
        workspace,
        [ScreeningDecision("p:1", list_name, source_id, version, Decision.CLEARED, "officer")],
    )
    assert rescreen_update(workspace, "un@2", queries) == []
