"""The CLI in process: success paths and one-line error paths."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest
from typer.testing import CliRunner

from aidtrace.cli import app

runner = CliRunner()


def invoke(*args: str) -> tuple[int, str, str]:
    result = runner.invoke(app, list(args))
    return result.exit_code, result.stdout, result.stderr


def test_init_run_alerts_report(tmp_path: Path) -> None:
    ws = str(tmp_path / "ws")
    code, out, _ = invoke("init", ws, "--key-file", str(tmp_path / "k.key"))
    assert code == 0, out
    assert "Created workspace" in out
    assert invoke("-w", ws, "run")[0] == 0
    code, out, _ = invoke("-w", ws, "alerts")
    assert code == 0
    assert "no alerts" in out
    code, out, _ = invoke("-w", ws, "report")
    assert code == 0
    assert (tmp_path / "ws" / "reports" / "report.html").is_file()
    assert invoke("-w", ws, "report", "--audience", "donor")[0] == 0
    assert (tmp_path / "ws" / "reports" / "report-donor.html").is_file()
    assert invoke("-w", ws, "report", "--audience", "thief")[0] == 2


def test_workspace_from_environment(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    invoke("init", str(tmp_path / "ws"))
    monkeypatch.setenv("AIDTRACE_WORKSPACE", str(tmp_path / "ws"))
    assert invoke("alerts")[0] == 0


@pytest.mark.parametrize(
    ("args", "needle"),
    [
        (("-w", "{tmp}/missing", "run"), "not an aidtrace workspace"),
        (("-w", "{tmp}/ws", "import", "no-such-kind", "{tmp}/x.csv"), "no importer named"),
        (("init", "{tmp}/ws"), "already exists"),
    ],
)
def test_errors_print_one_line_and_exit_nonzero(
    tmp_path: Path, args: tuple[str, ...], needle: str
) -> None:
    invoke("init", str(tmp_path / "ws"))
    code, out, err = invoke(*(a.format(tmp=tmp_path) for a in args))
    assert code == 2
    assert needle in err
    assert len(err.strip().splitlines()) == 1
    assert "Traceback" not in err + out


def test_debug_shows_the_exception(tmp_path: Path) -> None:
    result = runner.invoke(app, ["--debug", "-w", str(tmp_path / "missing"), "run"])
    assert result.exit_code != 0
    assert result.exception is not None


def test_init_with_a_root_key_from_the_environment(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("AIDTRACE_TEST_ROOT", "ab" * 32)
    ws = str(tmp_path / "ws")
    code, out, _ = invoke("init", ws, "--key-source", "env:AIDTRACE_TEST_ROOT")
    assert code == 0, out
    assert "env:AIDTRACE_TEST_ROOT" in out
    assert invoke("-w", ws, "alerts")[0] == 0
    monkeypatch.delenv("AIDTRACE_TEST_ROOT")
    # the audit log verifies under its own key now; revealing personal data needs the root key
    reason = "review of a case about this record"
    code, _, err = invoke("-w", ws, "keys", "reveal", "beneficiary:x", "--reason", reason)
    assert code == 2
    assert "AIDTRACE_TEST_ROOT" in err


def test_import_with_a_column_mapping(tmp_path: Path) -> None:
    ws = str(tmp_path / "ws")
    invoke("init", ws)
    fx = tmp_path / "fx.csv"
    fx.write_text("Day,Cur,Rate\n2024-01-01,EUR,1.1\n2024-01-02,AFN,0.014\n")
    maps = ["--map", "date=Day", "--map", "currency=Cur", "--map", "usd_rate=Rate"]
    code, out, err = invoke("-w", ws, "import", "fx", str(fx), *maps)
    assert code == 0, err
    assert "2 records" in " ".join(out.split())  # Rich wraps the line where the path is long
    code, _, err = invoke("-w", ws, "import", "fx", str(fx), "--map", "date")
    assert code == 2
    assert "FIELD=HEADER" in err


def test_run_passes_monitor_parameters(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from aidtrace.monitors import MONITORS, RunContext

    seen: list[dict[str, object]] = []

    class Probe:
        name, version, description = "test.probe", "1", "records its parameters"

        def run(self, ctx: RunContext) -> list[object]:
            seen.append(dict(ctx.params))
            return []

    monkeypatch.setitem(MONITORS, "test.probe", Probe())
    ws = str(tmp_path / "ws")
    invoke("init", ws)
    code, out, _ = invoke("-w", ws, "run", "-m", "test.probe", "--param", "test.probe:model=latest")
    assert code == 0, out
    assert seen == [{"model": "latest"}]
    code, _, err = invoke("-w", ws, "run", "-m", "test.probe", "--param", "model=latest")
    assert code != 0
    assert "MONITOR:KEY=VALUE" in err
    code, _, err = invoke("-w", ws, "run", "--param", "no.such.monitor:x=1")
    assert code != 0
    assert "no.such.monitor" in err


def test_an_internal_error_is_one_line_and_exit_3_even_with_markup_in_it(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    from aidtrace import ingest
    from aidtrace.cli import main

    def boom() -> None:
        raise RuntimeError("a name like [/x] reached a bug")

    monkeypatch.setattr(ingest, "all_importers", boom)  # the command imports it when it runs
    monkeypatch.setattr("sys.argv", ["aidtrace", "importers"])
    with pytest.raises(SystemExit) as exited:
        main()
    assert exited.value.code == 3  # before: the markup error escaped the edge as a traceback
    err = capsys.readouterr().err
    assert err == (
        "internal error: RuntimeError: a name like [/x] reached a bug "
        "(rerun with --debug for details)\n"
    )


@pytest.mark.parametrize(
    "args",
    [
        ["-w", "{tmp}/ws", "import", "fx", b"caf\xe9.csv"],  # before: 3 (TypeError in the reader)
        ["-w", "{tmp}/ws", "alerts", "--kind", b"\xff"],  # before: a store error about surrogates
        ["-w", b"{tmp}/w\xe9", "alerts"],
    ],
)
def test_arguments_that_are_not_utf8_are_refused_at_the_edge(
    tmp_path: Path, args: list[str | bytes]
) -> None:
    invoke("init", str(tmp_path / "ws"))
    argv = [a.replace(b"{tmp}", bytes(tmp_path)) if isinstance(a, bytes) else a for a in args]
    argv = [a.format(tmp=tmp_path) if isinstance(a, str) else a for a in argv]
    run = subprocess.run(
        [sys.executable, "-m", "aidtrace.cli", *argv], capture_output=True, timeout=120, check=False
    )
    err = run.stderr.decode()
    assert run.returncode == 2, err
    assert err.startswith("error: ")
    assert err.strip().endswith("is not UTF-8 text (is the terminal set to UTF-8?)")
    assert len(err.strip().splitlines()) == 1
