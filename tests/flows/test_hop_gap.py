"""Hop gaps settle late and partial reports: only what stays unreported is a shortfall.

A report that names its payment is set against that payment alone; reports that name none are
netted week by week."""

from __future__ import annotations

import csv
from datetime import date, timedelta
from pathlib import Path

import pytest

from aidtrace.flows.detectors.leakage import Thresholds, shortfalls, unsettled
from aidtrace.ingest import get_importer
from aidtrace.monitors import RunContext, get_monitor
from aidtrace.progress import no_progress
from aidtrace.workspace import Workspace
from flows.scenario import HXL

MONDAY = date(2024, 1, 1)


def weeks(*pairs: tuple[float, float]) -> list[dict[str, object]]:
    """One hop's weeks from (sent, reported) pairs, a week apart."""
    return [
        {"week_start": MONDAY + timedelta(weeks=i), "sent_usd": s, "reported_usd": r, "txns": []}
        for i, (s, r) in enumerate(pairs)
    ]


END = MONDAY + timedelta(weeks=20)


@pytest.mark.parametrize(
    ("hop", "short"),
    [
        # reported in full the same week
        (weeks((1000, 1000), (1000, 1000)), []),
        # a payment reported a week late: week 0 short, week 1 over, settled
        (weeks((1000, 0), (1000, 2000), (1000, 1000)), []),
        # reported in two instalments, the rest two weeks later
        (weeks((1000, 600), (1000, 1000), (1000, 1400)), []),
        # 15 % skimmed for three weeks, never made up
        (
            weeks((1000, 850), (1000, 850), (1000, 850), (1000, 1000)),
            [(0, 150), (1, 150), (2, 150)],
        ),
        # the rest reported after the three-week window: too late to settle
        (weeks((1000, 600), (1000, 1000), (1000, 1000), (1000, 1000), (1000, 1400)), [(0, 400)]),
        # a 1 % difference is rounding, not a gap
        (weeks((1000, 990), (1000, 1000), (1000, 1000), (1000, 1000), (1000, 1000)), []),
    ],
)
def test_unsettled(hop: list[dict[str, object]], short: list[tuple[int, float]]) -> None:
    found = unsettled(hop, END, Thresholds())
    assert [(week_number(s.week), round(s.unreported)) for s in found] == short


def week_number(week: dict[str, object]) -> int:
    start = week["week_start"]
    assert isinstance(start, date)
    return (start - MONDAY).days // 7


def test_a_shortfall_near_the_end_of_the_data_waits_for_its_window() -> None:
    hop = weeks((1000, 1000), (1000, 600))
    last = MONDAY + timedelta(weeks=1)
    assert unsettled(hop, last + timedelta(weeks=2), Thresholds()) == []
    assert [s.unreported for s in unsettled(hop, last + timedelta(weeks=4), Thresholds())] == [400]


# --- payments matched to the reports that name them (IATI ``ref`` = ledger ``txn_id``) ---


def paid(txn: str, week: int, sent: float, reported: float, reports: int = 1) -> dict[str, object]:
    """One payment of a hop with what the reports naming it account for within the window."""
    return {
        "txn_id": txn,
        "week_start": MONDAY + timedelta(weeks=week),
        "sent_usd": sent,
        "reported_usd": reported,
        "reports": reports,
        "district_code": "AF0101",
    }


def loose(week: int, reported: float) -> dict[str, object]:
    """Reports of one week that name no payment."""
    return {"week_start": MONDAY + timedelta(weeks=week), "reported_usd": reported}


@pytest.mark.parametrize(
    ("payments", "reports", "short"),
    [
        # every payment accounted for by its own reports (late, or in two parts): no gap
        ([paid("T1", 0, 1000, 1000), paid("T2", 1, 1000, 1000)], [], []),
        # 15 % of two named payments never reported: each payment is short on its own
        ([paid("T1", 0, 1000, 850), paid("T2", 1, 1000, 850)], [], [("T1", 150), ("T2", 150)]),
        # a named payment is not settled by another payment's surplus
        ([paid("T1", 0, 1000, 600), paid("T2", 1, 1000, 1400)], [], [("T1", 400)]),
        # no report names the payments: reports of later weeks net against them (fallback)
        (
            [paid("T1", 0, 1000, 0, 0), paid("T2", 1, 1000, 0, 0)],
            [loose(0, 600), loose(1, 1400)],
            [],
        ),
        ([paid("T1", 0, 1000, 0, 0)], [loose(0, 850)], [("T1", 150)]),
        # a payment no report names, on a hop whose other payments are named: unreported
        ([paid("T1", 0, 1000, 1000), paid("T2", 1, 1000, 0, 0)], [], [("T2", 1000)]),
    ],
)
def test_shortfalls_per_payment(
    payments: list[dict[str, object]],
    reports: list[dict[str, object]],
    short: list[tuple[str, float]],
) -> None:
    found = shortfalls(payments, reports, END, Thresholds())
    assert [(s.week["txns"][0], round(s.unreported)) for s in found] == short  # type: ignore[index]


