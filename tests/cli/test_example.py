"""`aidtrace example afghanistan`: the published Afghan files imported into a fresh workspace,
every monitor run, and the money, the clusters, the provinces and the alerts shown."""

from __future__ import annotations

import csv
from pathlib import Path

import pytest
from typer.testing import CliRunner

from aidtrace.cli import app
from aidtrace.errors import InputError
from aidtrace.example import find_data, run_afghanistan

runner = CliRunner()


@pytest.fixture
def afg(shared_data: Path) -> Path:
    return shared_data / "real" / "afghanistan"


def test_the_run_shows_the_published_money_and_what_it_raises(
    tmp_path: Path, afg: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("COLUMNS", "400")
    with (afg / "fts" / "fts_incoming_funding_afg.csv").open(encoding="utf-8") as fh:
        incoming = list(csv.DictReader(fh))
    paid = [r for r in incoming if r["status"] == "paid"]
    target = tmp_path / "afg"
    result = runner.invoke(app, ["example", "afghanistan", "-w", str(target), "--data", str(afg)])
    assert result.exit_code == 0, result.stdout + result.stderr
    out = result.stdout
    paid_usd = sum(float(r["amountUSD"]) for r in paid)
    assert f"incoming paid: US${paid_usd:,.0f} in {len(paid)} flows" in out
    assert "fts_internal_funding_afg.csv" in out
    assert "Food Security" in out  # a cluster against its requirement
    assert "Hirat (AF32)" in out  # a province with funding and IPC 3+ people
    assert "passes_on_more_than_received" in out
    assert "Afghanistan Humanitarian Fund" in out
    # a second run replaces the first one's directory
    again = runner.invoke(app, ["example", "afghanistan", "-w", str(target), "--data", str(afg)])
    assert again.exit_code == 0


def test_the_work_takes_under_thirty_seconds(tmp_path: Path, afg: Path) -> None:
    outcome = run_afghanistan(tmp_path / "afg", afg)
    assert sum(outcome.seconds.values()) < 30
    assert len(outcome.imported) == 12
    assert outcome.alert_counts["passes_on_more_than_received"] >= 1
    report = outcome.report.read_text("utf-8")
    assert "Money traced (OCHA FTS, as of 2021-03-01)" in report
    assert "US$116,023,570 of US$309,581,740 (37%)" in report  # Food Security, as published


def test_a_directory_it_did_not_make_is_left_alone(tmp_path: Path, afg: Path) -> None:
    (tmp_path / "mine.txt").write_text("keep me")
    result = runner.invoke(app, ["example", "afghanistan", "-w", str(tmp_path), "--data", str(afg)])
    assert result.exit_code == 2
    assert "not made by `aidtrace example`" in result.stderr
    assert (tmp_path / "mine.txt").read_text() == "keep me"


def test_the_data_is_found_beside_the_checkout_or_named(
    tmp_path: Path, afg: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.delenv("AIDTRACE_REAL_DATA", raising=False)
    # resolved on both sides: the data folder may be reached through a symbolic link
    assert find_data(start=afg.parents[2] / "anywhere").resolve() == afg.resolve()
    monkeypatch.setenv("AIDTRACE_REAL_DATA", str(afg))
    assert find_data(start=tmp_path) == afg
    monkeypatch.setenv("AIDTRACE_REAL_DATA", str(tmp_path))
    with pytest.raises(InputError, match="no fts/ folder"):
        find_data()
    monkeypatch.delenv("AIDTRACE_REAL_DATA")
    with pytest.raises(InputError, match="give --data DIR"):
        find_data(start=Path("/no-such-folder"))  # nothing above it holds the data
