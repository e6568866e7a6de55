"""Start-up stays light: `aidtrace --help` and the help of a command import none of the library
stack (store, dataframes, web desk, record linkage), and opening a workspace never imports the
web desk.

How long start-up takes is measured in benchmarks/startup/bench.py; these tests check what is
imported, which does not depend on the machine."""

from __future__ import annotations

import json
import subprocess
import sys
from enum import Enum
from pathlib import Path
from typing import Any, get_args

import pytest

from aidtrace.accounts.users import Role
from aidtrace.cases import CaseStatus, Outcome
from aidtrace.cli import cases as cli_cases
from aidtrace.cli import core as cli_core
from aidtrace.cli import screen as cli_screen
from aidtrace.cli import users as cli_users
from aidtrace.report import Audience
from aidtrace.screening import DEFAULT_THRESHOLD

ROOT = Path(__file__).resolve().parent.parent
# what a user asking for help must not wait for
HEAVY = (
    "duckdb",
    "polars",
    "pyarrow",
    "splink",
    "fastapi",
    "starlette",
    "aidtrace.web",
    "aidtrace.workspace",
    "aidtrace.screening",
)
WEB = ("fastapi", "starlette", "uvicorn", "aidtrace.web")


def imported_after(script: str, names: tuple[str, ...]) -> list[str]:
    """Which of ``names`` a fresh interpreter has imported after running ``script``."""
    probe = (
        f"{script}\nimport json, sys\nprint(json.dumps([n for n in {names!r} if n in sys.modules]))"
    )
    done = subprocess.run([sys.executable, "-c", probe], cwd=ROOT, capture_output=True, text=True)
    assert done.returncode == 0, done.stderr
    found: list[str] = json.loads(done.stdout.splitlines()[-1])
    return found


@pytest.mark.parametrize(
    "args",
    [
        ["--help"],
        ["lists", "--help"],
        ["users", "--help"],
        ["report", "--help"],
        ["cases", "list", "--help"],
        ["screen", "--help"],
    ],
)
def test_help_imports_no_library_stack(args: list[str]) -> None:
    script = (
        "from typer.testing import CliRunner\n"
        "from aidtrace.cli import app\n"
        f"result = CliRunner().invoke(app, {args!r})\n"
        "assert result.exit_code == 0, result.output\n"
        "assert 'Usage: aidtrace' in result.output, result.output\n"
    )
    assert imported_after(script, HEAVY) == []


def test_the_console_script_help_imports_no_library_stack() -> None:
    script = (
        "import sys\n"
        "from aidtrace.cli import main\n"
        "sys.argv = ['aidtrace', '--help']\n"
        "try:\n"
        "    main()\n"
        "except SystemExit as exit:\n"
        "    assert exit.code in (0, None), exit.code\n"
    )
    assert imported_after(script, HEAVY) == []


def test_opening_a_workspace_imports_no_web_desk(tmp_path: Path) -> None:
    """The web desk's tables are still created and migrated, without importing the desk."""
    ws, key = tmp_path / "ws", tmp_path / "keys" / "root.key"
    script = (
        "from pathlib import Path\n"
        "from aidtrace.workspace import Workspace\n"
        f"Workspace.create(Path({str(ws)!r}), key_file=Path({str(key)!r})).close()\n"
        f"with Workspace.open(Path({str(ws)!r})) as ws:\n"
        "    assert ws.engine.has_table('web_users')\n"
        "    assert ws.engine.has_table('web_reveal_refusals')\n"
    )
    assert imported_after(script, WEB) == []


# Choices and defaults the CLI spells out so that its help needs no library import, and the
# library values they stand for: a new value in the library must reach the option.
@pytest.mark.parametrize(
    ("cli", "library"),
    [
        (cli_core.AudienceName, Audience),
        (cli_cases.OutcomeName, Outcome),
        (cli_cases.CaseStatusName, CaseStatus),
        (cli_users.RoleName, Role),
    ],
)
def test_cli_choices_are_the_library_values(cli: Any, library: type[Enum]) -> None:
    values = [m.value for m in cli] if isinstance(cli, type) else list(get_args(cli))
    assert values == [m.value for m in library]


def test_cli_screening_threshold_is_the_library_default() -> None:
    assert cli_screen.DEFAULT_THRESHOLD == DEFAULT_THRESHOLD
