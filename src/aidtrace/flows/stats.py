"""Small, dependency-free statistics the detectors use on aggregates the engine computed.

Exact tails where the sums are short, normal approximations (with continuity correction) where
counts are large enough for them to be accurate to well under the thresholds we test against.
"""

from __future__ import annotations

import math
from collections.abc import Sequence


def _log_binom_pmf(k: int, n: int, p: float) -> float:
    return (
        math.lgamma(n + 1)
        - math.lgamma(k + 1)
        - math.lgamma(n - k + 1)
        + k * math.log(p)
        + (n - k) * math.log1p(-p)
    )


def binom_sf(k: int, n: int, p: float) -> float:
    """P(X ≥ k) for X ~ Binomial(n, p)."""
    if k <= 0:
        return 1.0
    if k > n or p <= 0.0:
        return 0.0
    if p >= 1.0:
        return 1.0
    if n * p * (1 - p) >= 25:
        z = (k - 0.5 - n * p) / math.sqrt(n * p * (1 - p))
        return normal_sf(z)
    # Exact: the terms fall fast beyond the mode, so a short sum suffices.
    total, i = 0.0, k
    while i <= n:
        term = math.exp(_log_binom_pmf(i, n, p))
        total += term
        if i > n * p and term < total * 1e-12:
            break
        i += 1
    return min(1.0, total)


def normal_sf(z: float) -> float:
    """P(Z ≥ z) for a standard normal Z."""
    return 0.5 * math.erfc(z / math.sqrt(2))


def benjamini_hochberg(p_values: Sequence[float]) -> list[float]:
    """False-discovery-rate adjusted p-values (q-values), in the input order."""
    m = len(p_values)
    order = sorted(range(m), key=lambda i: p_values[i])
    q = [0.0] * m
    running = 1.0
    for rank in range(m, 0, -1):
        i = order[rank - 1]
        running = min(running, p_values[i] * m / rank)
        q[i] = running
    return q


def median(values: Sequence[float]) -> float:
    ordered = sorted(values)
    n = len(ordered)
    if n == 0:
        return math.nan
    mid = n // 2
    return ordered[mid] if n % 2 else (ordered[mid - 1] + ordered[mid]) / 2
