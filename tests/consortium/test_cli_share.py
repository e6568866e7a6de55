"""``aidtrace consortium`` and ``aidtrace share`` end to end in process, and their error lines."""

from __future__ import annotations

import stat
from pathlib import Path

from typer.testing import CliRunner

from aidtrace.cli import app
from aidtrace.consortium import registers

runner = CliRunner()


def invoke(*args: str | Path) -> tuple[int, str, str]:
    result = runner.invoke(app, [str(a) for a in args])
    return result.exit_code, result.stdout, result.stderr


def _agency(tmp_path: Path, name: str, rows: list[dict[str, str]]) -> Path:
    ws = tmp_path / name
    assert invoke("init", ws, "--key-file", tmp_path / f"{name}.key")[0] == 0
    csv_path = registers.write_register(tmp_path / f"{name}.csv", rows)
    code, out, err = invoke("-w", ws, "import", "beneficiaries", csv_path)
    assert code == 0, out + err
    return ws


def test_two_agencies_find_their_shared_people(tmp_path: Path) -> None:
    regs = registers.generate(300, overlap=0.2, seed=2)
    a, b = _agency(tmp_path, "a", regs.a), _agency(tmp_path, "b", regs.b)
    secret_file = tmp_path / "secret.json"
    code, out, _ = invoke(
        "-w", a, "consortium", "create", "kabul", "--agency", "WFP", "-o", secret_file
    )
    assert code == 0
    assert "round 1" in out
    assert stat.S_IMODE(secret_file.stat().st_mode) == 0o600
    code, out, _ = invoke("-w", b, "consortium", "join", secret_file, "--agency", "UNHCR")
    assert code == 0
    assert "UNHCR" in out
    for ws in (a, b):
        code, out, err = invoke(
            "-w",
            ws,
            "share",
            "export",
            "--consortium",
            "kabul",
            "-o",
            tmp_path / f"{ws.name}.share",
        )
        assert code == 0, out + err
        assert "300 records" in out
    result = tmp_path / "result.json"
    code, out, err = invoke(
        "share", "link", tmp_path / "a.share", tmp_path / "b.share", "-o", result
    )
    assert code == 0, out + err
    assert "cross-agency clusters" in out
    code, out, _ = invoke("-w", a, "share", "import", result)
    assert code == 0
    assert "of WFP" in out
    code, out, _ = invoke("-w", a, "alerts", "--kind", "cross_agency_duplicate")
    assert code == 0
    assert "cross_agency_duplicate" in out
    code, out, _ = invoke("-w", a, "consortium", "list")
    assert code == 0
    assert "kabul" in out
    assert "WFP" in out


def test_rotation_prints_the_new_round(tmp_path: Path) -> None:
    ws = tmp_path / "ws"
    invoke("init", ws, "--key-file", tmp_path / "k.key")
    invoke("-w", ws, "consortium", "create", "kabul", "--agency", "WFP")
    code, out, _ = invoke("-w", ws, "consortium", "rotate", "kabul", "-o", tmp_path / "s2.json")
    assert code == 0
    assert "round 2" in out
    code, out, _ = invoke("-w", ws, "consortium", "secret", "kabul", "-o", tmp_path / "s3.json")
    assert code == 0
    assert (tmp_path / "s2.json").read_text() == (tmp_path / "s3.json").read_text()


def test_errors_are_one_line(tmp_path: Path) -> None:
    ws = tmp_path / "ws"
    invoke("init", ws, "--key-file", tmp_path / "k.key")
    code, _, err = invoke(
        "-w", ws, "share", "export", "--consortium", "nope", "-o", tmp_path / "x.share"
    )
    assert code == 2
    assert "no consortium named 'nope'" in err
    bad = tmp_path / "bad.share"
    bad.write_text("hello")
    code, _, err = invoke("share", "link", bad, bad, "-o", tmp_path / "r.json")
    assert code == 2
    assert "linkage file" in err
    invoke("-w", ws, "consortium", "create", "kabul", "--agency", "WFP")
    code, _, err = invoke(
        "-w", ws, "share", "export", "--consortium", "kabul", "-o", tmp_path / "x.share"
    )
    assert code == 2
    assert "no beneficiaries" in err
    code, _, err = invoke("-w", ws, "consortium", "join", bad)
    assert code == 2
    assert "consortium secret file" in err
