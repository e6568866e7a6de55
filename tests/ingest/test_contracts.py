"""Partners' contract lists import as written: Mar/19/2014 dates, no currency column, names."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from aidtrace.errors import InputError
from aidtrace.ingest.imports import check_file, import_file
from aidtrace.ingest.profiles import Profile
from aidtrace.workspace import Workspace

# A contracts list as a partner keeps it: no hashtags, US-style dates with month names,
# amounts with thousands separators, places by name and no currency column.
LIST = (
    "Project ID,Implementing Partner,Contractor,Signed Date,Start Date,Planned End Date,"
    "Actual End Date,Contract Amount,Province,District\n"
    "P-001,Afghan Aid,Kabul Construction Co.,Mar/19/2014,Apr/01/2014,Dec/31/2014,Jan/15/2015,"
    '"1,250,000",Kabul,Paghman\n'
    "P-002,Afghan Aid,Kabul Constrution Company,Mar/25/2014,Mar/20/2014,Sep/30/2014,,"
    '"980,500",Herat,Injil\n'
    "P-003,Afghan Aid,Herat Builders,Apr/02/2014,May/01/2014,Nov/30/2014,Oct/01/2014,"
    '"2,000,000",Faryab,Kohistan\n'
)
AFN = Profile(fixed={"currency": "AFN"})


def write(tmp_path: Path, text: str, name: str = "contracts [final].csv") -> Path:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


def test_a_partner_contracts_list_imports_with_a_fixed_currency(
    workspace: Workspace, tmp_path: Path
) -> None:
    path = write(tmp_path, LIST)
    with pytest.raises(InputError, match="required columns not found: currency"):
        import_file(workspace, "contracts", path)
    result = import_file(workspace, "contracts", path, profile=AFN)
    assert result.rows == 3
    rows = workspace.engine.query(
        "SELECT project_id, contractor, signed_on, started_on, actual_end, cost, currency, "
        "province_code, district_code FROM contracts ORDER BY project_id"
    ).to_pylist()
    assert rows[0] == {
        "project_id": "P-001",
        "contractor": "Kabul Construction Co.",
        "signed_on": dt.date(2014, 3, 19),
        "started_on": dt.date(2014, 4, 1),
        "actual_end": dt.date(2015, 1, 15),
        "cost": 1_250_000.0,
        "currency": "AFN",
        "province_code": "AF01",
        "district_code": "AF0102",
    }
    assert [r["district_code"] for r in rows] == ["AF0102", "AF3202", "AF2910"]
    assert rows[1]["actual_end"] is None


def test_check_lists_every_problem_and_writes_nothing(workspace: Workspace, tmp_path: Path) -> None:
    bad = LIST.replace('"980,500"', "12x").replace("Faryab,Kohistan", ",Kohistan")
    checked = check_file(workspace, "contracts", write(tmp_path, bad), profile=AFN)
    assert [(p.line, p.value) for p in checked.problems] == [(3, "12x"), (4, "Kohistan")]
    assert workspace.engine.query("SELECT count(*) AS n FROM contracts").to_pylist() == [{"n": 0}]


def test_a_revised_list_replaces_the_same_contracts(workspace: Workspace, tmp_path: Path) -> None:
    import_file(workspace, "contracts", write(tmp_path, LIST), profile=AFN)
    revised = LIST.replace('"2,000,000"', '"2,100,000"')
    import_file(workspace, "contracts", write(tmp_path, revised, "revised.csv"), profile=AFN)
    costs = workspace.engine.query(
        "SELECT project_id, cost FROM contracts ORDER BY project_id"
    ).to_pylist()
    assert [c["cost"] for c in costs] == [1_250_000.0, 980_500.0, 2_100_000.0]


def test_fts_files_cannot_take_a_profile(workspace: Workspace, tmp_path: Path) -> None:
    with pytest.raises(InputError, match="fixed format"):
        import_file(workspace, "fts", write(tmp_path, "a\n1\n"), profile=AFN)
    with pytest.raises(InputError, match="fixed format"):
        check_file(workspace, "fts", write(tmp_path, "a\n1\n"), profile=AFN)


def test_a_dari_list_with_solar_hijri_dates_and_persian_digits(
    workspace: Workspace, tmp_path: Path
) -> None:
    text = (
        "شماره پروژه,موسسه همکار,قراردادی,تاریخ امضا,تاریخ شروع,مبلغ قرارداد,ولایت\n"
        'P-301,Afghan Aid,شرکت ساختمانی کابل,۱۴۰۲/۰۷/۱۵,۱۴۰۲/۰۷/۲۰,"۱٬۲۵۰٬۰۰۰",هرات\n'
        'P-302,Afghan Aid,شرکت ساختمانی کابل,1402/08/01,1402/07/25,"۳۰۰,۰۰۰",بلخ\n'
    )
    import_file(workspace, "contracts", write(tmp_path, text, "dari.csv"), profile=AFN)
    rows = workspace.engine.query(
        "SELECT signed_on, started_on, cost, province_code FROM contracts ORDER BY project_id"
    ).to_pylist()
    assert rows == [
        # 15 Mehr 1402 is 7 October 2023; 1 Aban 1402 is 23 October 2023
        {"signed_on": dt.date(2023, 10, 7), "started_on": dt.date(2023, 10, 12),
         "cost": 1_250_000.0, "province_code": "AF32"},
        {"signed_on": dt.date(2023, 10, 23), "started_on": dt.date(2023, 10, 17),
         "cost": 300_000.0, "province_code": "AF21"},
    ]  # fmt: skip
