"""Velocity spikes: an organisation suddenly paid far more in one week than it ever is.

Method: weekly USD received per payee organisation (people are paid per hand-over, not
on a rhythm, so they are left out) (weeks start on Monday). Against the payee's own history
(its median week and the median absolute deviation, MAD, over the weeks it was paid), a week is
a spike when it exceeds both ``ratio`` (10) × the median week and median + ``robust_z`` (8) ×
1.4826 × MAD — a robust z-score — and is a one-off: the payee's biggest week, at least
``one_off`` (2) × its second biggest. Recurring peaks (month-end payroll in a grant) are a
rhythm, not a spike. Only payees
paid in at least ``min_weeks`` (6) weeks have a history worth comparing with.

SQL note: ``percentile_cont(0.5) WITHIN GROUP (ORDER BY …)`` is ANSI and runs on DuckDB and on
Spark ≥ 3.4.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass

from aidtrace.alerts.evidence import VelocitySpikeEvidence
from aidtrace.alerts.model import Alert, AlertKind, Severity, detected
from aidtrace.flows.detectors.base import num, require, rows, thresholds, usd
from aidtrace.flows.payments import ensure_payments
from aidtrace.monitors import RunContext, register


@dataclass(frozen=True)
class Thresholds:
    min_weeks: int = 6
    ratio: float = 10.0
    robust_z: float = 8.0
    one_off: float = 2.0


def _spikes(ctx: RunContext, t: Thresholds) -> list[dict[str, object]]:
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


class VelocityMonitor:
    name = "flows.velocity"
    version = "1"
    description = "Weeks in which a payee received far more than its own usual week"

    def run(self, ctx: RunContext) -> Iterator[Alert]:
        t = thresholds(ctx, self.name, Thresholds())
        require(ctx.workspace.engine, "ledger")
        for r in _spikes(ctx, t):
            times = num(r["usd"]) / max(num(r["median_usd"]), 1e-9)
            yield detected(
                self,
                AlertKind.VELOCITY_SPIKE,
                subject=str(r["payee"]),
                identity_key=str(r["week_start"]),
                score=min(1.0, times / (4 * t.ratio)),
                severity=Severity.MEDIUM,
                summary=(
                    f"{r['payee']} received {usd(r['usd'])} in the week of {r['week_start']}, "
                    f"{times:.1f}× its median week ({usd(r['median_usd'])})"
                ),
                evidence=VelocitySpikeEvidence(
                    {
                        "week_start": r["week_start"],
                        "week_usd": round(num(r["usd"]), 2),
                        "payments": r["payments"],
                        "median_week_usd": round(num(r["median_usd"]), 2),
                        "mad_usd": round(num(r["mad_usd"]), 2),
                        "weeks_of_history": r["weeks"],
                        "second_biggest_week_usd": round(num(r["second_usd"]), 2),
                    }
                ),
            )


MONITOR = register(VelocityMonitor())
