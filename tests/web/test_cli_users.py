"""`aidtrace users add|disable|enable|list`."""

from __future__ import annotations

from pathlib import Path

from typer.testing import CliRunner

from aidtrace.cli import app

RUNNER = CliRunner()


def _run(ws: Path, *args: str) -> tuple[int, str]:
    result = RUNNER.invoke(app, ["--workspace", str(ws), "users", *args])
    return result.exit_code, result.output + (result.stderr if result.stderr_bytes else "")


def test_users_lifecycle(desk_path: Path) -> None:
    code, out = _run(
        desk_path, "add", "nasrin", "--role", "analyst", "--password", "twelve chars ok"
    )
    assert code == 0
    assert "Added nasrin (analyst)" in out
    code, out = _run(
        desk_path, "add", "nasrin", "--role", "analyst", "--password", "twelve chars ok"
    )
    assert code == 2
    assert "already exists" in out
    code, out = _run(
        desk_path, "add", "Bad Name", "--role", "analyst", "--password", "twelve chars ok"
    )
    assert code == 2
    assert "username" in out
    code, out = _run(desk_path, "add", "omid", "--role", "wizard", "--password", "twelve chars ok")
    assert code == 2
    assert _run(desk_path, "disable", "nasrin")[1].strip() == "nasrin is now disabled"
    code, out = _run(desk_path, "list")
    assert code == 0
    assert "nasrin" in out
    assert "disabled" in out
    assert "donor_viewer" in out
    assert _run(desk_path, "enable", "nasrin")[0] == 0
    assert _run(desk_path, "disable", "ghost")[0] == 2


def test_the_command_line_keeps_the_last_admin_and_refuses_common_passwords(
    desk_path: Path,
) -> None:
    code, out = _run(desk_path, "disable", "admin")
    assert code == 2
    assert "last active admin" in out
    code, out = _run(desk_path, "add", "omid", "--role", "analyst", "--password", "Password2026!")
    assert code == 2
    assert "first any attacker tries" in out
