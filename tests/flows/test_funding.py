"""flows.funding on FTS data: what the published Afghan flows raise (figures recomputed here from
the files), and each check on small generated exports."""

from __future__ import annotations

import csv
import json
from pathlib import Path

import pytest

from aidtrace.alerts.model import Alert
from aidtrace.errors import MissingInput
from aidtrace.ingest.imports import import_file
from aidtrace.monitors import RunContext, get_monitor
from aidtrace.workspace import Workspace

AFG = Path("real/afghanistan/fts")
PAGES = (
    "custom-search-locationid-1-year-2020.json",
    "custom-search-locationid-1-year-2020-page-2.json",
    "custom-search-locationid-1-year-2020-page-3.json",
)
AHF = "Afghanistan Humanitarian Fund"


def alerts(ws: Workspace, **params: object) -> list[Alert]:
    monitor = get_monitor("flows.funding")
    return list(monitor.run(RunContext(ws, params)))


def of_kind(found: list[Alert], kind: str) -> dict[str, Alert]:
    return {a.subject: a for a in found if a.kind == kind}


def read_csv(path: Path) -> list[dict[str, str]]:
    with path.open(encoding="utf-8", newline="") as fh:
        return list(csv.DictReader(fh))


def test_nothing_to_check_without_fts_flows(workspace: Workspace) -> None:
    with pytest.raises(MissingInput):
        alerts(workspace)


def test_the_pooled_fund_passes_on_more_than_is_recorded_reaching_it(
    workspace: Workspace, shared_data: Path
) -> None:
    flows = []
    for name in ("fts_incoming_funding_afg.csv", "fts_internal_funding_afg.csv"):
        import_file(workspace, "fts", shared_data / AFG / name)
        flows += read_csv(shared_data / AFG / name)
    funded = [f for f in flows if f["status"] in ("commitment", "paid")]
    received = sum(float(f["amountUSD"]) for f in funded if f["destOrganization"] == AHF)
    passed = sum(
        float(f["amountUSD"])
        for f in funded
        if f["srcOrganization"] == AHF and f["boundary"] == "internal"
    )
    assert passed > received  # the published data itself, read without aidtrace
    alert = of_kind(alerts(workspace), "passes_on_more_than_received")[AHF]
    assert alert.evidence["passed_on_usd"] == pytest.approx(passed)
    assert alert.evidence["received_usd"] == pytest.approx(received)


def test_child_flows_are_reconciled_with_their_parent(
    workspace: Workspace, shared_data: Path
) -> None:
    flows = []
    for page in PAGES:
        import_file(workspace, "fts", shared_data / AFG / page)
        flows += json.loads((shared_data / AFG / page).read_text())["data"]["flows"]
    by_id = {f["id"]: f for f in flows}
    found = alerts(workspace)
    exceeding = of_kind(found, "child_flows_exceed_parent")
    expected = {
        f["id"]
        for f in flows
        if f["childFlowIds"]
        and f["amountUSD"] > 0
        and sum(by_id[str(c)]["amountUSD"] for c in f["childFlowIds"] if str(c) in by_id)
        > 1.01 * f["amountUSD"]
    }
    assert set(exceeding) == expected
    assert "208329" in expected
    children = sum(by_id[str(c)]["amountUSD"] for c in by_id["208329"]["childFlowIds"])
    assert exceeding["208329"].evidence["children_usd"] == pytest.approx(children)
    missing = of_kind(found, "child_flows_missing")
    assert set(missing) == {
        f["id"]
        for f in flows
        if f["childFlowIds"] and any(str(c) not in by_id for c in f["childFlowIds"])
    }


