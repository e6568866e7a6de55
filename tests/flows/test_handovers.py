"""Short hand-overs on flat-rate cash: small programmes and long skims are still found."""

from __future__ import annotations

import csv
from datetime import date, timedelta
from pathlib import Path

import pytest

from aidtrace.ingest.imports import import_file
from aidtrace.monitors import RunContext, get_monitor
from aidtrace.workspace import Workspace

HEADER = ["#activity+id", "#date", "#org+id", "#household+id", "#adm2+code", "#item+name"]
HEADER += ["#item+quantity", "#value", "#reached"]
START = date(2024, 1, 1)
WEEKS = 12
ENTITLEMENT = 64.3  # USD value of AFN 4,500


def handovers(skimmed: str, per_week: int, skim_weeks: range) -> list[list[object]]:
    """Six programmes handing out cash at one rate; ``skimmed`` records 18 % short in
    ``skim_weeks``, handing over to ``per_week`` households a week."""
    rows: list[list[object]] = []
    districts = [f"AF{n:04d}" for n in range(101, 107)]
    for week in range(WEEKS):
        day = START + timedelta(days=7 * week + 2)
        for district in districts:
            count = per_week if district == skimmed else 6
            value = ENTITLEMENT * (0.82 if district == skimmed and week in skim_weeks else 1.0)
            for _ in range(count):
                n = len(rows) + 1
                where = [f"D{n}", day.isoformat(), f"SUB-{district}", f"H{n}", district]
                rows.append([*where, "cash", 4500, round(value, 2), 1])
    return rows


def short(tmp_path: Path, rows: list[list[object]]) -> set[str]:
    path = tmp_path / "distributions.csv"
    with path.open("w", newline="", encoding="utf-8") as f:
        csv.writer(f).writerows([HEADER, *rows])
    with Workspace.create(tmp_path / "ws", key_file=tmp_path / "root.key") as ws:
        import_file(ws, "distributions", path)
        alerts = get_monitor("flows.short_handovers").run(RunContext(ws))
        return {a.subject for a in alerts if a.kind == "leakage"}


@pytest.mark.parametrize(
    ("per_week", "skim_weeks", "found"),
    [
        # two households a week, skimmed for four weeks: eight short hand-overs in all
        (2, range(3, 7), True),
        # skimmed in eight of twelve weeks: one programme-week in nine of all cash is short,
        # yet cash is still read as a flat-rate item
        (6, range(2, 10), True),
        # one short week is not a pattern
        (6, range(5, 6), False),
        # two short weeks of one hand-over each: too little to go on
        (1, range(5, 7), False),
    ],
)
def test_short_handovers(tmp_path: Path, per_week: int, skim_weeks: range, found: bool) -> None:
    assert short(tmp_path, handovers("AF0105", per_week, skim_weeks)) == (
        {"AF0105"} if found else set()
    )
