"""HNO caseload: the published 2024 caseload imports whole, district totals become needs, and
P-codes are checked against the gazetteer."""

from __future__ import annotations

import csv
from pathlib import Path

import pytest

from aidtrace.errors import InputError
from aidtrace.ingest.imports import import_file
from aidtrace.workspace import Workspace

HNO = "real/afghanistan/hno/afg_hpc_needs_api_2024.csv"
HEADER = (
    "Admin 1 PCode,Admin 1 Name,Admin 2 PCode,Admin 2 Name,Description,Cluster,Category,"
    "Population,In Need,Targeted,Affected,Reached,Info\n"
)


def rows(path: Path) -> list[dict[str, str]]:
    with path.open(encoding="utf-8", newline="") as fh:
        return list(csv.DictReader(fh))


def test_the_published_caseload_imports_whole(workspace: Workspace, shared_data: Path) -> None:
    expected = rows(shared_data / HNO)
    assert import_file(workspace, "hno", shared_data / HNO).rows == len(expected)
    stored = workspace.engine.query(
        "SELECT count(*) AS n, sum(in_need) AS pin, sum(targeted) AS t FROM hno_caseload"
    ).to_pylist()[0]
    assert stored["n"] == len(expected)
    assert stored["pin"] == sum(int(r["In Need"] or 0) for r in expected)
    assert stored["t"] == sum(int(r["Targeted"] or 0) for r in expected)
    national = workspace.engine.query(
        "SELECT population, in_need, targeted FROM hno_caseload "
        "WHERE admin1_code IS NULL AND admin2_code IS NULL AND cluster = 'ALL'"
    ).to_pylist()
    assert national == [{"population": 44532600, "in_need": 23666389, "targeted": 17327995}]


def test_district_totals_become_needs(workspace: Workspace, shared_data: Path) -> None:
    expected = [
        r
        for r in rows(shared_data / HNO)
        if r["Admin 2 PCode"] and r["Cluster"] == "ALL" and r["Category"] == "total"
    ]
    import_file(workspace, "hno", shared_data / HNO)
    needs = workspace.engine.query(
        "SELECT district_code, province_code, province, people_in_need FROM needs"
    ).to_pylist()
    assert needs == [
        {
            "district_code": r["Admin 2 PCode"],
            "province_code": r["Admin 2 PCode"][:4],
            "province": "Kabul",
            "people_in_need": int(r["In Need"]),
        }
        for r in expected
    ]


@pytest.mark.parametrize(
    ("row", "message"),
    [
        ("AF99,Nowhere,,,x,ALL,total,,5,5,,,\n", "'AF99' is not an Afghan province"),
        ("AF01,Hirat,,,x,ALL,total,,5,5,,,\n", "'AF01' is Kabul, but the row names 'Hirat'"),
        (",Atlantis,,,x,ALL,total,,5,5,,,\n", "'Atlantis' is not a known province"),
        ("AF01,Kabul,,,x,ALL,total,,lots,5,,,\n", "'In Need'"),
        ("AF01,Kabul,,,x,,total,,5,5,,,\n", "'Cluster'"),
    ],
)
def test_a_bad_row_names_its_line_and_column(
    workspace: Workspace, tmp_path: Path, row: str, message: str
) -> None:
    path = tmp_path / "hno.csv"
    path.write_text(HEADER + "AF01,Kabul,,,x,ALL,total,,5,5,,,\n" + row)
    with pytest.raises(InputError) as caught:
        import_file(workspace, "hno", path)
    assert message in caught.value.message
    assert caught.value.record == 3
    count = workspace.engine.query("SELECT count(*) AS n FROM hno_caseload").to_pylist()
    assert count == [{"n": 0}]
