"""Equity of delivery: does aid reach districts in proportion to their need (and their plan)?

Per district, the engine counts distinct households reached (distribution records marked
reached) and sums the value delivered. Against a basis — people in need, or planned USD — each
district ``d`` the programme serves expects ``E_d = O · w_d / Σw`` of the ``O`` households
reached in all. Districts with a plan but no delivery at all are not tested here (nothing to
compare within); :func:`~aidtrace.flows.summary.province_figures` shows them as coverage gaps.

Need comes from whatever was imported: a needs file, or the HNO caseload (``aidtrace import
hno``, whose district totals become needs rows). With IPC phases imported (``aidtrace import
ipc``) a third basis, ``ipc3``, weighs each district by its province's people in phase 3 or
worse at the latest current analysis, shared among the province's districts by their need.
:func:`province_funding` sets published FTS funding that names a province against the
province's people in need and IPC 3+ population.

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
    IPC3 = "ipc3"  # people in IPC phase 3 or worse (the province's, shared by people in need)


# A province's IPC 3+ population is shared among its districts in proportion to their need.
_IPC3_SHARE = (
    "i.ipc3_people * n.people_in_need "
    "/ NULLIF(sum(n.people_in_need) OVER (PARTITION BY n.province_code), 0)"
)
_WEIGHT = {Basis.NEED: "n.people_in_need", Basis.PLAN: "n.planned_usd", Basis.IPC3: _IPC3_SHARE}

# Each province's people in IPC phase 3+ at its latest current analysis on or before a month:
# the sum over its analysis areas (which do not overlap), else the province-level figure.
IPC_PROVINCES_SQL = """
WITH phase3 AS (
  SELECT province_code, level, analysis_month, people FROM ipc_phases
  WHERE phase = '3+' AND validity = 'current' AND province_code IS NOT NULL
    AND analysis_month IS NOT NULL AND analysis_month <= CAST(? AS DATE)
    AND level IN ('area', 'province')),
latest AS (SELECT province_code, max(analysis_month) AS month FROM phase3 GROUP BY 1),
summed AS (
  SELECT p.province_code, p.analysis_month, p.level, sum(p.people) AS people
  FROM phase3 p JOIN latest l
    ON l.province_code = p.province_code AND l.month = p.analysis_month
  GROUP BY 1, 2, 3),
ranked AS (
  SELECT *, row_number() OVER (PARTITION BY province_code
                               ORDER BY CASE level WHEN 'area' THEN 0 ELSE 1 END) AS pick
  FROM summed)
SELECT province_code, analysis_month, people AS ipc3_people FROM ranked WHERE pick = 1
"""

LATEST = "9999-12-31"
NO_IPC = (
    "SELECT CAST(NULL AS VARCHAR) AS province_code, CAST(NULL AS DATE) AS analysis_month, "
    "CAST(NULL AS BIGINT) AS ipc3_people WHERE 1 = 0"
)

DISTRICTS_SQL = """
WITH ipc AS ({ipc}),
handed AS (
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
LEFT JOIN ipc i ON i.province_code = n.province_code
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
    # An engine holding only the programme tables (a Spark session) has no IPC phases at all.
    with_ipc = engine.has_table("ipc_phases")
    sql = DISTRICTS_SQL.format(weight=_WEIGHT[basis], ipc=IPC_PROVINCES_SQL if with_ipc else NO_IPC)
    found = engine.query(sql, (LATEST,) if with_ipc else ()).to_pylist()
    # Filtered here, not in SQL: a district's share of its province's IPC 3+ population is
    # taken over every district with a need, served or not.
    found = [r for r in found if int(r["households"]) > 0 and (r["weight"] or 0) > 0]
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


@dataclass(frozen=True)
class ProvinceFunding:
    """Published funding a province received against its need (HNO) and IPC 3+ population."""

    province_code: str
    funded_usd: float
    flows: int
    people_in_need: int | None
    ipc3_people: int | None
    ipc_month: str | None

    @property
    def usd_per_person_in_need(self) -> float | None:
        return self.funded_usd / self.people_in_need if self.people_in_need else None

    @property
    def usd_per_ipc3_person(self) -> float | None:
        return self.funded_usd / self.ipc3_people if self.ipc3_people else None


# Funding where it was last recorded: flows into an organisation that passes nothing on inside
# the country (so money through a pooled fund counts once), split equally among the provinces a
# flow names.
LOCATED_FUNDING_SQL = """
WITH passers AS (
  SELECT DISTINCT src_org FROM fts_flows
  WHERE boundary = 'internal' AND status IN ('commitment', 'paid') AND src_org IS NOT NULL),
last_hop AS (
  SELECT flow_id, amount_usd, province_codes FROM fts_flows
  WHERE status IN ('commitment', 'paid') AND province_codes IS NOT NULL
    AND dest_org NOT IN (SELECT src_org FROM passers)),
split AS (
  SELECT trim(p.code) AS province_code, flow_id,
         amount_usd / len(string_split(province_codes, ',')) AS usd
  FROM last_hop, unnest(string_split(province_codes, ',')) AS p(code))
SELECT province_code, sum(usd) AS usd, count(DISTINCT flow_id) AS flows
FROM split GROUP BY 1
"""

# People in need per province: the HNO's overall province total, else its districts' sum.
PROVINCE_NEED_SQL = """
SELECT admin1_code AS province_code, max(in_need) AS people_in_need FROM hno_caseload
WHERE admin1_code IS NOT NULL AND admin2_code IS NULL AND cluster = 'ALL'
  AND COALESCE(category, 'total') = 'total'
GROUP BY 1
UNION ALL
SELECT province_code, sum(people_in_need) FROM needs
WHERE province_code NOT IN (
  SELECT admin1_code FROM hno_caseload WHERE admin1_code IS NOT NULL AND admin2_code IS NULL
    AND cluster = 'ALL')
GROUP BY 1
"""


def province_funding(engine: Engine, ipc_month: str = LATEST) -> list[ProvinceFunding]:
    """Every province with located funding, need or IPC figures, in P-code order.

    ``ipc_month`` (YYYY-MM-DD) takes each province's IPC analysis on or before it, so funding
    of one year can be set against the food insecurity of that year."""
    funded = {str(r["province_code"]): r for r in engine.query(LOCATED_FUNDING_SQL).to_pylist()}
    need = {
        str(r["province_code"]): int(r["people_in_need"])
        for r in engine.query(PROVINCE_NEED_SQL).to_pylist()
        if r["people_in_need"] is not None
    }
    ipc = {
        str(r["province_code"]): r
        for r in engine.query(IPC_PROVINCES_SQL, (ipc_month,)).to_pylist()
    }
    return [
        ProvinceFunding(
            province_code=code,
            funded_usd=float(funded[code]["usd"]) if code in funded else 0.0,
            flows=int(funded[code]["flows"]) if code in funded else 0,
            people_in_need=need.get(code),
            ipc3_people=int(ipc[code]["ipc3_people"]) if code in ipc else None,
            ipc_month=str(ipc[code]["analysis_month"]) if code in ipc else None,
        )
        for code in sorted(set(funded) | set(need) | set(ipc))
    ]
