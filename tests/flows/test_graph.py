"""The flow graph, leakage tables, currency conversion and the report's summary."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from aidtrace.flows.graph import LeakageLevel, hops, leakage, loops
from aidtrace.flows.payments import ensure_payments
from aidtrace.flows.summary import NOT_REACHED, REACHED, flow_summary, province_figures
from aidtrace.ingest import get_importer
from aidtrace.progress import no_progress
from aidtrace.workspace import Workspace


def test_hops_compare_sent_with_reported(programme: tuple[Workspace, object]) -> None:
    ws = programme[0]
    by_hop = {(r["payer_org_id"], r["payee_org_id"]): r for r in hops(ws.engine).to_pylist()}
    gap = by_hop[("D1", "A2")]
    assert gap["reported_usd"] == pytest.approx(0.9 * gap["sent_usd"], rel=1e-6)
    honest = by_hop[("D2", "A1")]
    assert honest["reported_usd"] == pytest.approx(honest["sent_usd"], rel=1e-6)
    assert by_hop[("A1", "P2")]["reported_usd"] is None  # partners publish no IATI here


@pytest.mark.parametrize("level", list(LeakageLevel))
def test_leakage_tables_balance(programme: tuple[Workspace, object], level: LeakageLevel) -> None:
    table = leakage(programme[0].engine, level).to_pylist()
    assert table
    for row in table:
        assert row["gap_usd"] == pytest.approx(row["spent_usd"] - row["delivered_usd"])
    delivered = sum(r["delivered_usd"] for r in table)
    total = programme[0].engine.query("SELECT sum(value_usd) AS v FROM distributions")
    assert delivered == pytest.approx(total.column("v")[0].as_py())


def test_loops(programme: tuple[Workspace, object]) -> None:
    found = loops(programme[0].engine)
    assert [loop.orgs for loop in found] == [("P1", "S2")]
    assert found[0].usd == 19_000.0


def test_summary_has_sankey_and_provinces(programme: tuple[Workspace, object]) -> None:
    summary = flow_summary(programme[0].engine, max_per_role=3)
    ids = {n.id for n in summary.nodes}
    assert {"D1", "D2", "A1", "A2", REACHED} <= ids
    assert "other vendor" in ids  # twelve vendors fold into three plus "other"
    assert all(link.source in ids and link.target in ids for link in summary.links)
    assert all(link.usd > 0 for link in summary.links)
    assert NOT_REACHED not in ids  # every hand-over of the scenario was reached
    assert [p.province_code for p in summary.provinces] == ["AF01", "AF02", "AF03", "AF04"]
    assert all(p.usd_per_person_in_need > 0 for p in summary.provinces)


def test_summary_of_an_empty_workspace(workspace: Workspace) -> None:
    assert flow_summary(workspace.engine).links == []
    assert province_figures(workspace.engine) == []


def _csv(tmp_path: Path, name: str, text: str) -> Path:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


def test_conversion_uses_the_rate_of_the_day(workspace: Workspace, tmp_path: Path) -> None:
    fx = "#date,#currency,#value+usd\n2024-01-01,AFN,0.010\n2024-02-01,AFN,0.020\n"
    ledger = (
        "#txn+id,#date,#org+id+payer,#org+id+payee,#value,#currency\n"
        "early,2023-12-01,A,B,100,AFN\njan,2024-01-31,A,B,100,AFN\n"
        "feb,2024-02-01,A,B,100,AFN\nusd,2024-02-01,A,B,100,USD\nxyz,2024-02-01,A,B,100,XYZ\n"
    )
    get_importer("fx").load(workspace, _csv(tmp_path, "fx.csv", fx), no_progress)
    get_importer("ledger").load(workspace, _csv(tmp_path, "l.csv", ledger), no_progress)
    table = ensure_payments(workspace.engine)
    got = {
        r["txn_id"]: r["amount_usd"]
        for r in workspace.engine.query(f"SELECT txn_id, amount_usd FROM {table}").to_pylist()
    }
    assert got == {"early": 1.0, "jan": 1.0, "feb": 2.0, "usd": 100.0, "xyz": None}
    row = workspace.engine.query(f"SELECT week_start FROM {table} WHERE txn_id = 'jan'")
    assert row.column("week_start")[0].as_py() == dt.date(2024, 1, 29)


def test_people_paid_who_are_on_no_list(programme: tuple[Workspace, object]) -> None:
    from aidtrace.monitors import RunContext, get_monitor

    ws = programme[0]
    engine = ws.engine
    # Every person paid is on the lists but one (as the people importers would record them).
    engine.execute(
        "INSERT INTO people (person_id, kind, record_id, import_id) "
        "SELECT DISTINCT 'beneficiary:' || payee_person_id, 'beneficiary', payee_person_id, 'x' "
        "FROM ledger WHERE payee_person_id IS NOT NULL AND payee_person_id <> 'B7'"
    )
    try:
        alerts = list(get_monitor("flows.outside_parties").run(RunContext(ws)))
        people = [a for a in alerts if a.identity_key == "person paid"]
        assert [a.subject for a in people] == ["B7"]
        assert {a.subject for a in alerts} == {"B7", "ZZ-UNKNOWN"}
    finally:
        engine.execute("DELETE FROM people WHERE import_id = 'x'")
