from __future__ import annotations

import json
from pathlib import Path

from typer.testing import CliRunner

from aidtrace.cli import app

runner = CliRunner()


def test_generate_writes_the_scenario(tmp_path: Path) -> None:
    result = runner.invoke(
        app, ["demo", "generate", str(tmp_path / "out"), "--scale", "1k", "--seed", "3"]
    )
    assert result.exit_code == 0, result.output
    assert "beneficiaries.csv" in result.output
    assert "Planted" in result.output
    truth = json.loads((tmp_path / "out" / "ground_truth.json").read_text(encoding="utf-8"))
    assert truth["seed"] == 3
    assert truth["watchlist"]["source"] == "synthetic"


def test_bad_scale_is_one_line_and_exit_2(tmp_path: Path) -> None:
    result = runner.invoke(app, ["demo", "generate", str(tmp_path), "--scale", "lots"])
    assert result.exit_code == 2
    assert result.output.strip().count("\n") == 0
    assert "scale 'lots'" in result.output


def test_missing_watchlist_is_one_line(tmp_path: Path) -> None:
    result = runner.invoke(
        app, ["demo", "generate", str(tmp_path), "--watchlist", str(tmp_path / "nope.xml")]
    )
    assert result.exit_code == 2
    assert "watchlist file not found" in result.output