def test_unpaid_commitments_are_gathered_per_donor(workspace: Workspace, shared_data: Path) -> None:
    name = "fts_incoming_funding_afg.csv"
    import_file(workspace, "fts", shared_data / AFG / name)
    rows = read_csv(shared_data / AFG / name)
    as_of = max(max(r["updatedAt"], r["date"]) for r in rows)
    unpaid = [
        r
        for r in rows
        if r["status"] == "commitment"
        and float(r["amountUSD"]) > 0
        and r["destUsageYearEnd"]
        and int(r["destUsageYearEnd"]) < int(as_of[:4])
    ]
    found = of_kind(alerts(workspace, min_age_days=0), "commitment_unpaid")
    assert set(found) == {r["srcOrganization"] for r in unpaid}
    echo = "European Commission's Humanitarian Aid and Civil Protection Department"
    assert found[echo].evidence["committed_usd"] == pytest.approx(
        sum(float(r["amountUSD"]) for r in unpaid if r["srcOrganization"] == echo)
    )


HEADER = (
    "id,date,updatedAt,amountUSD,srcOrganization,destOrganization,status,boundary,"
    "originalAmount,originalCurrency,exchangeRate,destUsageYearStart,destUsageYearEnd,"
    "destLocations,description\n"
)


def export(tmp_path: Path, *lines: str) -> Path:
    path = tmp_path / "flows.csv"
    path.write_text(HEADER + "".join(f"{line}\n" for line in lines))
    return path


@pytest.mark.parametrize(
    ("lines", "kind", "subjects"),
    [
        (
            [
                "1,2019-01-10,2021-03-01,100000,Donor A,Agency B,pledge,incoming,,,,2019,2019,AFG,",
                "2,2019-01-10,2021-03-01,50000,Donor C,Agency B,pledge,incoming,,,,2019,2019,AFG,",
                "3,2019-06-10,2021-03-01,50000,Donor C,Agency B,commitment,incoming,,,,2019,2019,,",
            ],
            "pledge_uncommitted",
            {"Donor A"},
        ),
        (
            [
                "1,2020-02-01,2021-03-01,606796,Donor,Agency,paid,incoming,500000,EUR,0.824,,,,",
                "2,2020-02-01,2021-03-01,500000,Donor,Agency,paid,incoming,500000,EUR,0.824,,,,",
                "3,2020-02-01,2021-03-01,412000,Donor,Agency,paid,incoming,500000,EUR,0.824,,,,",
            ],
            "exchange_rate_mismatch",
            {"2", "3"},
        ),
        (
            [
                "1,2020-02-01,2021-03-01,1000000,Donor A,Fund F,paid,incoming,,,,2020,2020,,",
                "2,2020-03-01,2021-03-01,600000,Fund F,NGO N,paid,internal,,,,2020,2020,,",
                "3,2020-03-01,2021-03-01,300000,Agency B,NGO N,paid,internal,,,,2020,2020,,",
                "4,2020-04-01,2021-03-01,300000,Fund F,NGO M,paid,internal,,,,2020,2020,,",
            ],
            "passes_on_more_than_received",
            {"Agency B"},
        ),
        (
            [
                '1,2020-02-01,2021-03-01,1000,Donor,Agency,paid,incoming,,,,2020,2020,"AFG,Atlantis",',
                "2,2020-02-01,2021-03-01,1000,Donor,Agency,paid,incoming,,,,2020,2020,AFG,",
            ],
            "place_unresolved",
            {"1"},
        ),
    ],
)
def test_each_check_on_a_small_export(
    workspace: Workspace, tmp_path: Path, lines: list[str], kind: str, subjects: set[str]
) -> None:
    import_file(workspace, "fts", export(tmp_path, *lines))
    assert set(of_kind(alerts(workspace), kind)) == subjects


def test_an_inverted_rate_is_named(workspace: Workspace, tmp_path: Path) -> None:
    line = "3,2020-02-01,2021-03-01,412000,Donor A,Agency B,paid,incoming,500000,EUR,0.824,,,,"
    import_file(workspace, "fts", export(tmp_path, line))
    alert = of_kind(alerts(workspace), "exchange_rate_mismatch")["3"]
    assert alert.evidence["rate_inverted"] is True
    assert "inverted" in alert.summary