ORGS = [
    ["D1", "Donor 1", "donor"],
    ["A1", "Agency 1", "un_agency"],
    ["A2", "Agency 2", "un_agency"],
]


def test_late_and_partial_reports_raise_nothing_a_real_leak_does(tmp_path: Path) -> None:
    """A tiny hand-built ledger: A1 reports one payment in two parts (the rest 15 days later)
    and the next but one in two parts as well (the rest 19 days later), and a third payment 10
    days late; A2 reports 85 % of four payments. Netted week by week, A1's first shortfall was
    settled only by a surplus four weeks on, past the window, and was raised; matched payment
    by payment, only A2's hop is short."""
    ledger: list[list[object]] = []
    iati: dict[str, list[tuple[str, str, date, float]]] = {"A1": [], "A2": []}
    for week in range(10):
        day = MONDAY + timedelta(weeks=week)
        for agency in ("A1", "A2"):
            txn = f"T{len(ledger) + 1:06d}"
            ledger.append([txn, day.isoformat(), "D1", agency, "", 1000.0, "USD"])
            parts = {1: [(0, 600.0), (15, 400.0)], 3: [(0, 700.0), (19, 300.0)], 6: [(10, 1000.0)]}
            shares = parts.get(week, [(0, 1000.0)]) if agency == "A1" else [(0, 1000.0)]
            if agency == "A2" and 2 <= week < 6:
                shares = [(0, 850.0)]
            iati[agency] += [(txn, "D1", day + timedelta(days=d), v) for d, v in shares]
    with Workspace.create(tmp_path / "ws", key_file=tmp_path / "keys" / "root.key") as ws:
        for kind, path in write_files(tmp_path, ledger, iati).items():
            get_importer(kind).load(ws, path, no_progress)
        alerts = list(get_monitor("flows.hop_gap").run(RunContext(ws)))
    assert [(a.subject, a.evidence["gap_usd"]) for a in alerts] == [("A2", 600.0)]
    assert alerts[0].evidence["txn_ids"] == ["T000006", "T000008", "T000010", "T000012"]


def write_files(
    root: Path, ledger: list[list[object]], iati: dict[str, list[tuple[str, str, date, float]]]
) -> dict[str, Path]:
    """organisations.csv, ledger.csv and iati.xml (incoming funds naming their payments)."""
    files = {"organisations": [[*o, "", "", ""] for o in ORGS], "ledger": ledger}
    paths = {}
    for kind, data in files.items():
        paths[kind] = root / f"{kind}.csv"
        with paths[kind].open("w", newline="", encoding="utf-8") as fh:
            writer = csv.writer(fh)
            tags = HXL[kind][: len(data[0])]
            writer.writerow([h.strip("#").replace("+", "_") for h in tags])
            writer.writerow(tags)
            writer.writerows(data)
    acts = "".join(
        f"<iati-activity default-currency='USD'><iati-identifier>{agency}-2024</iati-identifier>"
        f"<reporting-org ref='{agency}'/>"
        + "".join(
            f"<transaction ref='{ref}'><transaction-type code='1'/>"
            f"<transaction-date iso-date='{day}'/><value value-date='{day}'>{value:.2f}</value>"
            f"<provider-org ref='{payer}'/><receiver-org ref='{agency}'/></transaction>"
            for ref, payer, day, value in txns
        )
        + "</iati-activity>"
        for agency, txns in iati.items()
    )
    paths["iati"] = root / "iati.xml"
    paths["iati"].write_text(f"<iati-activities version='2.03'>{acts}</iati-activities>")
    return paths
