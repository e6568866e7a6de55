from __future__ import annotations

import json
from pathlib import Path

import pytest
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


@pytest.mark.parametrize(("noise", "innocent"), [("0", "shared_phone"), ("2", "namesake")])
def test_generate_takes_a_noise_level(tmp_path: Path, noise: str, innocent: str) -> None:
    out = tmp_path / "out"
    # 2k: at 1k a world can have no married son next door to his father to share a phone
    result = runner.invoke(app, ["demo", "generate", str(out), "--scale", "2k", "--noise", noise])
    assert result.exit_code == 0, result.output
    assert f"Innocent look-alikes (noise {noise})" in result.output
    truth = json.loads((out / "ground_truth.json").read_text(encoding="utf-8"))
    assert truth["noise"] == int(noise)
    assert innocent in truth["innocent_counts"]
    assert ("name_spelling" in truth["innocent_counts"]) is (noise != "0")


@pytest.mark.parametrize("command", [["demo", "generate"], ["demo", "--dir"]])
def test_an_unknown_noise_level_is_a_usage_error(tmp_path: Path, command: list[str]) -> None:
    out = tmp_path / "out"
    result = runner.invoke(app, [*command, str(out), "--noise", "3"], catch_exceptions=False)
    assert result.exit_code == 2
    assert "--noise" in result.output
    assert not out.exists()
