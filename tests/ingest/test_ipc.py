"""IPC: the published long exports and area GeoJSON import whole; every area lands in its
province whatever the spelling (Hilmand/Helmand, Sari pul, "Hirat Urban", "Laghman c_3")."""

from __future__ import annotations

import csv
import json
from pathlib import Path

import pytest

from aidtrace.errors import InputError
from aidtrace.ingest.imports import import_file
from aidtrace.workspace import Workspace

IPC = Path("real/afghanistan/ipc")


def rows(path: Path) -> list[dict[str, str]]:
    with path.open(encoding="utf-8", newline="") as fh:
        return list(csv.DictReader(fh))


@pytest.mark.parametrize(
    ("name", "level"),
    [
        ("ipc_afg_national_long.csv", "national"),
        ("ipc_afg_level1_long.csv", "province"),
        ("ipc_afg_area_long.csv", "area"),
    ],
)
def test_long_exports_keep_every_row_and_total(
    workspace: Workspace, shared_data: Path, name: str, level: str
) -> None:
    expected = rows(shared_data / IPC / name)
    assert import_file(workspace, "ipc", shared_data / IPC / name).rows == len(expected)
    stored = workspace.engine.query(
        "SELECT count(*) AS n, sum(people) AS people FROM ipc_phases WHERE level = ?", (level,)
    ).to_pylist()[0]
    assert stored["n"] == len(expected)
    assert stored["people"] == sum(int(r["Number"] or 0) for r in expected)


@pytest.mark.parametrize(
    ("area", "province"),
    [
        ("Hilmand", "AF30"),
        ("Helmand", "AF30"),
        ("Sari pul", "AF22"),
        ("Hirat Urban", "AF32"),
        ("Laghman c_3", "AF07"),
        ("Panjsher", "AF08"),
        ("Cluster 3: Wakhan, Zebak", "AF17"),
    ],
)
def test_areas_resolve_to_their_province(
    workspace: Workspace, shared_data: Path, area: str, province: str
) -> None:
    import_file(workspace, "ipc", shared_data / IPC / "ipc_afg_area_long.csv")
    found = workspace.engine.query(
        "SELECT DISTINCT province_code FROM ipc_phases WHERE area = ?", (area,)
    ).to_pylist()
    assert found == [{"province_code": province}]


def test_every_area_of_the_export_has_a_province(workspace: Workspace, shared_data: Path) -> None:
    import_file(workspace, "ipc", shared_data / IPC / "ipc_afg_area_long.csv")
    missing = workspace.engine.query(
        "SELECT count(*) AS n FROM ipc_phases WHERE province_code IS NULL"
    ).to_pylist()
    assert missing == [{"n": 0}]


def test_area_geojson_gives_phases_per_area(workspace: Workspace, shared_data: Path) -> None:
    path = shared_data / IPC / "ipc_afg.geojson"
    features = json.loads(path.read_text())["features"]
    import_file(workspace, "ipc", path)
    stored = workspace.engine.query(
        "SELECT count(DISTINCT area) AS areas, sum(people) AS people FROM ipc_phases "
        "WHERE phase IN ('1', '2', '3', '4', '5')"
    ).to_pylist()[0]
    assert stored["areas"] == len(features)
    assert stored["people"] == sum(
        int(f["properties"].get(f"phase{p}_population") or 0) for f in features for p in "12345"
    )


HEADER = "Date of analysis,Country,Level 1,Area,Validity period,From,To,Phase,Number,Percentage\n"
GOOD = "Apr 2023,AFG,,Kabul,current,2023-04-01,2023-04-30,3+,10,0.1\n"


@pytest.mark.parametrize(
    ("row", "message"),
    [
        ("Apr 2023,AFG,,Atlantis,current,,,3+,10,0.1\n", "'Atlantis' is not a known province"),
        ("Apr 2023,AFG,,Kabul,current,,,6,10,0.1\n", "'Phase'"),
        ("April,AFG,,Kabul,current,,,3+,10,0.1\n", "'Date of analysis'"),
        ("Apr 2023,AFG,,Kabul,current,,,3+,many,0.1\n", "'Number'"),
    ],
)
def test_a_bad_row_fails_the_file(
    workspace: Workspace, tmp_path: Path, row: str, message: str
) -> None:
    path = tmp_path / "ipc.csv"
    path.write_text(HEADER + GOOD + row)
    with pytest.raises(InputError) as caught:
        import_file(workspace, "ipc", path)
    assert message in caught.value.message
    assert caught.value.record == 3
    assert workspace.engine.query("SELECT count(*) AS n FROM ipc_phases").to_pylist() == [{"n": 0}]
