"""`aidtrace lists` refuses option values out of range as usage errors, before any download."""

from __future__ import annotations

from pathlib import Path

import pytest
from typer.testing import CliRunner

from aidtrace.cli import app

runner = CliRunner()
NOWHERE = "un=http://127.0.0.1:9/un.xml"  # nothing listens there: a download would fail


@pytest.mark.parametrize(
    ("option", "value"),
    [
        ("--retries", "-1"),  # before: internal error (AssertionError)
        ("--timeout", "-1"),  # before: internal error (ValueError from the HTTP client)
        ("--timeout", "0"),
        ("--deadline", "0"),
        ("--min-rate", "-5"),
        ("--rate-window", "0"),
        ("--max-mb", "0"),
        ("--max-mb", "-1"),
        ("--max-removed", "-1"),
        ("--max-removed-share", "1.5"),
    ],
)
def test_update_options_out_of_range(tmp_path: Path, option: str, value: str) -> None:
    args = ["-w", str(tmp_path), "lists", "update", "un", "--url", NOWHERE, option, value]
    result = runner.invoke(app, args)
    assert result.exit_code == 2
    assert f"Invalid value for '{option}'" in result.stderr
    assert "download" not in result.stderr  # refused before anything was fetched
