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

from aidtrace.alerts.model import Alert, AlertKind, Severity, detected
from aidtrace.flows.detectors import split_payments
from aidtrace.flows.detectors.base import num, require, thresholds, usd
from aidtrace.flows.detectors.spikes import Thresholds, evidence, explained, spikes
from aidtrace.monitors import RunContext, register

__all__ = ["MONITOR", "Thresholds", "VelocityMonitor"]


class VelocityMonitor:
    name = "flows.velocity"
    version = "2"
    description = "Weeks in which a payee received far more than its own usual week"

    def run(self, ctx: RunContext) -> Iterator[Alert]:
        t = thresholds(ctx, self.name, Thresholds())
        require(ctx.workspace.engine, "ledger")
        bursts = [b for b, _ in split_payments.split_bursts(ctx, split_payments.Thresholds())]
        for r in spikes(ctx, t):
            if any(explained(r, b, t) for b in bursts):
                continue  # the split payment's alert carries this week as its evidence
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
                evidence=evidence(r),
            )


MONITOR = register(VelocityMonitor())
