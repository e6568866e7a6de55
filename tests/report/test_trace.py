"""The money trace balances: every organisation passes on, spends or keeps exactly what it
receives, every dollar ends in one place, and nothing is counted twice (on the demo-sized
scenario and on real FTS funding)."""

from __future__ import annotations

import re
from collections import defaultdict
from pathlib import Path

import pytest

from aidtrace.flows.payments import ensure_payments
from aidtrace.flows.summary import SankeyLink, SankeyNode
from aidtrace.ingest.imports import import_file
from aidtrace.report import build_report
from aidtrace.report.trace import (
    ENDS,
    LEAKED,
    NOT_REACHED,
    OUTSIDE,
    REACHED,
    RUNNING,
    UNREPORTED,
    Flows,
    Trace,
    _last_mile_leaks,
    _settle,
    fold,
    imbalances,
    money_trace,
)
from aidtrace.workspace import Workspace

People = tuple[Workspace, list[dict[str, str]]]


def _ends(trace: Trace) -> dict[str, float]:
    ends: dict[str, float] = defaultdict(float)
    for link in trace.links:
        if link.target in ENDS:
            ends[link.target] += link.usd
    return ends


def _sources(trace: Trace) -> float:
    roles = {n.id: n.role for n in trace.nodes}
    return sum(k.usd for k in trace.links if roles[k.source] in ("donor", "source"))


def test_the_demo_trace_conserves_money_at_every_node(people_workspace: People) -> None:
    ws, _ = people_workspace
    trace = money_trace(ws.engine)
    assert trace.source == "ledger"
    assert imbalances(trace.nodes, trace.links) == {}
    assert _sources(trace) == pytest.approx(sum(_ends(trace).values()), abs=1.0)
    assert all(k.usd > 0 for k in trace.links)
    middle = {n.id for n in trace.nodes if n.role not in ("donor", "source", "sink")}
    targets = {k.source for k in trace.links} & {k.target for k in trace.links}
    assert middle <= targets  # every organisation both receives and passes on or keeps


def test_salaries_are_running_costs_and_hand_overs_are_not_counted_twice(
    people_workspace: People,
) -> None:
    ws, _ = people_workspace
    trace = money_trace(ws.engine)
    ends = _ends(trace)
    payments = ensure_payments(ws.engine)
    paid = ws.engine.query(
        f"SELECT sum(amount_usd) FILTER (WHERE payee_org_id IS NULL AND purpose = 'salary') AS s, "
        f"sum(amount_usd) FILTER (WHERE payer_role = 'donor') AS d FROM {payments}"
    ).to_pylist()[0]
    assert ends[RUNNING] >= paid["s"] - 1.0  # every salary, plus logistics
    # What the donors gave is all the money there is, except what organisations held before.
    outside = sum(k.usd for k in trace.links if k.source == OUTSIDE)
    assert sum(ends.values()) == pytest.approx(paid["d"] + outside, abs=1.0)
    handed = ws.engine.query(
        "SELECT sum(value_usd) FILTER (WHERE reached) AS r, sum(value_usd) AS v FROM distributions"
    ).to_pylist()[0]
    # Reached and not reached keep the hand-over records' proportion, at the ledger's amounts.
    reached_share = ends[REACHED] / (ends[REACHED] + ends[NOT_REACHED])
    assert reached_share == pytest.approx(handed["r"] / handed["v"], abs=0.05)


def test_the_reports_diagram_balances_band_by_band(people_workspace: People) -> None:
    ws, _ = people_workspace
    html = build_report(ws)
    inflow: dict[str, float] = defaultdict(float)
    outflow: dict[str, float] = defaultdict(float)
    for source, target, usd in re.findall(
        r'data-source="([^"]+)" data-target="([^"]+)" data-usd="([0-9.]+)"', html
    ):
        outflow[source] += float(usd)
        inflow[target] += float(usd)
    middle = set(inflow) & set(outflow)
    assert len(middle) >= 10
    assert {
        n: round(inflow[n] - outflow[n]) for n in middle if abs(inflow[n] - outflow[n]) > 1.5
    } == {}
    assert "beyond ledger inflow" not in html
    assert "unaccounted" not in html
    for end in ENDS:
        assert f'data-end="{end}"' in html


