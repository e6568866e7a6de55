"""The CLI and the workspace: private output files, a busy workspace, commands side by side."""

from __future__ import annotations

import os
import stat
from collections.abc import Iterator
from pathlib import Path

import pytest
from tests.holding import held
from typer.testing import CliRunner

from aidtrace.audit import open_log
from aidtrace.cli import app
from aidtrace.workspace import Workspace

runner = CliRunner()


def invoke(*args: str, env: dict[str, str] | None = None) -> tuple[int, str, str]:
    result = runner.invoke(app, list(args), env=env)
    return result.exit_code, result.stdout, result.stderr


@pytest.fixture
def ws(tmp_path: Path) -> str:
    path = str(tmp_path / "ws")
    code, out, _ = invoke("init", path, "--key-file", str(tmp_path / "k.key"))
    assert code == 0, out
    return path


@pytest.fixture
def open_umask() -> Iterator[None]:
    previous = os.umask(0)
    yield
    os.umask(previous)


def _audit_something(ws: str) -> None:
    with Workspace.open(Path(ws)) as opened:
        open_log(opened).append([b"an event"])


@pytest.mark.parametrize(
    "command",
    [["report"], ["report", "--audience", "donor"], ["audit", "head"], ["lists", "export"]],
)
def test_reports_and_exports_are_private_files(
    ws: str, tmp_path: Path, open_umask: None, command: list[str]
) -> None:
    out = tmp_path / "out" / "file"
    out.parent.mkdir()
    out.write_text("an older, readable copy")
    out.chmod(0o644)
    if command[0] == "audit":
        _audit_something(ws)
    code, stdout, stderr = invoke("-w", ws, *command, "-o", str(out))
    assert code == 0, stdout + stderr
    assert out.read_text() != "an older, readable copy"
    assert stat.S_IMODE(out.stat().st_mode) == 0o600


def test_report_into_the_workspace_is_private(ws: str, open_umask: None) -> None:
    assert invoke("-w", ws, "report")[0] == 0
    report = Path(ws) / "reports" / "report.html"
    assert stat.S_IMODE(report.stat().st_mode) == 0o600
    assert stat.S_IMODE(report.parent.stat().st_mode) == 0o700


@pytest.mark.parametrize(
    ("args", "env"),
    [(["--wait", "0.5"], {}), ([], {"AIDTRACE_WAIT": "0.5"})],
)
def test_busy_workspace_names_the_command_holding_it(
    ws: str, args: list[str], env: dict[str, str]
) -> None:
    with held(Path(ws), "write", command="aidtrace import") as other:
        code, _, err = invoke("-w", ws, *args, "alerts", env=env)
    assert code == 2
    told, line = err.strip().splitlines()  # that it waits, then why it gave up
    assert "waiting up to 0.5 s" in told
    assert "still busy" not in told
    assert f"workspace busy (held by PID {other.pid}: aidtrace import, writing since" in line
    assert "still busy after waiting 0.5 s" in line
    assert "corrupt" not in line


def test_a_command_waits_for_the_one_holding_the_workspace(ws: str) -> None:
    with held(Path(ws), "write", seconds=2, command="aidtrace run"):
        code, out, err = invoke("-w", ws, "alerts")
    assert code == 0, err
    assert "no alerts" in out
    assert "aidtrace run, writing since" in err
    assert "waiting up to 30 s" in err


def test_a_writer_is_named_to_a_writer(ws: str) -> None:
    with held(Path(ws), "read", command="aidtrace alerts") as other:
        code, _, err = invoke("-w", ws, "--wait", "0", "run")
    assert code == 2
    assert f"held by PID {other.pid}: aidtrace alerts, reading since" in err


# Commands that only read: they run while another process reads the workspace (and would fail
# if they tried to write, the store being open read-only).
READERS = [
    ["alerts"],
    ["report", "-o", "{tmp}/report.html"],
    ["audit", "verify"],
    ["audit", "head"],
    ["cases", "list"],
    ["lists", "show"],
    ["lists", "export", "-o", "{tmp}/lists.json"],
    ["keys", "show"],
    ["keys", "log"],
    ["users", "list"],
]


def test_reading_commands_run_side_by_side(ws: str, tmp_path: Path) -> None:
    password = {"AIDTRACE_PASSWORD": "a long enough password"}
    assert invoke("-w", ws, "users", "add", "ana", "--role", "admin", env=password)[0] == 0
    _audit_something(ws)
    failed = {}
    with held(Path(ws), "read", command="aidtrace alerts"):
        for command in READERS:
            args = [a.format(tmp=tmp_path) for a in command]
            code, out, err = invoke("-w", ws, "--wait", "0", *args)
            if code != 0:
                failed[" ".join(command)] = out + err
    assert failed == {}
