"""Benford's law on first digits: do an organisation's payment amounts look made up?

Method (Nigrini, *Benford's Law*, 2012): for each organisation, as payer and as payee, take the
first significant digit of every payment of at least 10 units (smaller amounts are excluded, as
Nigrini advises) in the currency it was booked in, and compare the digit shares with Benford's
``log10(1 + 1/d)``. The mean absolute deviation (MAD) over the nine digits is read against
Nigrini's first-digit bands: ≤ 0.006 close conformity, ≤ 0.012 acceptable, ≤ 0.015 marginally
acceptable, above 0.015 nonconformity — only nonconformity raises an alert. MAD, unlike χ², does
not grow with sample size, but it is noisy in small samples: genuinely Benford data of ``n``
amounts shows an expected MAD of about 0.144/√n (0.008 at n = 300, 0.0046 at n = 1,000), so
groups with fewer than ``min_sample`` (300) amounts are not tested — below that, chance alone
comes within reach of the 0.015 bar. Benford describes amounts that arise from many factors; a
flat entitlement (every household gets AFN 4,500) is *assigned*, not grown, so a group whose
single most frequent amount makes up more than ``max_repeat_share`` (10 %) of it is not tested
(Nigrini's rule that assigned numbers are out of scope). Nor is a group whose amounts span
less than two orders of magnitude (95th percentile under ``min_span`` (100) × the 5th): weekly
grants that track one caseload sit in a narrow band whose first digits Benford says nothing
about.
"""

from __future__ import annotations

import math
from collections.abc import Iterator
from dataclasses import dataclass

from aidtrace.alerts.evidence import BenfordEvidence
from aidtrace.alerts.model import Alert, AlertKind, Severity, detected
from aidtrace.flows.detectors.base import num, require, rows, thresholds
from aidtrace.flows.payments import ensure_payments
from aidtrace.monitors import RunContext, register

EXPECTED = {d: math.log10(1 + 1 / d) for d in range(1, 10)}
BANDS = ((0.006, "close conformity"), (0.012, "acceptable conformity"), (0.015, "marginal"))


@dataclass(frozen=True)
class Thresholds:
    min_sample: int = 300
    min_amount: float = 10.0
    nonconformity_mad: float = 0.015
    max_repeat_share: float = 0.1
    min_span: float = 100.0


def band(mad: float) -> str:
    """Nigrini's first-digit conformity band for a MAD."""
    return next((name for limit, name in BANDS if mad <= limit), "nonconformity")


def mad(counts: dict[int, int]) -> float:
    """Mean absolute deviation of observed first-digit shares from Benford's."""
    total = sum(counts.values())
    return sum(abs(counts.get(d, 0) / total - p) for d, p in EXPECTED.items()) / 9


def _digit_counts(ctx: RunContext, side: str, t: Thresholds) -> dict[str, dict[int, int]]:
    engine = ctx.workspace.engine
    table = ensure_payments(engine)
    found = rows(
        engine,
        f"""
        WITH digits AS (
          SELECT {side} AS org,
                 -- arithmetic, not string slicing: faster, and the same on every engine;
                 -- clamped because log10 may round across a power of ten
                 greatest(1, least(9, CAST(floor(abs(amount) / power(10,
                     floor(log10(abs(amount))))) AS INTEGER))) AS digit
          FROM {table} WHERE abs(amount) >= ? AND {side} IS NOT NULL),
        repeats AS (SELECT {side} AS org, amount, count(*) AS n FROM {table}
                    WHERE abs(amount) >= ? AND {side} IS NOT NULL GROUP BY {side}, amount),
        spans AS (SELECT {side} AS org,
                         percentile_cont(0.05) WITHIN GROUP (ORDER BY abs(amount)) AS low,
                         percentile_cont(0.95) WITHIN GROUP (ORDER BY abs(amount)) AS high
                  FROM {table} WHERE abs(amount) >= ? AND {side} IS NOT NULL GROUP BY {side}),
        sized AS (SELECT r.org FROM repeats r JOIN spans s ON s.org = r.org GROUP BY r.org
                  HAVING sum(r.n) >= ? AND max(r.n) <= ? * sum(r.n)
                     AND max(s.high) >= ? * max(s.low))
        SELECT d.org, d.digit, count(*) AS n FROM digits d JOIN sized s ON s.org = d.org
        GROUP BY d.org, d.digit
        """,
        (t.min_amount, t.min_amount, t.min_amount, t.min_sample, t.max_repeat_share, t.min_span),
    )
    groups: dict[str, dict[int, int]] = {}
    for r in found:
        groups.setdefault(str(r["org"]), {})[int(num(r["digit"]))] = int(num(r["n"]))
    return groups


class BenfordMonitor:
    name = "flows.benford"
    version = "1"
    description = "First-digit test (Benford, Nigrini MAD bands) of each organisation's amounts"

    def run(self, ctx: RunContext) -> Iterator[Alert]:
        t = thresholds(ctx, self.name, Thresholds())
        require(ctx.workspace.engine, "ledger")
        for side, role in (("payer_org_id", "payer"), ("payee_org_id", "payee")):
            for org, counts in sorted(_digit_counts(ctx, side, t).items()):
                value = mad(counts)
                if value > t.nonconformity_mad:
                    yield self._alert(org, role, counts, value)

    def _alert(self, org: str, role: str, counts: dict[int, int], value: float) -> Alert:
        total = sum(counts.values())
        excess = max(EXPECTED, key=lambda d: counts.get(d, 0) / total - EXPECTED[d])
        return detected(
            self,
            AlertKind.BENFORD_NONCONFORMITY,
            subject=org,
            identity_key=role,
            score=min(1.0, value / 0.03),
            severity=Severity.MEDIUM,
            summary=(
                f"{org}'s {total:,} amounts as {role} do not follow Benford's law "
                f"(MAD {value:.4f} > 0.015); digit {excess} is over-represented"
            ),
            evidence=BenfordEvidence(
                {
                    "role": role,
                    "amounts": total,
                    "mad": round(value, 5),
                    "band": band(value),
                    "observed": {str(d): counts.get(d, 0) for d in EXPECTED},
                    "expected": {str(d): round(p * total, 1) for d, p in EXPECTED.items()},
                }
            ),
        )


MONITOR = register(BenfordMonitor())
