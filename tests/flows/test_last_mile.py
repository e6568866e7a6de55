"""The last-mile check: spending on aid (running costs left out) against what reached people,
one alert per cause — a shortfall that the payer's procurement findings explain is theirs, one
that hand-overs never seen explain is the hand-over monitors', and only an unexplained one is
a leakage alert of its own — and a peer bar that does not collapse when peers bunch."""

from __future__ import annotations

from collections import Counter
from pathlib import Path

import duckdb
import pytest

from aidtrace.flows.detectors import last_mile
from aidtrace.flows.detectors.last_mile import (
    Finding,
    Thresholds,
    mad_sigma,
    robust_bar,
    shortfalls,
    spreads,
)
from aidtrace.flows.graph import nodes_sql
from aidtrace.ingest.registry import get_importer
from aidtrace.monitors import RunContext
from aidtrace.pipeline import run_monitors
from aidtrace.progress import no_progress
from aidtrace.workspace import Workspace
from flows.scenario import Scenario


def node(org: str, spent: float, delivered: float, unseen: float = 0.0) -> dict[str, object]:
    return {
        "org_id": org,
        "role": "sub_partner",
        "aid_spent_usd": spent,
        "delivered_usd": delivered,
        "not_reached_usd": unseen,
    }


def world(unseen: float = 0.0) -> list[dict[str, object]]:
    """Ten peers handing over 88-92 % of what they spend on aid, and X: 30 % of US$30,000."""
    peers = [node(f"S{i}", 10_000.0, 8_800.0 + 50 * i) for i in range(10)]
    return [*peers, node("X", 30_000.0, 9_000.0, unseen)]


SPLIT = Finding("split_payment", "T1,T2,T3", "X", 20_000.0)


@pytest.mark.parametrize(
    ("unseen", "found", "short", "explained_by"),
    [
        (0.0, [], ["X"], []),  # nothing explains it: a leakage alert
        (0.0, [SPLIT], ["X"], ["split_payment"]),  # the split's money makes it: the split's
        (0.0, [Finding("overpriced_vendor", "V1", "X", 2_000.0)], ["X"], []),  # too little
        (0.0, [Finding("split_payment", "T9", "S1", 20_000.0)], ["X"], []),  # another payer's
        (19_000.0, [], [], []),  # hand-overs recorded, never seen: the ghost monitors' finding
    ],
)
def test_one_alert_per_cause(
    unseen: float, found: list[Finding], short: list[str], explained_by: list[str]
) -> None:
    got = shortfalls(world(unseen), found, Thresholds())
    assert [s.org_id for s in got] == short
    assert [f.kind for s in got for f in s.explained_by] == explained_by


def test_findings_do_not_move_the_peers() -> None:
    """The peers' median is read on ordinary spending: planted-looking purchases at three
    payers neither drag the median down nor hide the fourth, unexplained one."""
    rows = [node(f"S{i}", 10_000.0, 9_000.0 + 20 * i) for i in range(7)]
    rows += [node(f"B{i}", 30_000.0, 9_000.0) for i in range(3)] + [node("X", 30_000.0, 9_000.0)]
    found = [Finding("split_payment", f"T{i}", f"B{i}", 20_000.0) for i in range(3)]
    got = {s.org_id: bool(s.explained_by) for s in shortfalls(rows, found, Thresholds())}
    assert got == {"B0": True, "B1": True, "B2": True, "X": False}
    assert shortfalls(rows, found, Thresholds())[0].peer_median_share > 0.85


def test_bunched_peers_keep_a_spread() -> None:
    """Seven peers at one share: the MAD is nothing, the rest of the population's spread is
    not. A share a little under the bunch (0.88) stays among its peers; one well under (0.80)
    stands out, judged against the others' spread, not widened by its own distance."""
    shares = [0.9] * 7 + [0.88, 0.8, 0.95]
    assert mad_sigma(shares) == 0.0
    assert robust_bar(shares, 0.0, 4.0) == (0.9, 0.0)  # the MAD alone: every one stands out
    assert min(spreads(shares)) > 0.0
    rows = [node(f"S{i}", 10_000.0, 10_000.0 * v) for i, v in enumerate(shares)]
    assert [s.org_id for s in shortfalls(rows, [], Thresholds(min_excess=0.0))] == ["S8"]


