"""Short hand-overs: households recorded as receiving less than the entitlement everyone else
got — the skim between the cash agent (or the distribution team) and the household.

Method: for each district, partner (the organisation recording the hand-overs — two agencies'
lists in one district are two programmes), item and week, the value per unit handed over
(``value_usd`` / ``quantity`` over reached hand-overs) is set against the national median for
that item and week (the *index*). Items handed over at one flat rate everywhere (cash: AFN
4,500 at the day's rate) sit at 1 in most provinces: the median over provinces of each
province's median distance from 1 is within ``flat_spread`` (1 %) — read per province, so
that neither one programme skimming for many weeks makes cash look locally priced, nor a
quarter whose programmes mostly sit in one province makes a food basket look flat while the
other provinces' prices differ (the province is the P-code's first four characters, AF + two
digits). For a flat item a programme is short in a week when its index is below
1 − ``short_share`` (5 %).
Items priced locally (a food basket bought at provincial prices) differ between districts for
honest reasons, so there the index is set against the programme's own median index over the
period instead. A programme with at least ``min_weeks`` (2) short weeks holding together at
least ``min_handovers`` (5) hand-overs is flagged: a small programme hands over to two or three
households a week, and at a flat rate every one of them short is the same finding. The evidence
gives the weeks, the shortfall in USD and the partner.

SQL note: ``percentile_cont … WITHIN GROUP`` (ANSI; Spark ≥ 3.4) and ``USING`` joins.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass

from aidtrace.alerts.evidence import HandoverEvidence
from aidtrace.alerts.model import Alert, AlertKind, Severity, detected
from aidtrace.flows.detectors.base import num, require, rows, thresholds, usd
from aidtrace.monitors import RunContext, register


@dataclass(frozen=True)
class Thresholds:
    short_share: float = 0.05
    flat_spread: float = 0.01
    min_weeks: int = 2
    min_handovers: int = 5


INDEX_SQL = """
WITH d AS (
  SELECT district_code, partner_org_id, item, CAST(date_trunc('week', date) AS DATE) AS week_start,
         value_usd, quantity
  FROM distributions WHERE reached AND quantity > 0 AND value_usd > 0),
dw AS (
  SELECT district_code, partner_org_id AS partner, item, week_start,
         sum(value_usd) / sum(quantity) AS unit_value, count(*) AS handovers,
         sum(value_usd) AS usd
  FROM d GROUP BY district_code, partner_org_id, item, week_start),
national AS (
  SELECT item, week_start, percentile_cont(0.5) WITHIN GROUP (ORDER BY unit_value) AS norm
  FROM dw GROUP BY item, week_start),
indexed AS (
  SELECT dw.*, dw.unit_value / national.norm AS idx
  FROM dw JOIN national USING (item, week_start)),
by_province AS (
  SELECT item, substr(district_code, 1, 4) AS province,
         percentile_cont(0.5) WITHIN GROUP (ORDER BY abs(idx - 1)) AS spread
  FROM indexed GROUP BY item, substr(district_code, 1, 4)),
spread AS (
  SELECT item, percentile_cont(0.5) WITHIN GROUP (ORDER BY spread) AS spread
  FROM by_province GROUP BY item),
own AS (
  SELECT district_code, partner, item,
         percentile_cont(0.5) WITHIN GROUP (ORDER BY idx) AS typical
  FROM indexed GROUP BY district_code, partner, item)
SELECT i.district_code, i.item, i.week_start, i.handovers, i.usd, i.partner, i.idx,
       CASE WHEN s.spread <= ? THEN i.idx ELSE i.idx / o.typical END AS relative
FROM indexed i JOIN spread s USING (item) JOIN own o USING (district_code, partner, item)
"""


class ShortHandoversMonitor:
    name = "flows.short_handovers"
    version = "2"
    description = "Districts where households were recorded receiving less than the entitlement"

    def run(self, ctx: RunContext) -> Iterator[Alert]:
        t = thresholds(ctx, self.name, Thresholds())
        engine = ctx.workspace.engine
        require(engine, "distributions")
        short: dict[tuple[str, str, str], list[dict[str, object]]] = {}
        for w in rows(engine, INDEX_SQL, (t.flat_spread,)):
            if num(w["relative"]) < 1 - t.short_share:
                key = (str(w["district_code"]), str(w["partner"]), str(w["item"]))
                short.setdefault(key, []).append(w)
        for (district, partner, item), weeks in sorted(short.items()):
            handovers = sum(num(w["handovers"]) for w in weeks)
            if len(weeks) >= t.min_weeks and handovers >= t.min_handovers:
                yield self._alert(district, partner, item, weeks)

    def _alert(
        self, district: str, partner: str, item: str, weeks: list[dict[str, object]]
    ) -> Alert:
        recorded = sum(num(w["usd"]) for w in weeks)
        missing = sum(num(w["usd"]) * (1 / num(w["relative"]) - 1) for w in weeks)
        worst = min(num(w["relative"]) for w in weeks)
        return detected(
            self,
            AlertKind.LEAKAGE,
            subject=district,
            identity_key=f"handover:{partner}:{item}",
            score=min(1.0, (1 - worst) * 4),
            severity=Severity.HIGH,
            summary=(
                f"{district}: {item} hand-overs recorded {100 * (1 - worst):.0f}% below the "
                f"entitlement in {len(weeks)} week(s); about {usd(missing)} did not reach "
                f"households (recorded by {partner})"
            ),
            evidence=HandoverEvidence(
                {
                    "item": item,
                    "partner": partner,
                    "weeks": [
                        str(w["week_start"])
                        for w in sorted(weeks, key=lambda w: str(w["week_start"]))
                    ],
                    "relative_value": [round(num(w["relative"]), 3) for w in weeks],
                    "recorded_usd": round(recorded, 2),
                    "missing_usd": round(missing, 2),
                }
            ),
        )


MONITOR = register(ShortHandoversMonitor())
