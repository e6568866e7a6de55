"""The shared edge of every command: the command a process runs is what it tells other processes
kept waiting for the workspace."""

from __future__ import annotations

from pathlib import Path

import pytest
from typer.testing import CliRunner

from aidtrace.cli import app
from aidtrace.workspace import Workspace

runner = CliRunner()


@pytest.mark.parametrize(
    ("args", "command"),
    [
        (["alerts"], "aidtrace alerts"),
        (["lists", "show"], "aidtrace lists show"),
        (["audit", "witness", "list"], "aidtrace audit witness list"),
    ],
)
def test_the_workspace_is_opened_in_the_name_of_the_command(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, args: list[str], command: str
) -> None:
    ws = tmp_path / "ws"
    Workspace.create(ws, key_file=tmp_path / "k.key").close()
    named: list[object] = []
    opened = Workspace.open.__func__  # type: ignore[attr-defined]

    def spy(cls: type[Workspace], /, *args: object, **kwargs: object) -> Workspace:
        named.append(kwargs.get("command"))
        return opened(cls, *args, **kwargs)  # type: ignore[no-any-return]

    monkeypatch.setattr(Workspace, "open", classmethod(spy))
    result = runner.invoke(app, ["-w", str(ws), *args])
    assert result.exit_code in (0, 1), result.output  # 1: no witness configured
    assert named == [command]
