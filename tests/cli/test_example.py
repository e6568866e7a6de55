"""`aidtrace example afghanistan`: the published Afghan files imported into a fresh workspace,
every monitor run, and the money, the clusters, the provinces and the alerts shown."""

from __future__ import annotations

import csv
import datetime as dt
import json
import re
from pathlib import Path
from typing import Any

import pytest
from typer.testing import CliRunner

from aidtrace.cli import app
from aidtrace.errors import InputError
from aidtrace.example import find_data, run_afghanistan
from aidtrace.report.palette import BLUES, NO_DATA

runner = CliRunner()


@pytest.fixture
def afg(shared_data: Path) -> Path:
    return shared_data / "real" / "afghanistan"


def test_the_run_shows_the_published_money_and_what_it_raises(
    tmp_path: Path, afg: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("COLUMNS", "400")
    with (afg / "fts" / "fts_incoming_funding_afg.csv").open(encoding="utf-8") as fh:
        incoming = list(csv.DictReader(fh))
    paid = [r for r in incoming if r["status"] == "paid"]
    target = tmp_path / "afg"
    result = runner.invoke(app, ["example", "afghanistan", "-w", str(target), "--data", str(afg)])
    assert result.exit_code == 0, result.stdout + result.stderr
    out = result.stdout
    paid_usd = sum(float(r["amountUSD"]) for r in paid)
    assert f"incoming paid: US${paid_usd:,.0f} in {len(paid)} flows" in out
    assert "fts_internal_funding_afg.csv" in out
    assert "Food Security" in out  # a cluster against its requirement
    assert "Hirat (AF32)" in out  # a province with funding and IPC 3+ people
    assert "passes_on_more_than_received" in out
    assert "pledge_uncommitted" in out  # looked for, none in this data: listed with 0
    assert "largest_outflows" in out  # each strongest alert with its evidence
    assert "Afghanistan Humanitarian Fund" in out
    # a second run replaces the first one's directory
    again = runner.invoke(app, ["example", "afghanistan", "-w", str(target), "--data", str(afg)])
    assert again.exit_code == 0


PAGES = (
    "custom-search-locationid-1-year-2020.json",
    "custom-search-locationid-1-year-2020-page-2.json",
    "custom-search-locationid-1-year-2020-page-3.json",
)
AHF = "Afghanistan Humanitarian Fund"


def read_csv(path: Path) -> list[dict[str, str]]:
    with path.open(encoding="utf-8", newline="") as fh:
        return list(csv.DictReader(fh))


def api_flows(afg: Path) -> list[dict[str, Any]]:
    return [f for p in PAGES for f in json.loads((afg / "fts" / p).read_text())["data"]["flows"]]


def organisations(flow: dict[str, Any], side: str) -> list[str]:
    return [o["name"] for o in flow[side] if o["type"] == "Organization"]


def unpaid_donors(flows: list[dict[str, Any]], as_of: dt.date) -> set[str]:
    """Donors with commitments whose usage years ended before the as-of year, 180 days old."""
    found = set()
    for f in flows:
        years = [int(o["name"]) for o in f["destinationObjects"] if o["type"] == "UsageYear"]
        old = dt.date.fromisoformat(f["date"][:10]) <= as_of - dt.timedelta(days=180)
        donor = "; ".join(dict.fromkeys(organisations(f, "sourceObjects")))
        ended = bool(years) and max(years) < as_of.year
        if f["status"] == "commitment" and f["amountUSD"] > 0 and donor and old and ended:
            found.add(donor)
    return found


def child_sums(flows: list[dict[str, Any]]) -> tuple[int, int]:
    """(parents whose present children exceed them by over 1 %, parents missing children)."""
    by_id = {str(f["id"]): f for f in flows}
    exceed = missing = 0
    for f in flows:
        children = [str(c) for c in f.get("childFlowIds") or []]
        if not children:
            continue
        carried = sum(by_id[c]["amountUSD"] for c in children if c in by_id)
        exceed += 0 < f["amountUSD"] * 1.01 < carried
        missing += any(c not in by_id for c in children)
    return exceed, missing


def passing_on_more(flows: list[dict[str, Any]]) -> set[str]:
    """Organisations whose funded internal flows out exceed all funded flows into them by more
    than 5 % and US$10,000 (the monitor's defaults)."""
    received: dict[str, float] = {}
    passed: dict[str, float] = {}
    for f in flows:
        if f["status"] not in ("commitment", "paid"):
            continue
        dest = "; ".join(dict.fromkeys(organisations(f, "destinationObjects")))
        src = "; ".join(dict.fromkeys(organisations(f, "sourceObjects")))
        received[dest] = received.get(dest, 0.0) + f["amountUSD"]
        if f["boundary"] == "internal" and src:
            passed[src] = passed.get(src, 0.0) + f["amountUSD"]
    return {
        org
        for org, out in passed.items()
        if out - received.get(org, 0.0) > 10_000 and out > 1.05 * received.get(org, 0.0)
    }


def map_fills(report: str) -> dict[str, str]:
    """Each province's colour on the report's map, by P-code."""
    found = re.findall(
        r'<g class="province" data-province="(AF\d\d)">\n<title>[^<]*</title>\n<path d="[^"]*" '
        r'fill="(#[0-9a-f]{6})"',
        report,
    )
    return dict(found)


def rate_mismatches(flows: list[dict[str, Any]]) -> int:
    return sum(
        1
        for f in flows
        if f.get("originalAmount") and f.get("exchangeRate")
        and abs(f["originalAmount"] / f["exchangeRate"] - f["amountUSD"]) > 0.02 * f["amountUSD"]
    )  # fmt: skip


def test_the_run_matches_independent_sums_of_the_files_within_thirty_seconds(
    tmp_path: Path, afg: Path
) -> None:
    outcome = run_afghanistan(tmp_path / "afg", afg)
    assert sum(outcome.seconds.values()) < 30
    assert len(outcome.imported) == 12
    flows = api_flows(afg)
    as_of = max(max(f["updatedAt"][:10], f["date"][:10]) for f in flows)
    assert outcome.as_of == as_of
    # money traced: incoming, then internal, per status
    for boundary, name in (("incoming", "incoming"), ("internal", "internal")):
        rows = read_csv(afg / "fts" / f"fts_{name}_funding_afg.csv")
        for status in ("paid", "commitment"):
            chosen = [float(r["amountUSD"]) for r in rows if r["status"] == status]
            assert outcome.chain.counts[(boundary, status)] == len(chosen)
            assert outcome.chain.totals[(boundary, status)] == pytest.approx(sum(chosen))
    fund = next(m for m in outcome.chain.intermediaries if m.org == AHF)
    into = [f for f in flows if AHF in organisations(f, "destinationObjects")]
    out = [
        f for f in flows if AHF in organisations(f, "sourceObjects") and f["boundary"] == "internal"
    ]
    assert fund.received_usd == pytest.approx(sum(f["amountUSD"] for f in into))
    assert fund.passed_on_usd == pytest.approx(sum(f["amountUSD"] for f in out))
    # funding against requirements per cluster, as FTS publishes it
    clusters = read_csv(afg / "fts" / "fts_requirements_funding_cluster_afg.csv")
    food = next(r for r in clusters if r["cluster"] == "Food Security")
    shown = next(c for c in outcome.clusters if c.cluster == "Food Security")
    assert shown.requirements_usd == float(food["requirements"])
    assert shown.funding_usd == float(food["funding"])
    # funding per person in need: Kabul is the one province the caseload gives
    (kabul_need,) = [
        int(r["In Need"])
        for r in read_csv(afg / "hno" / "afg_hpc_needs_api_2024.csv")
        if (r["Admin 1 PCode"], r["Admin 2 PCode"], r["Cluster"], r["Category"])
        == ("AF01", "", "ALL", "total")
    ]
    kabul = next(p for p in outcome.provinces if p.province_code == "AF01")
    assert kabul.people_in_need == kabul_need
    assert kabul.usd_per_person_in_need == pytest.approx(kabul.funded_usd / kabul_need)
    # what a monitor should raise, each kind counted in the files independently
    exceed, missing = child_sums(flows)
    counts = outcome.alert_counts
    assert counts["commitment_unpaid"] == len(unpaid_donors(flows, dt.date.fromisoformat(as_of)))
    assert counts["pledge_uncommitted"] == sum(f["status"] == "pledge" for f in flows) == 0
    assert counts["passes_on_more_than_received"] == len(passing_on_more(flows)) == 1
    assert {
        a["subject"] for a in outcome.top_alerts if a["kind"] == "passes_on_more_than_received"
    } == passing_on_more(flows)
    assert (counts["child_flows_exceed_parent"], counts["child_flows_missing"]) == (exceed, missing)
    assert counts["exchange_rate_mismatch"] == rate_mismatches(flows) == 0
    strongest = {a["kind"]: a for a in reversed(outcome.top_alerts)}
    assert "largest_outflows" in str(strongest["passes_on_more_than_received"]["evidence"])
    assert "flow_id=" in str(strongest["commitment_unpaid"]["evidence"])
    report = outcome.report.read_text("utf-8")
    assert f"Money traced (OCHA FTS, as of {as_of})" in report
    required, funded = float(food["requirements"]), float(food["funding"])
    assert f"US${funded:,.0f} of US${required:,.0f} ({100 * funded / required:.0f}%)" in report
    # the province map: no plan in published data, so funding per person in IPC phase 3+
    assert "<h3>Funding per person in IPC phase 3+ (US$)</h3>" in report
    assert "no plan or needs data" not in report
    fills = map_fills(report)
    assert len(fills) == 34
    by_ipc3 = {p.province_code: p for p in outcome.provinces if p.flows and p.ipc3_people}
    assert {code for code, fill in fills.items() if fill != NO_DATA} == set(by_ipc3)
    assert len(by_ipc3) == 33  # every province but Sar-e-Pul, which no flow names
    assert fills["AF22"] == NO_DATA
    nimroz = by_ipc3["AF34"]  # most per person in IPC 3+ of all (US$30.49)
    assert nimroz.funded_usd / (nimroz.ipc3_people or 1) == max(
        p.funded_usd / (p.ipc3_people or 1) for p in by_ipc3.values()
    )
    assert fills["AF34"] == BLUES[-1]
    assert f"Nimroz (AF34): US${nimroz.funded_usd:,.0f} in {nimroz.flows} flows; " in report


def test_a_directory_it_did_not_make_is_left_alone(tmp_path: Path, afg: Path) -> None:
    (tmp_path / "mine.txt").write_text("keep me")
    result = runner.invoke(app, ["example", "afghanistan", "-w", str(tmp_path), "--data", str(afg)])
    assert result.exit_code == 2
    assert "not made by `aidtrace example`" in result.stderr
    assert (tmp_path / "mine.txt").read_text() == "keep me"


def test_the_data_is_found_beside_the_checkout_or_named(
    tmp_path: Path, afg: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.delenv("AIDTRACE_REAL_DATA", raising=False)
    # resolved on both sides: the data folder may be reached through a symbolic link
    assert find_data(start=afg.parents[2] / "anywhere").resolve() == afg.resolve()
    monkeypatch.setenv("AIDTRACE_REAL_DATA", str(afg))
    assert find_data(start=tmp_path) == afg
    monkeypatch.setenv("AIDTRACE_REAL_DATA", str(tmp_path))
    with pytest.raises(InputError, match="no fts/ folder"):
        find_data()
    monkeypatch.delenv("AIDTRACE_REAL_DATA")
    with pytest.raises(InputError, match="give --data DIR"):
        find_data(start=Path("/no-such-folder"))  # nothing above it holds the data
