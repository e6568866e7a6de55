"""`aidtrace screen` refuses what it cannot screen, in one line, before screening anything."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
from typer.testing import CliRunner

from aidtrace.cli import app

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures" / "watchlists"
OFSI = str(FIXTURES / "ConList.csv")  # lists MOHAMMAD HASSAN AKHUND, born 12/05/1958
runner = CliRunner()


def screen(*args: str) -> tuple[int, str, str]:
    result = runner.invoke(app, ["screen", *args, "--list", OFSI])
    return result.exit_code, result.stdout, result.stderr


def _documents(out: str) -> list[dict[str, Any]]:
    """The JSON documents printed one after another (each may span lines)."""
    decoder, docs, at = json.JSONDecoder(), [], 0
    while out[at:].strip():
        doc, at = decoder.raw_decode(out, len(out) - len(out[at:].lstrip()))
        docs.append(doc)
    return docs


@pytest.mark.parametrize(
    ("args", "needle"),
    [
        (("",), "nothing to screen in ''"),
        (("   ",), "nothing to screen"),
        (("!!!",), "nothing to screen in '!!!'"),
        (("😀🙂",), "nothing to screen"),
        (("Akhund", "--dob", "2099-13-45"), "no such date"),
        (("Akhund", "--dob", "2099"), "in the future"),
        (("Akhund", "--dob", "12/05/1958"), "expected YYYY"),
        (("Akhund", "--nationality", "Narnia"), "not a country"),
        (("Akhund", "--file", OFSI), "either a NAME or --file"),
    ],
)
def test_refused_input_is_one_line_and_exit_2(args: tuple[str, ...], needle: str) -> None:
    code, out, err = screen(*args)
    assert code == 2, out + err
    assert needle in err
    assert len(err.strip().splitlines()) == 1
    assert "no match" not in out


@pytest.mark.parametrize(
    ("args", "option"),
    [
        (("Akhund", "--threshold", "5"), "--threshold"),
        (("Akhund", "--threshold", "-0.1"), "--threshold"),
        (("Akhund", "--limit", "0"), "--limit"),
        (("Akhund", "--workers", "0"), "--workers"),
        (("Akhund", "--workers", "100000"), "--workers"),
        (("--file", "/nonexistent/names.csv"), "--file"),
        (("--file", "/"), "--file"),
    ],
)
def test_options_out_of_range_are_usage_errors(args: tuple[str, ...], option: str) -> None:
    code, _, err = screen(*args)
    assert code == 2
    assert option in err


def test_an_impossible_birth_date_no_longer_hides_a_true_hit() -> None:
    code, out, _ = screen("Mohammad Hassan Akhund", "--dob", "1958-05-12", "--json")
    assert code == 0
    assert _documents(out)[0]["hits"][0]["source_id"] == "7172"
    code, out, _ = screen("Mohammad Hassan Akhund", "--dob", "2099-13-45")
    assert (code, out) == (2, "")  # before: exit 0, "no match"


def test_a_name_is_data_not_markup() -> None:
    code, out, err = screen("[/x] Akhund")
    assert code == 0, err
    assert "[/x] Akhund" in out


def test_a_batch_screens_the_good_rows_and_names_the_bad_ones(tmp_path: Path) -> None:
    names = tmp_path / "names.csv"
    names.write_text(
        "id,name,dob\n"
        "p1,Mohammad Hassan Akhund,1958\n"
        "p2,!!!,\n"
        "p3,Mohammad Hassan Akhund,2099-13-45\n"
        "p4,,\n"
        "p5,🙂,\n"
        "p6,Nobody Atall,\n",
        encoding="utf-8",
    )
    code, out, err = screen("--file", str(names), "--json", "--workers", "1")
    assert code == 1
    subjects = [doc["subject"] for doc in _documents(out)]
    assert subjects == ["p1", "p6"]
    lines = err.strip().splitlines()
    assert [line.split(", row ")[1].split(":")[0] for line in lines[:-1]] == ["3", "4", "5", "6"]
    assert "nothing to screen in '!!!'" in lines[0]
    assert "no such date" in lines[1]
    assert lines[-1] == f"4 rows of {names} not screened"


def test_a_batch_of_good_rows_exits_0(tmp_path: Path) -> None:
    names = tmp_path / "names.csv"
    names.write_text("name\nMohammad Hassan Akhund\nNobody Atall\n", encoding="utf-8")
    code, out, err = screen("--file", str(names), "--workers", "2")
    assert code == 0, err
    assert "Nobody Atall: no match" in out
    assert err == ""


def test_dob_and_nationality_belong_to_a_single_name(tmp_path: Path) -> None:
    names = tmp_path / "names.csv"
    names.write_text("name\nAkhund\n", encoding="utf-8")
    code, _, err = screen("--file", str(names), "--dob", "1958")
    assert code == 2
    assert "per row" in err


@pytest.mark.parametrize(
    ("content", "needle"),
    [
        ("name\nJosé\n".encode("cp1252"), "not a text CSV file in UTF-8"),
        ("name\nBaradar\n".encode("utf-16"), "not a text CSV file"),
        (b"who\nx\n", "no name or full_name column"),
    ],
)
def test_a_wrong_file_is_one_line(tmp_path: Path, content: bytes, needle: str) -> None:
    path = tmp_path / "names.csv"
    path.write_bytes(content)
    code, _, err = screen("--file", str(path))
    assert code == 2  # before: an internal error (UnicodeDecodeError)
    assert needle in err
    assert len(err.strip().splitlines()) == 1


def test_a_binary_file_is_one_line_from_the_real_entry_point() -> None:
    run = subprocess.run(
        [sys.executable, "-m", "aidtrace.cli", "screen", "--file", "/bin/ls", "--list", OFSI],
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert run.returncode == 2, run.stderr  # before: 3, internal error (UnicodeDecodeError)
    assert run.stderr.strip() == "error: /bin/ls: not a text CSV file (it holds binary data)"


def test_one_row_set_aside_is_counted_as_one(tmp_path: Path) -> None:
    names = tmp_path / "names [final].csv"
    names.write_text("name\nMohammad Hassan Akhund\n!!!\n", encoding="utf-8")
    code, _, err = screen("--file", str(names), "--workers", "1")
    assert code == 1
    assert err.strip().splitlines()[-1] == f"1 row of {names} not screened"


def test_a_name_from_a_terminal_in_another_encoding_is_refused() -> None:
    # Python hands over the bytes of a Latin-1 "é" as a lone surrogate
    run = subprocess.run(
        [sys.executable, "-m", "aidtrace.cli", "screen", b"Akhund\xe9", "--list", OFSI],
        capture_output=True,
        timeout=120,
        check=False,
    )
    assert run.returncode == 2, run.stderr  # before: 3, UnicodeEncodeError printing the result
    assert run.stderr.decode().strip() == (
        r"error: 'Akhund\udce9' is not UTF-8 text (is the terminal set to UTF-8?)"
    )
