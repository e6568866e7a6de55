"""`import --check` on published formats (FTS, HNO, IPC, IATI): every real file reads clean with
the count an import would store; a broken copy lists every bad record at once (file, record,
field, value, why) and nothing is written."""

from __future__ import annotations

import csv
import json
from collections.abc import Callable
from pathlib import Path

import pytest
from typer.testing import CliRunner

from aidtrace.cli import app
from aidtrace.errors import InputError
from aidtrace.ingest.imports import check_file, import_file
from aidtrace.ingest.profiles import Profile
from aidtrace.workspace import Workspace

IATI = Path(__file__).resolve().parents[1] / "fixtures" / "iati" / "chain.xml"
runner = CliRunner()


@pytest.fixture
def afg(shared_data: Path) -> Path:
    return shared_data / "real" / "afghanistan"


def stored(ws: Workspace) -> int:
    found = ws.engine.query("SELECT count(*) AS n FROM imports").to_pylist()
    return int(found[0]["n"])


def edit_csv(source: Path, target: Path, edit: Callable[[list[dict[str, str]]], None]) -> Path:
    with source.open(encoding="utf-8", newline="") as fh:
        rows = list(csv.DictReader(fh))
    edit(rows)
    with target.open("w", encoding="utf-8", newline="") as fh:
        writer = csv.DictWriter(fh, fieldnames=list(rows[0]))
        writer.writeheader()
        writer.writerows(rows)
    return target


@pytest.mark.parametrize(
    ("kind", "name"),
    [
        ("fts", "fts/fts_incoming_funding_afg.csv"),
        ("fts", "fts/fts_internal_funding_afg.csv"),
        ("fts", "fts/fts_requirements_funding_cluster_afg.csv"),
        ("fts", "fts/custom-search-locationid-1-year-2020-page-3.json"),
        ("hno", "hno/afg_hpc_needs_api_2024.csv"),
        ("ipc", "ipc/ipc_afg_level1_long.csv"),
        ("ipc", "ipc/ipc_afg.geojson"),
    ],
)
def test_a_real_file_checks_clean_with_the_count_an_import_stores(
    workspace: Workspace, afg: Path, kind: str, name: str
) -> None:
    checked = check_file(workspace, kind, afg / name)
    assert checked.problems == ()
    assert stored(workspace) == 0
    assert checked.records == import_file(workspace, kind, afg / name).rows > 0


def _flows_csv(rows: list[dict[str, str]]) -> None:
    rows[2]["amountUSD"] = "12x"
    rows[5]["status"] = "promised"
    rows[9]["id"] = rows[8]["id"]


def _hno(rows: list[dict[str, str]]) -> None:
    rows[3]["In Need"] = "many"
    rows[40]["Admin 2 PCode"] = "AF9999"


def _ipc(rows: list[dict[str, str]]) -> None:
    rows[0]["Phase"] = "6"
    rows[7]["Level 1"] = "Atlantis"


@pytest.mark.parametrize(
    ("kind", "name", "edit", "expected"),
    [
        (
            "fts",
            "fts/fts_incoming_funding_afg.csv",
            _flows_csv,
            [
                (4, "'amountUSD': '12x'"),
                (7, "'promised'"),
                (11, "appears twice (first at line 10)"),
            ],
        ),
        ("hno", "hno/afg_hpc_needs_api_2024.csv", _hno, [(5, "'many'"), (42, "'AF9999'")]),
        ("ipc", "ipc/ipc_afg_level1_long.csv", _ipc, [(2, "'6'"), (9, "'Atlantis'")]),
    ],
)
def test_a_broken_csv_lists_every_bad_line(
    workspace: Workspace,
    afg: Path,
    tmp_path: Path,
    kind: str,
    name: str,
    edit: Callable[[list[dict[str, str]]], None],
    expected: list[tuple[int, str]],
) -> None:
    path = edit_csv(afg / name, tmp_path / Path(name).name, edit)
    checked = check_file(workspace, kind, path)
    assert [p.line for p in checked.problems] == [line for line, _ in expected]
    for problem, (_, said) in zip(checked.problems, expected, strict=True):
        assert said in problem.message
        assert problem.unit == "line"
    assert stored(workspace) == 0
    with pytest.raises(InputError):  # the import refuses the same file whole
        import_file(workspace, kind, path)
    assert stored(workspace) == 0


