"""Equity on published need: HNO people in need and IPC phase 3+ as denominators, and FTS
funding per province against them."""

from __future__ import annotations

import csv
from pathlib import Path

import pytest

from aidtrace.flows.equity import Basis, district_equity, province_funding
from aidtrace.ingest.imports import import_file
from aidtrace.monitors import RunContext, get_monitor
from aidtrace.store.duckdb_engine import DuckDBEngine
from aidtrace.workspace import Workspace

HNO = Path("real/afghanistan/hno/afg_hpc_needs_api_2024.csv")
IPC = Path("real/afghanistan/ipc/ipc_afg_area_long.csv")

NEEDS = "#adm1+code,#adm2+code,#inneed\n" + "".join(
    f"{d[:4]},{d},1000\n" for d in ("AF0101", "AF0102", "AF0201", "AF0202")
)
IPC_ROWS = (
    "Date of analysis,Country,Level 1,Area,Validity period,From,To,Phase,Number,Percentage\n"
    "Apr 2023,AFG,,Kabul,current,,,3+,1000,0.1\n"
    "Apr 2023,AFG,,Kapisa,current,,,3+,9000,0.9\n"
)


def distributions() -> str:
    lines = ["#activity+id,#date,#org+id,#household+id,#adm2+code,#value,#reached"]
    for d in ("AF0101", "AF0102", "AF0201", "AF0202"):
        lines += [f"{d}-{i},2023-05-01,NGO,{d}-h{i},{d},10,1" for i in range(50)]
    return "\n".join(lines) + "\n"


def write(tmp_path: Path, name: str, text: str) -> Path:
    path = tmp_path / name
    path.write_text(text)
    return path


@pytest.mark.parametrize(("basis", "kabul", "kapisa"), [(Basis.NEED, 50, 50), (Basis.IPC3, 10, 90)])
def test_ipc_phase_3_population_weighs_districts_once_imported(
    workspace: Workspace, tmp_path: Path, basis: Basis, kabul: float, kapisa: float
) -> None:
    import_file(workspace, "needs", write(tmp_path, "needs.csv", NEEDS))
    import_file(workspace, "distributions", write(tmp_path, "d.csv", distributions()))
    assert district_equity(workspace.engine, Basis.IPC3) == []  # nothing imported yet
    import_file(workspace, "ipc", write(tmp_path, "ipc.csv", IPC_ROWS))
    expected = {d.district_code: d.expected for d in district_equity(workspace.engine, basis)}
    assert expected["AF0101"] == pytest.approx(kabul)
    assert expected["AF0201"] == pytest.approx(kapisa)


FLOWS = (
    "id,date,amountUSD,srcOrganization,destOrganization,status,boundary,description\n"
    "1,2020-01-05,1000000,Donor,Fund,paid,incoming,Pooled funding for Ghor Province\n"
    '2,2020-02-05,300000,Fund,NGO N,paid,internal,"Winterization in Kapisa, Parwan, Faryab"\n'
    "3,2020-02-05,100000,Fund,NGO M,paid,internal,Food in Ghor Province\n"
    "4,2020-02-05,70000,Fund,NGO M,pledge,internal,Food in Ghor Province\n"
    "5,2020-02-05,5000,Fund,NGO M,paid,internal,Nationwide coordination\n"
)


def test_funding_is_split_among_named_provinces_and_counted_once(
    workspace: Workspace, tmp_path: Path
) -> None:
    import_file(workspace, "fts", write(tmp_path, "flows.csv", FLOWS))
    funded = {p.province_code: p.funded_usd for p in province_funding(workspace.engine)}
    # the incoming flow to the fund is passed on, so only the fund's grants count
    assert funded == {"AF02": 100000, "AF03": 100000, "AF29": 100000, "AF23": 100000}


def test_published_need_and_ipc_per_province(workspace: Workspace, shared_data: Path) -> None:
    import_file(workspace, "hno", shared_data / HNO)
    import_file(workspace, "ipc", shared_data / IPC)
    with (shared_data / HNO).open(encoding="utf-8", newline="") as fh:
        kabul_pin = next(
            int(r["In Need"])
            for r in csv.DictReader(fh)
            if r["Admin 1 PCode"] == "AF01" and r["Cluster"] == "ALL" and r["Category"] == "total"
        )
    with (shared_data / IPC).open(encoding="utf-8", newline="") as fh:
        rows = [
            r
            for r in csv.DictReader(fh)
            if r["Date of analysis"] == "Mar 2021" and r["Validity period"] == "current"
        ]
    hirat = sum(int(r["Number"]) for r in rows if r["Phase"] == "3+" and "Hirat" in r["Area"])
    found = {p.province_code: p for p in province_funding(workspace.engine, "2021-03-31")}
    assert found["AF01"].people_in_need == kabul_pin
    assert found["AF32"].ipc3_people == hirat
    assert found["AF32"].ipc_month == "2021-03-01"
    assert len(found) == 34


def test_the_equity_monitor_weighs_by_ipc_once_imported(
    workspace: Workspace, tmp_path: Path
) -> None:
    districts = [f"AF01{i:02d}" for i in range(1, 9)] + ["AF0301"]
    needs = "#adm1+code,#adm2+code,#inneed\n" + "".join(f"{d[:4]},{d},1000\n" for d in districts)
    handed = ["#activity+id,#date,#org+id,#household+id,#adm2+code,#value,#reached"]
    handed += [f"{d}-{i},2023-05-01,NGO,{d}-h{i},{d},10,1" for d in districts for i in range(50)]
    ipc = IPC_ROWS.replace("Kapisa,current,,,3+,9000", "Parwan,current,,,3+,5000").replace(
        "Kabul,current,,,3+,1000", "Kabul,current,,,3+,800"
    )
    import_file(workspace, "needs", write(tmp_path, "needs.csv", needs))
    import_file(workspace, "distributions", write(tmp_path, "d.csv", "\n".join(handed) + "\n"))
    monitor = get_monitor("flows.equity")
    assert list(monitor.run(RunContext(workspace))) == []  # equal need, equal delivery
    import_file(workspace, "ipc", write(tmp_path, "ipc.csv", ipc))
    found = [(a.kind, a.subject, a.identity_key) for a in monitor.run(RunContext(workspace))]
    assert found == [("underserved_district", "AF0301", "ipc3")]


def test_an_engine_without_ipc_tables_still_tests_need(
    workspace: Workspace, tmp_path: Path
) -> None:
    import_file(workspace, "needs", write(tmp_path, "needs.csv", NEEDS))
    import_file(workspace, "distributions", write(tmp_path, "d.csv", distributions()))
    bare = DuckDBEngine.open(None)  # programme tables only, as a Spark session holds them
    try:
        for table in ("needs", "distributions"):
            bare.register(table, workspace.engine.query(f"SELECT * FROM {table}"))
        assert len(district_equity(bare, Basis.NEED)) == 4
        assert district_equity(bare, Basis.IPC3) == []
    finally:
        bare.close()
