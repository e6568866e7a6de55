"""Short hand-overs: a flat-rate item below its rate is short; a locally priced item is not,
even when most programmes buy it in one province and another province's market is cheaper."""

from __future__ import annotations

import csv
from datetime import date, timedelta
from pathlib import Path

from aidtrace.ingest import get_importer
from aidtrace.monitors import RunContext, get_monitor
from aidtrace.progress import no_progress
from aidtrace.workspace import Workspace
from flows.scenario import HXL

MONDAY = date(2024, 1, 1)
# district → (partner, the food basket's price against the first province's)
FOOD = {
    "AF0101": ("S1", 1.0),
    "AF0102": ("S2", 1.0),
    "AF0103": ("S3", 1.0),
    "AF0104": ("S4", 1.0),
    "AF0201": ("S5", 0.94),  # a cheaper market, all quarter
    "AF0301": ("S6", 0.93),
}
CASH = {"AF0101": "S1", "AF0102": "S2", "AF0201": "S5", "AF0301": "S6"}
SKIMMED = "AF0201"  # cash handed over 17 % short in weeks 3-10


def hand_overs() -> list[list[object]]:
    rows: list[list[object]] = []
    for week in range(13):
        day = (MONDAY + timedelta(weeks=week)).isoformat()
        for district, (partner, price) in FOOD.items():
            for _ in range(3):
                rows.append([day, partner, district, "food_basket", 1, round(60.0 * price, 2)])
        for district, partner in CASH.items():
            skim = 0.83 if district == SKIMMED and 3 <= week <= 10 else 1.0
            for _ in range(3):
                rows.append([day, partner, district, "cash", 4500, round(63.0 * skim, 2)])
    return [[f"X{n}", d, p, f"H{n}", dist, item, q, v, 1] for n, (d, p, dist, item, q, v) in
            enumerate(rows, 1)]  # fmt: skip


def test_only_the_flat_rate_skim_is_short(tmp_path: Path) -> None:
    path = tmp_path / "distributions.csv"
    with path.open("w", newline="", encoding="utf-8") as fh:
        writer = csv.writer(fh)
        writer.writerow([h.strip("#").replace("+", "_") for h in HXL["distributions"]])
        writer.writerow(HXL["distributions"])
        writer.writerows(hand_overs())
    with Workspace.create(tmp_path / "ws", key_file=tmp_path / "keys" / "root.key") as ws:
        get_importer("distributions").load(ws, path, no_progress)
        alerts = list(get_monitor("flows.short_handovers").run(RunContext(ws)))
    assert [(a.subject, a.evidence["item"]) for a in alerts] == [(SKIMMED, "cash")]
