"""The main job end to end on a small scenario: generate, import, run, score, report."""

from __future__ import annotations

from pathlib import Path

import pytest
from typer.testing import CliRunner

from aidtrace.cli import app
from aidtrace.demo.job import MARKER, run_demo
from aidtrace.errors import WorkspaceError


@pytest.fixture(scope="module")
def outcome(tmp_path_factory: pytest.TempPathFactory):  # type: ignore[no-untyped-def]
    return run_demo(tmp_path_factory.mktemp("demo") / "run", seed=3, scale="2000")


def test_demo_imports_runs_and_reports(outcome) -> None:  # type: ignore[no-untyped-def]
    assert outcome.report.is_file()
    assert outcome.traced_usd > 0
    assert sum(outcome.alert_counts.values()) > 0
    html = outcome.report.read_text(encoding="utf-8")
    assert "Detection against the ground truth" in html
    assert "False alerts on innocent look-alikes (noise 1)" in html
    patterns = {p.pattern.value: p for p in outcome.evaluation.innocent}
    assert patterns["name_spelling"].cases > 0
    assert all(p.alerted <= p.cases for p in patterns.values())


def test_demo_finds_planted_money_diversion(outcome) -> None:  # type: ignore[no-untyped-def]
    scores = {s.kind.value: s for s in outcome.evaluation.kinds}
    for kind in ("split_payment", "round_payment", "duplicate_invoice"):
        assert scores[kind].recall == 1.0, kind


def test_the_key_lives_outside_the_workspace(outcome) -> None:  # type: ignore[no-untyped-def]
    assert not any(p.suffix == ".key" for p in outcome.workspace.rglob("*"))


def test_demo_refuses_a_directory_it_did_not_make(tmp_path: Path) -> None:
    (tmp_path / "precious.txt").write_text("keep me")
    with pytest.raises(WorkspaceError, match="not made by `aidtrace demo`"):
        run_demo(tmp_path, scale="2000")
    assert (tmp_path / "precious.txt").read_text() == "keep me"


def test_cli_demo_refusal_is_one_line(tmp_path: Path) -> None:
    (tmp_path / "x").write_text("x")
    result = CliRunner().invoke(app, ["demo", "--dir", str(tmp_path), "--scale", "2000"])
    assert result.exit_code == 2
    assert len(result.stderr.strip().splitlines()) == 1
    assert not (tmp_path / MARKER).exists()
