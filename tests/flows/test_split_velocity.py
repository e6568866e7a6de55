"""A spike week made by a split purchase is one alert: the split payment's, carrying the spike
as evidence (the vendor's week, and the week its payer received the money); a spike the split
does not explain stays an alert of its own."""

from __future__ import annotations

import csv
from datetime import date, timedelta

import pytest

from aidtrace.alerts.model import Alert
from aidtrace.ingest import get_importer
from aidtrace.monitors import RunContext, get_monitor
from aidtrace.progress import no_progress
from aidtrace.workspace import Workspace
from flows.scenario import HXL

MONDAY = date(2024, 1, 1)
SPIKE_WEEK = 8


def ledger() -> list[list[object]]:
    """Three vendors paid about US$500 a week by S1 for twelve weeks. In week 8: V1 is paid one
    purchase cut in three equal parts (its spike is the split); V2 one large payment (a spike,
    no split); V3 a split and, besides it, a larger single payment (a spike the split does not
    explain). S1 is funded by P1 each week, with V1's purchase on top in week 8."""
    rows: list[list[object]] = []

    def pay(day: date, payee: str, amount: float, invoice: str = "", payer: str = "S1") -> None:
        rows.append([f"T{len(rows) + 1:06d}", day.isoformat(), payer, payee, "", amount, "USD",
                     "purchase", invoice or f"INV-{len(rows) + 1}", "OFF-1", "AF0101"])  # fmt: skip

    for week in range(12):
        day = MONDAY + timedelta(weeks=week)
        pay(day, "S1", 1500.0 + (30_000.0 if week == SPIKE_WEEK else 0.0), payer="P1")
        for n, vendor in enumerate(("V1", "V2", "V3")):
            pay(day, vendor, 480.0 + 13 * ((week * 7 + n) % 5))
        if week == SPIKE_WEEK:
            for part in range(3):
                pay(day + timedelta(days=1), "V1", 10_000.0, f"V1-{part}")
                pay(day + timedelta(days=1), "V3", 10_000.0, f"V3-{part}")
            pay(day + timedelta(days=2), "V2", 30_000.0)
            pay(day + timedelta(days=2), "V3", 40_000.0)
    return rows


@pytest.fixture(scope="module")
def alerts(tmp_path_factory: pytest.TempPathFactory) -> list[Alert]:
    root = tmp_path_factory.mktemp("split_velocity")
    path = root / "ledger.csv"
    data = ledger()
    with path.open("w", newline="", encoding="utf-8") as fh:
        writer = csv.writer(fh)
        tags = HXL["ledger"][: len(data[0])]
        writer.writerow([h.strip("#").replace("+", "_") for h in tags])
        writer.writerow(tags)
        writer.writerows(data)
    with Workspace.create(root / "ws", key_file=root / "keys" / "root.key") as ws:
        get_importer("ledger").load(ws, path, no_progress)
        names = ["flows.split_payments", "flows.velocity"]
        return [a for n in names for a in get_monitor(n).run(RunContext(ws))]


@pytest.mark.parametrize(
    ("vendor", "kinds", "spike_in_split"),
    [
        ("V1", ["split_payment"], True),  # one alert, both pieces of evidence
        ("V2", ["velocity_spike"], False),  # a spike with no split
        ("V3", ["split_payment", "velocity_spike"], False),  # the spike stands without the split
        ("S1", [], False),  # the payer's receipts that paid V1's split: in V1's alert
    ],
)
def test_split_and_spike(
    alerts: list[Alert], vendor: str, kinds: list[str], spike_in_split: bool
) -> None:
    mine = [a for a in alerts if a.subject == vendor]
    assert sorted(a.kind for a in mine) == kinds
    split = [a for a in mine if a.kind == "split_payment"]
    if split:
        assert ("velocity" in split[0].evidence) is spike_in_split
    if spike_in_split:
        velocity = split[0].evidence["velocity"]
        assert str(velocity["week_start"]) == str(MONDAY + timedelta(weeks=SPIKE_WEEK))
        assert velocity["week_usd"] > 30_000
        assert "its median week" in split[0].summary
        payer = split[0].evidence["payer_velocity"]
        assert payer["week_usd"] == 31_500.0
        assert "S1's receipts in the week of" in split[0].summary
