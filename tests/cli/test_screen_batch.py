"""`aidtrace screen --file`: birth dates as forms write them, a party type per row, bad rows
named by number while the others are screened, and --json as one object per line."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from aidtrace.cli import app

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures" / "watchlists"
OFSI = str(FIXTURES / "ConList.csv")  # lists MOHAMMAD HASSAN AKHUND, born 12/05/1958
runner = CliRunner()


def screen(*args: str) -> tuple[int, str, str]:
    result = runner.invoke(app, ["screen", *args, "--list", OFSI])
    return result.exit_code, result.stdout, result.stderr


def _file(tmp_path: Path, rows: str) -> str:
    path = tmp_path / "names.csv"
    path.write_text("id,name,dob,type\n" + rows, encoding="utf-8")
    return str(path)


def test_json_is_one_object_per_line() -> None:
    code, out, err = screen("Mohammad Hassan Akhund", "--json")
    assert code == 0, err
    lines = out.splitlines()
    assert len(lines) == 1  # before: pretty-printed over many lines
    doc = json.loads(lines[0])
    assert set(doc) == {"query", "subject", "party", "hits"}
    assert doc["party"] == "any"
    hit = doc["hits"][0]
    assert set(hit) == {"list", "source_id", "name", "schema", "programmes", "score", "explanation"}


@pytest.mark.parametrize(
    "dob",
    ["~1958", "c. 1958", "1957-1959", "1957/1959", "between 1957 and 1959", "1958-05", "1337 SH"],
)
def test_a_birth_date_as_forms_write_it_is_screened(tmp_path: Path, dob: str) -> None:
    names = _file(tmp_path, f"p1,Mohammad Hassan Akhund,{dob},person\n")
    code, out, err = screen("--file", names, "--json", "--workers", "1")
    assert code == 0, err
    [doc] = [json.loads(line) for line in out.splitlines()]
    birth = doc["hits"][0]["explanation"]["birth_date"]
    assert birth["query"] == dob
    assert birth["agreement"] != "conflict"


def test_a_bad_row_is_named_and_the_rest_screened_with_exit_1(tmp_path: Path) -> None:
    names = _file(
        tmp_path,
        "p1,Mohammad Hassan Akhund,~1960,\n"
        "p2,Mohammad Hassan Akhund,12/05/1958,\n"
        "p3,Mohammad Hassan Akhund,,robot\n"
        "p4,Mohammad Hassan Akhund,1960/1962,organisation\n",
    )
    code, out, err = screen("--file", names, "--json", "--workers", "1")
    assert code == 1
    docs = [json.loads(line) for line in out.splitlines()]
    assert [(d["subject"], d["party"]) for d in docs] == [("p1", "any"), ("p4", "organisation")]
    lines = err.strip().splitlines()
    assert "row 3: birth date '12/05/1958': day or month first?" in lines[0]
    assert "row 4: party type 'robot'" in lines[1]
    assert lines[-1] == f"2 rows of {names} not screened"


def test_schema_sets_the_party_of_rows_without_a_type(tmp_path: Path) -> None:
    names = _file(tmp_path, "p1,Akhund,,\np2,Akhund,,vessel\n")
    code, out, _ = screen("--file", names, "--json", "--schema", "person", "--workers", "1")
    assert code == 0
    assert [json.loads(line)["party"] for line in out.splitlines()] == ["person", "vessel"]


def test_an_unknown_schema_is_refused_in_one_line() -> None:
    code, out, err = screen("Akhund", "--schema", "robot")
    assert (code, out) == (2, "")
    assert "party type 'robot'" in err


def test_a_document_number_is_compared_with_the_lists() -> None:
    code, out, err = screen("Mohammad Hassan Akhund", "--id-number", "P-0458 1926", "--json")
    assert code == 0, err
    hit = json.loads(out.splitlines()[0])["hits"][0]
    assert hit["explanation"]["identifiers"]["agreement"] == "exact"
    code, out, err = screen("Mohammad Hassan Akhund", "--id-number", "none")
    assert code != 0
    assert "identifier 'none'" in out + err
