"""`aidtrace keys show|rotate|destroy|reveal|log` in process."""

from __future__ import annotations

from pathlib import Path

import pytest
from typer.testing import CliRunner

from aidtrace.cli import app
from people.sample import STAFF_COLUMNS, staff_rows, write_csv

runner = CliRunner()


@pytest.fixture
def ws(tmp_path: Path) -> str:
    path = str(tmp_path / "ws")
    assert (
        runner.invoke(app, ["init", path, "--key-file", str(tmp_path / "k" / "root.key")]).exit_code
        == 0
    )
    staff = write_csv(tmp_path / "staff.csv", STAFF_COLUMNS, staff_rows(6))
    result = runner.invoke(app, ["-w", path, "import", "staff", str(staff)])
    assert result.exit_code == 0, result.output
    return path


def test_show_reveal_and_log(ws: str) -> None:
    shown = runner.invoke(app, ["-w", ws, "keys", "show"])
    assert shown.exit_code == 0
    assert "fe1-" in shown.stdout
    assert "lt1-" in shown.stdout
    assert "Root key id" in shown.stdout
    revealed = runner.invoke(
        app,
        [
            "-w",
            ws,
            "keys",
            "reveal",
            "staff:S00002",
            "--reason",
            "payroll audit 7",
            "--actor",
            "ana",
        ],
    )
    assert revealed.exit_code == 0, revealed.output
    assert "0799000002" in revealed.stdout
    log = runner.invoke(app, ["-w", ws, "keys", "log"])
    assert "payroll" in log.stdout
    assert "ana" in log.stdout
    assert "shown" in log.stdout


def test_rotate(ws: str, tmp_path: Path) -> None:
    result = runner.invoke(app, ["-w", ws, "keys", "rotate", "--yes"])
    assert result.exit_code == 0, result.output
    assert "fe2-" in result.stdout
    assert "6 records" in result.stdout
    assert (tmp_path / "k" / "root.key").exists()  # data keys rotated, root kept
    new_root = tmp_path / "k" / "root.v2.key"
    moved = runner.invoke(
        app, ["-w", ws, "keys", "rotate", "--yes", "--new-key-file", str(new_root)]
    )
    assert moved.exit_code == 0, moved.output
    assert "fe3-" in moved.stdout
    assert not (tmp_path / "k" / "root.key").exists()
    assert new_root.exists()
    revealed = runner.invoke(
        app, ["-w", ws, "keys", "reveal", "staff:S00002", "--reason", "after rotation"]
    )
    assert "0799000002" in revealed.stdout


def test_destroy_asks_first(ws: str, tmp_path: Path) -> None:
    refused = runner.invoke(app, ["-w", ws, "keys", "destroy"], input="yes\n")
    assert refused.exit_code == 1
    assert (tmp_path / "k" / "root.key").exists()
    done = runner.invoke(app, ["-w", ws, "keys", "destroy"], input="DESTROY\n")
    assert done.exit_code == 0, done.output
    assert "unreadable" in done.stdout
    assert not (tmp_path / "k" / "root.key").exists()
    after = runner.invoke(
        app, ["-w", ws, "keys", "reveal", "staff:S00002", "--reason", "after the end"]
    )
    assert after.exit_code == 2
    assert "destroyed" in after.stderr
