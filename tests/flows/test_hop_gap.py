"""Hop gaps settle late and partial reports: only what stays unreported is a shortfall."""

from __future__ import annotations

from datetime import date, timedelta

import pytest

from aidtrace.flows.detectors.leakage import Thresholds, unsettled

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
