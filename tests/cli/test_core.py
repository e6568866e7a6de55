"""The weekly-cycle commands refuse bad option values in one line (exit 2), never a traceback."""

from __future__ import annotations

import socket
from collections.abc import Iterator
from pathlib import Path

import pytest
from typer.testing import CliRunner

from aidtrace.cli import app

runner = CliRunner()


def invoke(*args: str) -> tuple[int, str]:
    result = runner.invoke(app, list(args))
    return result.exit_code, result.stderr


@pytest.fixture
def taken_port() -> Iterator[int]:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind(("127.0.0.1", 0))
        sock.listen()
        yield sock.getsockname()[1]


def test_serve_on_a_port_in_use_says_so_in_one_line(tmp_path: Path, taken_port: int) -> None:
    code, err = invoke("-w", str(tmp_path), "serve", "--port", str(taken_port))
    assert code == 2  # before: uvicorn's own log line and an exit through SystemExit
    assert err.strip() == f"error: port {taken_port} is in use (another server listens on it)"


@pytest.mark.parametrize(
    ("args", "needle"),
    [
        (("serve", "--port", "70000"), "--port"),
        (("serve", "--port", "0"), "--port"),
        (("serve", "--port", "-1"), "--port"),
        (("serve", "--port", "http"), "--port"),
        (("alerts", "--limit", "0"), "--limit"),
        (("alerts", "--limit", "-3"), "--limit"),
    ],
)
def test_out_of_range_values_are_usage_errors(
    tmp_path: Path, args: tuple[str, ...], needle: str
) -> None:
    code, err = invoke("-w", str(tmp_path), *args)
    assert code == 2
    assert needle in err
    assert "Traceback" not in err


@pytest.mark.parametrize("host", ["no-such-host.invalid", "a..b", "x" * 64 + ".org"])
def test_serve_on_an_unknown_host_says_so_in_one_line(tmp_path: Path, host: str) -> None:
    code, err = invoke("-w", str(tmp_path), "serve", "--host", host)
    assert code == 2  # before: "a..b" was an internal error (UnicodeError from the IDNA codec)
    assert err.startswith(f"error: cannot listen on '{host}'")
    assert len(err.strip().splitlines()) == 1


def test_paths_print_as_written_not_as_markup(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("COLUMNS", "400")  # one line per message, however long the temporary path
    ws = tmp_path / "ws [/x]"
    result = runner.invoke(app, ["init", str(ws), "--key-file", str(tmp_path / "k.key")])
    assert result.exit_code == 0, result.stderr  # before: MarkupError, an internal error
    assert f"Created workspace {ws}\n" in result.stdout
    output = tmp_path / "report [final].html"
    result = runner.invoke(app, ["-w", str(ws), "report", "-o", str(output)])
    assert result.exit_code == 0, result.stderr
    assert f"Report written to {output}\n" in result.stdout
