"""Skewed delivery: districts served far beyond or far below their need or plan, and districts
whose share of deliveries moved sharply over time. Method and thresholds: ``flows/equity.py``.
"""

from __future__ import annotations

import math
from collections.abc import Iterator
from dataclasses import dataclass

from aidtrace.alerts.evidence import DeliveryShiftEvidence, DistrictEquityEvidence
from aidtrace.alerts.model import Alert, AlertKind, Severity, detected
from aidtrace.flows.detectors.base import require, thresholds, usd
from aidtrace.flows.equity import Basis, DistrictEquity, district_equity, shifts
from aidtrace.monitors import RunContext, register


@dataclass(frozen=True)
class Thresholds:
    q_value: float = 0.05
    ratio: float = 2.0
    # ipc3 weighs nothing until IPC phases are imported (aidtrace import ipc)
    bases: tuple[str, ...] = (Basis.NEED.value, Basis.PLAN.value, Basis.IPC3.value)
    shift_p_value: float = 1e-4
    shift_change: float = 2.0


def _equity_alert(d: DistrictEquity, basis: Basis, over: bool) -> Alert:
    word = "over" if over else "under"
    return detected(
        EquityMonitor,
        AlertKind.OVERSERVED_DISTRICT if over else AlertKind.UNDERSERVED_DISTRICT,
        subject=d.district_code,
        identity_key=basis.value,
        score=min(1.0, abs(math.log(d.ratio)) / math.log(8)),
        severity=Severity.HIGH if not over else Severity.MEDIUM,
        summary=(
            f"{d.district or d.district_code} ({d.province_code}) is {word}-served against its "
            f"{basis.value}: {d.households:,} households reached where {d.expected:,.0f} were "
            f"due (×{d.ratio:.2f}; ×{d.shrunk_ratio:.2f} after shrinkage; q = {d.q:.1e})"
        ),
        evidence=DistrictEquityEvidence(
            {
                "basis": basis.value,
                "households_reached": d.households,
                "households_expected": round(d.expected, 1),
                "raw_ratio": round(d.ratio, 3),
                "shrunk_ratio": round(d.shrunk_ratio, 3),
                "z": round(d.z, 2),
                "q_value": d.q,
                "people_in_need": d.people_in_need,
                "planned_usd": d.planned_usd,
                "delivered_usd": round(d.delivered_usd, 2),
                "usd_per_person_in_need": round(d.usd_per_person_in_need, 2),
                "delivered_text": usd(d.delivered_usd),
            }
        ),
    )


class EquityMonitor:
    name = "flows.equity"
    version = "1"
    description = "Districts over- or under-served against need and plan; sharp shifts in time"

    def run(self, ctx: RunContext) -> Iterator[Alert]:
        t = thresholds(ctx, self.name, Thresholds())
        engine = ctx.workspace.engine
        require(engine, "needs", "distributions")
        for basis in (Basis(b) for b in t.bases):
            for d in district_equity(engine, basis):
                if d.q >= t.q_value:
                    continue
                if d.ratio >= t.ratio:
                    yield _equity_alert(d, basis, over=True)
                elif d.ratio <= 1 / t.ratio:
                    yield _equity_alert(d, basis, over=False)
        for s in shifts(engine, t.shift_p_value, t.shift_change):
            yield detected(
                self,
                AlertKind.DELIVERY_SHIFT,
                subject=s.district_code,
                score=min(1.0, abs(math.log(s.change)) / math.log(8)),
                severity=Severity.MEDIUM,
                summary=(
                    f"{s.district_code}: {s.later:,} households reached in the later half of the "
                    f"period where its earlier share predicted {s.expected_later:,.0f} "
                    f"(×{s.change:.2f}, p = {s.p_value:.1e})"
                ),
                evidence=DeliveryShiftEvidence(
                    {
                        "earlier": s.earlier,
                        "later": s.later,
                        "expected_later": round(s.expected_later, 1),
                        "p_value": s.p_value,
                    }
                ),
            )


MONITOR = register(EquityMonitor())