@pytest.fixture
def fts_workspace(workspace: Workspace, shared_data: Path) -> Workspace:
    fts = shared_data / "real" / "afghanistan" / "fts"
    if not fts.exists():
        pytest.skip("the real FTS files are not beside the checkout")
    for name in ("fts_incoming_funding_afg.csv", "fts_internal_funding_afg.csv"):
        import_file(workspace, "fts", fts / name, lambda *_: None)
    return workspace


def test_real_fts_funding_conserves_money_at_every_node(fts_workspace: Workspace) -> None:
    trace = money_trace(fts_workspace.engine, max_per_role=1000)
    assert trace.source == "ledger"  # FTS's paid flows are imported as ledger payments
    assert imbalances(trace.nodes, trace.links) == {}
    funded = fts_workspace.engine.query(
        "SELECT sum(l.amount) AS usd FROM ledger l JOIN organisations o "
        "ON o.org_id = l.payer_org_id WHERE o.role = 'donor'"
    ).to_pylist()[0]["usd"]
    ends = _ends(trace)
    assert set(ends) == {UNREPORTED}  # FTS does not follow money to people
    outside = sum(k.usd for k in trace.links if k.source == OUTSIDE)
    assert ends[UNREPORTED] == pytest.approx(funded + outside, rel=1e-6)
    folded = fold(trace, 8)
    assert imbalances(folded.nodes, folded.links) == {}
    assert _ends(folded)[UNREPORTED] == pytest.approx(ends[UNREPORTED], rel=1e-6)
    html = build_report(fts_workspace, audience="donor")
    assert 'class="chart sankey"' in html
    assert "funds not in the data" in html  # CERF's own donors are not in these files


def test_folding_keeps_money_between_folded_organisations_inside_the_fold() -> None:
    nodes = (
        SankeyNode("D", "D", "donor"),
        SankeyNode("A", "A", "partner"),
        SankeyNode("B", "B", "partner"),
        SankeyNode("C", "C", "partner"),
        SankeyNode(UNREPORTED, UNREPORTED, "sink"),
    )
    links = (
        SankeyLink("D", "A", 100.0),
        SankeyLink("D", "B", 10.0),
        SankeyLink("B", "C", 6.0),  # B and C fold together; this stays inside
        SankeyLink("A", UNREPORTED, 100.0),
        SankeyLink("B", UNREPORTED, 4.0),
        SankeyLink("C", UNREPORTED, 6.0),
    )
    folded = fold(Trace(nodes, links, "test"), 1)
    assert {(k.source, k.target): k.usd for k in folded.links} == {
        ("D", "A"): 100.0,
        ("D", "other partner"): 10.0,
        ("A", UNREPORTED): 100.0,
        ("other partner", UNREPORTED): 10.0,
    }
    assert imbalances(folded.nodes, folded.links) == {}


def test_an_empty_workspace_has_nothing_to_trace(workspace: Workspace) -> None:
    trace = money_trace(workspace.engine)
    assert (trace.source, trace.nodes, trace.links) == ("", (), ())


def test_leaks_are_drawn_where_alerts_find_them() -> None:
    flows = Flows()
    flows.roles.update({"D": "donor", "A": "sub_partner", "CA": "cash_agent", "B": "partner"})
    for a, b, usd in (
        ("D", "A", 100.0), ("A", "CA", 100.0), ("CA", REACHED, 70.0), ("CA", NOT_REACHED, 30.0),
        ("D", "B", 50.0), ("B", REACHED, 30.0),
    ):  # fmt: skip
        flows.add(a, b, usd)
    unplaced = _settle(flows, {"A": 20.0, "B": 5.0}, frozenset(ENDS))
    assert unplaced == {"A": 20.0}  # A kept nothing back: the leak was further down
    _last_mile_leaks(flows, unplaced)
    links = {pair: usd for pair, usd in flows.links.items() if usd > 0}
    assert links[("B", LEAKED)] == 5.0
    assert links[("B", UNREPORTED)] == 15.0
    assert links[("CA", LEAKED)] == 20.0
    assert links[("CA", NOT_REACHED)] == 10.0
    nodes = [SankeyNode(n, n, r) for n, r in flows.roles.items()]
    assert imbalances(nodes, [SankeyLink(a, b, v) for (a, b), v in links.items()]) == {}