@pytest.mark.parametrize(
    ("payee", "payee_role", "person", "purpose", "aid"),
    [
        ("V1", "vendor", None, "food_in_kind", True),
        ("C1", "cash_agent", None, "cash_transfer", True),
        (None, None, "B000000001", "", True),  # a person handed cash directly
        (None, None, "S000001", "salary", False),  # staff on the payroll: running cost
        ("V2", "vendor", None, "Rent", False),  # compared lower-cased
        ("V3", "vendor", None, "logistics", False),
        ("S2", "sub_partner", None, "grant", False),  # passed on, not spent on aid
    ],
)
def test_aid_spending_leaves_running_costs_out(
    payee: str | None, payee_role: str | None, person: str | None, purpose: str, aid: bool
) -> None:
    db = duckdb.connect()
    db.execute("CREATE TABLE organisations AS SELECT 'S1' AS org_id, 'sub_partner' AS role, "
               "NULL AS parent_org_id, 'AF01' AS province_code")  # fmt: skip
    db.execute("CREATE TABLE distributions AS SELECT 'S1' AS partner_org_id, TRUE AS reached, "
               "90.0 AS value_usd")  # fmt: skip
    db.execute(
        "CREATE TABLE payments AS SELECT 'S1' AS payer_org_id, ? AS payee_org_id, "
        "? AS payee_role, ? AS payee_person_id, ? AS purpose, 100.0 AS amount_usd",
        [payee, payee_role, person, purpose],
    )
    (row,) = db.execute(nodes_sql("payments")).fetchall()
    names = [d[0] for d in db.description]
    got = dict(zip(names, row, strict=True))
    assert got["passed_on_usd"] == 100.0
    assert got["aid_spent_usd"] == (100.0 if aid else 0.0)


# The monitors that read the procurement findings: leakage's last mile, and the three whose
# alerts carry the shortfalls they explain.
READERS = ("flows.retention", "flows.unit_prices", "flows.duplicate_invoices",
           "flows.split_payments")  # fmt: skip


def test_the_findings_are_worked_out_once_per_run(
    programme: tuple[Workspace, Scenario], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    ws, scenario = programme
    calls: Counter[str] = Counter()

    def counted(kind: str, finder: last_mile.Finder) -> last_mile.Finder:
        def finding(ctx: RunContext) -> list[Finding]:
            calls[kind] += 1
            return list(finder(ctx))

        return finding

    for kind, finder in sorted(last_mile._FINDERS.items()):
        monkeypatch.setitem(last_mile._FINDERS, kind, counted(kind, finder))
    first = run_monitors(ws, READERS).per_monitor
    assert calls == {kind: 1 for kind in last_mile._FINDERS}
    again = run_monitors(ws, READERS).per_monitor
    assert again == {name: (seen, 0) for name, (seen, _) in first.items()}  # the same alerts
    assert calls == {kind: 1 for kind in last_mile._FINDERS}  # nothing imported since
    fx = tmp_path / "fx.csv"  # a rate for a day after the programme: a new import
    fx.write_text("\n".join([*scenario.write(tmp_path)["fx"].read_text().splitlines()[:2],
                             "2030-01-06,AFN,0.0125"]) + "\n")  # fmt: skip
    get_importer("fx").load(ws, fx, no_progress)
    run_monitors(ws, READERS)
    assert calls == {kind: 2 for kind in last_mile._FINDERS}


def test_the_kept_findings_are_the_findings(programme: tuple[Workspace, Scenario]) -> None:
    ws, _ = programme
    ctx = RunContext(ws)
    kept = last_mile.findings(ctx)
    assert kept == last_mile.findings(ctx)
    found = [f for kind in sorted(last_mile._FINDERS) for f in last_mile._FINDERS[kind](ctx)]
    assert kept == sorted(found, key=lambda f: (f.payer, f.kind, f.key))
    assert kept  # the programme plants procurement findings
