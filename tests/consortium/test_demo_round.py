"""``aidtrace demo --agencies 2|3``: the agencies' workspaces, each exported, the files linked
and the result imported in each; the cross-agency pairs found are scored against the planted
ones."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from typer.testing import CliRunner

from aidtrace import audit
from aidtrace.audit.log import LOG
from aidtrace.cli import app
from aidtrace.workspace import Workspace

runner = CliRunner()


def test_the_demo_runs_a_consortium_round_end_to_end(tmp_path: Path) -> None:
    done = runner.invoke(
        app, ["demo", "--dir", str(tmp_path), "--agencies", "2", "--agency-people", "500"]
    )
    assert done.exit_code == 0, done.output
    found = re.search(r"(\d+) found, (\d+) planted, (\d+) of them right", done.output)
    assert found, done.output
    hits, planted, right = (int(g) for g in found.groups())
    assert planted == 50
    assert right >= 0.9 * planted
    assert hits - right <= 2  # look-alikes and strangers stay apart
    f1 = float(re.search(r"F1 ([0-9.]+)", done.output).group(1))  # type: ignore[union-attr]
    assert f1 >= 0.9
    root = tmp_path / "agencies"
    assert (root / "result.json").exists()
    for agency in ("AGENCY-A", "AGENCY-B"):
        assert (root / f"{agency}.share").exists()
        with Workspace.open(root / agency, read_only=True) as ws:
            alerts = ws.engine.query(
                "SELECT count(*) AS n FROM alerts WHERE kind = 'cross_agency_duplicate'"
            ).to_pylist()[0]["n"]
            audit.verify(ws)
        assert alerts >= right
        assert b'"kind":"share_exported"' in (root / agency / "audit" / LOG).read_bytes()


def test_three_agencies_find_the_people_on_two_or_three_lists(tmp_path: Path) -> None:
    done = runner.invoke(
        app, ["demo", "--dir", str(tmp_path), "--agencies", "3", "--agency-people", "400"]
    )
    assert done.exit_code == 0, done.output
    found = re.search(r"(\d+) found, (\d+) planted, (\d+) of them right", done.output)
    assert found, done.output
    hits, planted, right = (int(g) for g in found.groups())
    assert planted > 100  # A-B and A-C 40 each, B-C 20 from B's own and the people on all three
    assert right >= 0.9 * planted
    assert hits - right <= 2
    root = tmp_path / "agencies"
    for agency in ("AGENCY-A", "AGENCY-B", "AGENCY-C"):
        assert agency in done.output
        assert (root / f"{agency}.share").exists()
    with Workspace.open(root / "AGENCY-A", read_only=True) as ws:
        rows = ws.engine.query(
            "SELECT summary FROM alerts WHERE kind = 'cross_agency_duplicate'"
        ).to_pylist()
    # Someone on all three lists: agency A's alert names both other agencies.
    assert any("AGENCY-B, AGENCY-C" in str(r["summary"]) for r in rows)


@pytest.mark.parametrize(("args", "message"), [
    (["--agencies", "4"], "--agencies"),
    (["--agencies", "2", "--agency-people", "50"], "--agency-people"),
])  # fmt: skip
def test_what_the_round_refuses(tmp_path: Path, args: list[str], message: str) -> None:
    done = runner.invoke(app, ["demo", "--dir", str(tmp_path), *args])
    assert done.exit_code == 2
    assert message in done.output
