"""Velocity spikes as rows: a payee's one-off biggest week against its own history.

The method is :mod:`aidtrace.flows.detectors.velocity`'s; it sits apart so that the split-payments
monitor can read the same spikes (a split purchase is often its vendor's biggest week) without
the two monitors importing each other.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta

from aidtrace.alerts.evidence import VelocitySpikeEvidence
from aidtrace.flows.detectors.base import num, rows
from aidtrace.flows.payments import ensure_payments
from aidtrace.monitors import RunContext


@dataclass(frozen=True)
class Thresholds:
    min_weeks: int = 6
    ratio: float = 10.0
    robust_z: float = 8.0
    one_off: float = 2.0


def spikes(ctx: RunContext, t: Thresholds) -> list[dict[str, object]]:
    engine = ctx.workspace.engine
    table = ensure_payments(engine)
    return rows(
        engine,
        f"""
        WITH weekly AS (
          SELECT payee_org_id AS payee, week_start, sum(amount_usd) AS usd, count(*) AS payments
          FROM {table} WHERE payee_org_id IS NOT NULL AND amount_usd > 0
          GROUP BY payee_org_id, week_start),
        typical AS (
          SELECT payee, count(*) AS weeks,
                 percentile_cont(0.5) WITHIN GROUP (ORDER BY usd) AS median_usd
          FROM weekly GROUP BY payee HAVING count(*) >= ?),
        spread AS (
          SELECT w.payee, percentile_cont(0.5) WITHIN GROUP
                   (ORDER BY abs(w.usd - t.median_usd)) AS mad_usd
          FROM weekly w JOIN typical t ON t.payee = w.payee GROUP BY w.payee),
        ranked AS (
          SELECT *, row_number() OVER (PARTITION BY payee ORDER BY usd DESC) AS rank_in_payee
          FROM weekly),
        runner_up AS (SELECT payee, max(usd) AS second_usd FROM ranked
                      WHERE rank_in_payee = 2 GROUP BY payee)
        SELECT w.payee, w.week_start, w.usd, w.payments, t.weeks, t.median_usd, s.mad_usd,
               r.second_usd
        FROM ranked w JOIN typical t ON t.payee = w.payee JOIN spread s ON s.payee = w.payee
        JOIN runner_up r ON r.payee = w.payee
        WHERE w.rank_in_payee = 1 AND w.usd >= ? * r.second_usd
          AND w.usd > ? * t.median_usd AND w.usd > t.median_usd + ? * 1.4826 * s.mad_usd
        """,
        (t.min_weeks, t.one_off, t.ratio, t.robust_z),
    )


def is_spike(usd: float, spike: dict[str, object], t: Thresholds) -> bool:
    """Whether a week of ``usd`` would still be a spike against the payee's history."""
    median, mad = num(spike["median_usd"]), num(spike["mad_usd"])
    return (
        usd >= t.one_off * num(spike["second_usd"])
        and usd > t.ratio * median
        and usd > median + t.robust_z * 1.4826 * mad
    )


def evidence(r: dict[str, object]) -> VelocitySpikeEvidence:
    """A spike as evidence: the week, its money and the payee's usual week."""
    return VelocitySpikeEvidence(
        {
            "week_start": r["week_start"],
            "week_usd": round(num(r["usd"]), 2),
            "payments": r["payments"],
            "median_week_usd": round(num(r["median_usd"]), 2),
            "mad_usd": round(num(r["mad_usd"]), 2),
            "weeks_of_history": r["weeks"],
            "second_biggest_week_usd": round(num(r["second_usd"]), 2),
        }
    )


def explained(spike: dict[str, object], burst: dict[str, object], t: Thresholds) -> str | None:
    """Which side of a split burst a spike is, if the burst makes it: ``"velocity"`` when the
    spike is the vendor's (the burst's payee) week, ``"payer_velocity"`` when it is the week the
    payer received the money it paid out in parts. Either way the burst falls in the spike's
    week, and without the burst's money the week would be no spike."""
    start = _day(spike["week_start"])
    first = _day(burst["first_date"])
    if not start <= first < start + timedelta(7):
        return None
    if is_spike(num(spike["usd"]) - num(burst["total_usd"]), spike, t):
        return None
    sides = {str(burst["payee"]): "velocity", str(burst["payer_org_id"]): "payer_velocity"}
    return sides.get(str(spike["payee"]))


def _day(value: object) -> date:
    return value if isinstance(value, date) else date.fromisoformat(str(value)[:10])