def test_a_broken_api_page_names_each_flow(workspace: Workspace, afg: Path, tmp_path: Path) -> None:
    page = json.loads((afg / "fts/custom-search-locationid-1-year-2020.json").read_text())
    page["data"]["flows"][3]["amountUSD"] = "abc"
    page["data"]["flows"][7]["date"] = "yesterday"
    path = tmp_path / "page.json"
    path.write_text(json.dumps(page))
    checked = check_file(workspace, "fts", path)
    assert [(p.unit, p.line) for p in checked.problems] == [("flow", 4), ("flow", 8)]
    assert "'abc' is not a number" in checked.problems[0].message
    assert "'yesterday' is not a date" in checked.problems[1].message


def test_a_broken_geojson_names_each_feature(
    workspace: Workspace, afg: Path, tmp_path: Path
) -> None:
    doc = json.loads((afg / "ipc/ipc_afg.geojson").read_text())
    doc["features"][0]["properties"]["title"] = "Atlantis"
    doc["features"][2]["properties"]["phase3_population"] = -5
    path = tmp_path / "areas.geojson"
    path.write_text(json.dumps(doc))
    checked = check_file(workspace, "ipc", path)
    assert [(p.unit, p.line) for p in checked.problems] == [("feature", 1), ("feature", 3)]


def test_iati_lists_every_bad_activity(workspace: Workspace, tmp_path: Path) -> None:
    text = IATI.read_text()
    assert check_file(workspace, "iati", IATI).records == 2
    broken = text.replace(">2000000<", ">2 million<").replace(">1500000<", ">lots<")
    broken = broken.replace('<transaction-type code="2"/>', "<transaction-type/>", 1)
    path = tmp_path / "bad.xml"
    path.write_text(broken)
    checked = check_file(workspace, "iati", path)
    assert [(p.unit, p.line) for p in checked.problems] == [("activity", 1), ("activity", 2)]
    twice = text.replace("</iati-activities>", text[text.index("<iati-activity ") :])
    twice = twice[: twice.rindex("</iati-activity>")] + "</iati-activity>\n</iati-activities>"
    (tmp_path / "twice.xml").write_text(twice)
    repeated = check_file(workspace, "iati", tmp_path / "twice.xml").problems
    assert len(repeated) == 2
    assert all("appears twice" in p.message for p in repeated)
    assert stored(workspace) == 0


def test_a_profile_is_refused_for_published_formats(workspace: Workspace, afg: Path) -> None:
    with pytest.raises(InputError, match="fixed format"):
        check_file(
            workspace, "hno", afg / "hno/afg_hpc_needs_api_2024.csv", profile=Profile(fixed={})
        )


def test_the_command_lists_the_problems_and_exits_2(
    workspace: Workspace, afg: Path, tmp_path: Path
) -> None:
    bad = edit_csv(afg / "fts/fts_incoming_funding_afg.csv", tmp_path / "in.csv", _flows_csv)
    good = afg / "hno/afg_hpc_needs_api_2024.csv"
    base = ["-w", str(workspace.path), "import"]
    result = runner.invoke(app, [*base, "fts", "--check", str(bad)])
    assert result.exit_code == 2
    assert f"{bad}, line 4: flow 226633: field 'amountUSD': '12x' is not a number" in (
        result.stdout
    )
    assert "3 problems found; nothing was imported" in result.stderr
    clean = runner.invoke(app, [*base, "hno", "--check", str(good)])
    assert clean.exit_code == 0, clean.stderr
    assert "931 records would be imported" in " ".join(clean.stdout.split())
    assert stored(workspace) == 0
