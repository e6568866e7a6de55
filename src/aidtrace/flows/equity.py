"""Equity of delivery: does aid reach districts in proportion to their need (and their plan)?

Per district, the engine counts distinct households reached (distribution records marked
reached) and sums the value delivered. Against a basis — people in need, or planned USD — each
district ``d`` the programme serves expects ``E_d = O · w_d / Σw`` of the ``O`` households
reached in all. Districts with a plan but no delivery at all are not tested here (nothing to
compare within); :func:`~aidtrace.flows.summary.province_figures` shows them as coverage gaps.

The test is built for districts of very different sizes. With ``r_d = log((O_d + ½)/(E_d + ½))``,
the sampling variance of ``r_d`` is about ``v_d = 1/(O_d + ½)`` (Poisson), and districts also
differ genuinely by a spread ``τ²`` estimated robustly from the data (1.4826 × MAD of ``r``,
squared, less the typical ``v``). Then

* ``z_d = (r_d − median r) / √(v_d + τ²)``, two-sided p-value, Benjamini–Hochberg across
  districts (``q``);
* the effect size is the empirical-Bayes rate ratio ``exp(median r + (r_d − median r) ·
  τ²/(τ² + v_d))`` — a district with a handful of households is pulled towards the middle
  instead of looking extreme by chance.

A district is over-served when ``q < q_value`` (0.05) and its ratio ≥ ``ratio`` (2), under-served
when ``q < q_value`` and its ratio ≤ 1/``ratio``: the test guards against small-district noise
(3 households reached where 6 were due is z ≈ −1.1, nowhere near), the ratio against trivial but
significant differences in large ones. The shrunken ratio is reported as the best estimate of
the true effect, not used as a gate: with a normal prior it over-shrinks genuine outliers.
Changes over time compare each district's share of households reached in the earlier and
later halves of the period with a conditional binomial test (see :func:`shifts`).
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from enum import StrEnum

from aidtrace.flows.stats import benjamini_hochberg, binom_sf, median, normal_sf
from aidtrace.store.engine import Engine


class Basis(StrEnum):
    NEED = "need"  # people in need
    PLAN = "plan"  # planned USD


_WEIGHT = {Basis.NEED: "n.people_in_need", Basis.PLAN: "n.planned_usd"}

DISTRICTS_SQL = """
WITH handed AS (
  SELECT district_code,
         count(DISTINCT CASE WHEN reached THEN COALESCE(household_id, distribution_id) END)
             AS households,
         sum(CASE WHEN reached THEN value_usd ELSE 0 END) AS delivered_usd
  FROM distributions GROUP BY district_code)
SELECT n.district_code, n.district, n.province_code, n.province, n.people_in_need,
       n.ipc_phase, COALESCE(n.planned_usd, 0) AS planned_usd,
       COALESCE(h.households, 0) AS households, COALESCE(h.delivered_usd, 0) AS delivered_usd,
       {weight} AS weight
FROM needs n LEFT JOIN handed h ON h.district_code = n.district_code
WHERE h.households > 0
"""


@dataclass(frozen=True)
class DistrictEquity:
    """One district's delivery against its basis, with the test and effect size."""

    district_code: str
    district: str | None
    province_code: str
    people_in_need: int
    planned_usd: float
    delivered_usd: float
    households: int
    expected: float
    ratio: float  # observed / expected, raw
    shrunk_ratio: float  # empirical-Bayes effect size
    z: float
    q: float

    @property
    def usd_per_person_in_need(self) -> float:
        return self.delivered_usd / self.people_in_need if self.people_in_need else 0.0


def district_equity(engine: Engine, basis: Basis = Basis.NEED) -> list[DistrictEquity]:
    """Every programme district's test result (empty without needs or deliveries)."""
    found = engine.query(DISTRICTS_SQL.format(weight=_WEIGHT[basis])).to_pylist()
    found = [r for r in found if (r["weight"] or 0) > 0]
    total_o = sum(int(r["households"]) for r in found)
    total_w = sum(float(r["weight"]) for r in found)
    if len(found) < 3 or total_o == 0:
        return []
    expected = [total_o * float(r["weight"]) / total_w for r in found]
    logr = [
        math.log((int(r["households"]) + 0.5) / (e + 0.5))
        for r, e in zip(found, expected, strict=True)
    ]
    var = [1 / (int(r["households"]) + 0.5) for r in found]
    centre = median(logr)
    spread = 1.4826 * median([abs(x - centre) for x in logr])
    tau2 = max(spread**2 - median(var), 0.01)
    z = [(x - centre) / math.sqrt(v + tau2) for x, v in zip(logr, var, strict=True)]
    q = benjamini_hochberg([2 * normal_sf(abs(x)) for x in z])
    return [
        DistrictEquity(
            district_code=str(r["district_code"]),
            district=r["district"],
            province_code=str(r["province_code"]),
            people_in_need=int(r["people_in_need"]),
            planned_usd=float(r["planned_usd"]),
            delivered_usd=float(r["delivered_usd"]),
            households=int(r["households"]),
            expected=e,
            ratio=(int(r["households"]) + 0.5) / (e + 0.5),
            shrunk_ratio=math.exp(centre + (x - centre) * tau2 / (tau2 + v)),
            z=zi,
            q=qi,
        )
        for r, e, x, v, zi, qi in zip(found, expected, logr, var, z, q, strict=True)
    ]


@dataclass(frozen=True)
class Shift:
    """A district whose share of households reached changed between two halves of the period."""

    district_code: str
    earlier: int
    later: int
    expected_later: float
    p_value: float

    @property
    def change(self) -> float:
        """Later households over what the district's earlier share predicted (1 = no change)."""
        return (self.later + 0.5) / (self.expected_later + 0.5)


SHIFTS_SQL = """
SELECT district_code, sum(CASE WHEN date < ? THEN 1 ELSE 0 END) AS earlier,
       sum(CASE WHEN date < ? THEN 0 ELSE 1 END) AS later
FROM distributions WHERE reached GROUP BY district_code
"""


def shifts(engine: Engine, p_value: float = 1e-4, min_change: float = 2.0) -> list[Shift]:
    """Districts whose later share of households reached moved by at least ``min_change``×.

    Given a district's total over both halves, its later count is binomial with the programme's
    later share; both tails are tested.
    """
    span = engine.query("SELECT min(date) AS lo, max(date) AS hi FROM distributions").to_pylist()
    lo, hi = span[0]["lo"], span[0]["hi"]
    if lo is None or hi is None or lo == hi:
        return []
    middle = lo + (hi - lo) / 2
    found = engine.query(SHIFTS_SQL, (middle, middle)).to_pylist()
    early_all = sum(int(r["earlier"]) for r in found)
    late_all = sum(int(r["later"]) for r in found)
    if not early_all or not late_all:
        return []
    share = late_all / (early_all + late_all)
    out = []
    for r in found:
        e, late = int(r["earlier"]), int(r["later"])
        n = e + late
        s = Shift(str(r["district_code"]), e, late, n * share, 1.0)
        p = 2 * min(binom_sf(late, n, share), 1 - binom_sf(late + 1, n, share))
        if p < p_value and max(s.change, 1 / s.change) >= min_change:
            out.append(Shift(s.district_code, e, late, s.expected_later, p))
    return out
