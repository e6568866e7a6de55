"""`aidtrace screen --gender` and a `gender` column in `--file`: the screened person's gender is
compared with the listed person's, agreement raises the score, a conflict lowers it, and the
explanation says by how much."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from typer.testing import CliRunner

from aidtrace.cli import app

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures" / "watchlists"
EU = str(FIXTURES / "eu_fsf_sample.xml")  # lists Mohammad Hassan Akhund, male
NAME = "Mohammad Hassan Akhund"
runner = CliRunner()


def screen(*args: str) -> tuple[int, str, str]:
    result = runner.invoke(app, ["screen", *args, "--list", EU, "--json", "--threshold", "0"])
    return result.exit_code, result.stdout, result.stderr


def _top(line: str) -> dict[str, Any]:
    hit: dict[str, Any] = json.loads(line)["hits"][0]
    assert hit["name"] == "Mohammad Hassan Akhund"
    return hit


def _single(*gender: str) -> dict[str, Any]:
    code, out, err = screen(NAME, *gender)
    assert code == 0, err
    return _top(out.strip())


@pytest.mark.parametrize(("gender", "direction"), [("male", 1), ("M", 1), ("female", -1)])
def test_gender_raises_or_lowers_the_score(gender: str, direction: int) -> None:
    alone = _single()
    told = _single("--gender", gender)
    assert (told["score"] - alone["score"]) * direction > 0
    points = told["explanation"]["evidence_points"]["gender"]
    assert points * direction > 0
    assert told["score"] - alone["score"] == pytest.approx(points, abs=2e-4)
    agreement = told["explanation"]["gender"]["agreement"]
    assert agreement == ("exact" if direction > 0 else "conflict")
    assert "gender" not in alone["explanation"]["evidence_points"]


def test_an_unknown_gender_says_nothing() -> None:
    assert _single("--gender", "unknown")["score"] == _single()["score"]


def test_an_unreadable_gender_is_refused_in_one_line() -> None:
    code, out, err = screen(NAME, "--gender", "mael")
    assert code == 2
    assert "gender 'mael'" in err
    assert len(err.strip().splitlines()) == 1
    assert out == ""


def test_a_gender_column_is_read_per_row(tmp_path: Path) -> None:
    names = tmp_path / "names.csv"
    rows = [f"{subject},{NAME},{gender}" for subject, gender in
            (("p1", "male"), ("p2", "female"), ("p3", ""), ("p4", "زن"))]  # fmt: skip
    names.write_text("id,name,gender\n" + "\n".join(rows) + "\n", encoding="utf-8")
    code, out, err = screen("--file", str(names), "--workers", "1")
    assert code == 0, err
    male, female, unsaid, female_fa = (_top(line)["score"] for line in out.splitlines())
    assert male > unsaid > female
    assert female_fa == female


def test_gender_goes_with_a_single_name(tmp_path: Path) -> None:
    names = tmp_path / "names.csv"
    names.write_text(f"name\n{NAME}\n", encoding="utf-8")
    code, _, err = screen("--file", str(names), "--gender", "male")
    assert code == 2
    assert "per row" in err
