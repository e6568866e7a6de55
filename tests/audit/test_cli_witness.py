"""The witness and checkpoint commands end to end: a donor sets a witness up from the command
line, the workspace adds it, and the printed checkpoint carries both signatures."""

from __future__ import annotations

from pathlib import Path

from typer.testing import CliRunner

from aidtrace.audit.checkpoint import open_checkpoint
from aidtrace.audit.note import parse_vkey
from aidtrace.audit.witness import Witness
from aidtrace.cli import app
from aidtrace.workspace import Workspace

from .witness_helpers import serving

runner = CliRunner()


def _run(*args: str) -> str:
    result = runner.invoke(app, list(args))
    assert result.exit_code == 0, result.stdout + result.stderr
    return result.stdout


def test_a_witness_set_up_from_the_command_line_cosigns(
    workspace: Workspace, tmp_path: Path
) -> None:
    ws = str(workspace.path)
    workspace.close()
    log_vkey = _run("-w", ws, "audit", "checkpoint", "--vkey").strip()
    directory = tmp_path / "witness"
    witness_vkey = _run("witness", "init", str(directory), "--name", "donor.example/w1").strip()
    assert "Trusting the log" in _run("witness", "trust", str(directory), log_vkey)
    witness = Witness(directory, clock=lambda: 1_700_000_000)
    with serving(witness) as url:
        added = _run("-w", ws, "audit", "witness", "add", url, witness_vkey, "--as", "admin")
        listed = _run("-w", ws, "audit", "witness", "list")
    assert "cosigned" in added
    assert "OK: 1 of 1 needed" in listed
    note = _run("-w", ws, "audit", "checkpoint")
    keys = [parse_vkey(log_vkey), parse_vkey(witness_vkey)]
    _, _, good = open_checkpoint(note, keys)
    assert [v.name for v in good] == [keys[0].name, "donor.example/w1"]
