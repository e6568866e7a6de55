"""`aidtrace users add|disable|enable|role|list`."""

from __future__ import annotations

from pathlib import Path

import pytest
from typer.testing import CliRunner

from aidtrace.accounts.users import Role
from aidtrace.cli import app
from aidtrace.events import AccountRoleChanged
from aidtrace.workspace import Workspace

from .conftest import audit_events

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


def test_users_role_changes_a_role_audited_and_ends_its_sessions(desk_path: Path) -> None:
    from aidtrace.accounts.users import get_user

    with Workspace.open(desk_path, read_only=True) as ws:
        epoch = get_user(ws, "analyst").session_epoch
    code, out = _run(desk_path, "role", "analyst", "reviewer")
    assert code == 0
    assert out.strip() == "analyst is now reviewer (was analyst)"
    assert _run(desk_path, "role", "analyst", "reviewer")[1].strip() == (
        "analyst already has the reviewer role"
    )
    with Workspace.open(desk_path, read_only=True) as ws:
        user = get_user(ws, "analyst")
        changes = [e for e in audit_events(ws) if isinstance(e, AccountRoleChanged)]
    assert user.role is Role.REVIEWER
    assert user.session_epoch == epoch + 1
    assert [(e.actor, e.username, e.old_role, e.new_role) for e in changes] == [
        ("command-line", "analyst", "analyst", "reviewer")
    ]


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (("role", "admin", "analyst"), "last active admin"),
        (("role", "ghost", "analyst"), "ghost"),
        (("role", "analyst", "wizard"), "wizard"),
    ],
)
def test_users_role_refuses_in_one_line(
    desk_path: Path, args: tuple[str, ...], message: str
) -> None:
    code, out = _run(desk_path, *args)
    assert code == 2
    assert message in out
