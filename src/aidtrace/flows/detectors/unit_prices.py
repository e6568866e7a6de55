"""Unit prices against market prices: vendors charging well above the local market.

Method: each ledger line with an item and a unit price is converted to USD at its day's rate and
compared with the market price of the same item in the same province and month (``prices``,
AFN, converted at that month's rate). A vendor is flagged when it has at least ``min_lines`` (3)
comparable lines and its *median* price ratio is at least ``ratio`` (1.25, i.e. 25 % above
market) — the median, so that one odd line neither makes nor hides a pattern. The evidence
lists the vendor's worst lines and the excess paid over market prices.

SQL note: months come from ``date_trunc('month', …)``, accepted by DuckDB and Spark.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass

from aidtrace.alerts.evidence import OverpricedVendorEvidence
from aidtrace.alerts.model import Alert, AlertKind, Severity, detected
from aidtrace.flows.detectors.base import num, require, rows, thresholds, usd
from aidtrace.flows.payments import MARKET_PRICES_SQL, ensure_payments
from aidtrace.monitors import RunContext, register


@dataclass(frozen=True)
class Thresholds:
    min_lines: int = 3
    ratio: float = 1.25


def _vendors(ctx: RunContext, t: Thresholds) -> list[dict[str, object]]:
    engine = ctx.workspace.engine
    table = ensure_payments(engine)
    return rows(
        engine,
        f"""
        WITH market AS ({MARKET_PRICES_SQL}),
        lines AS (
          SELECT p.txn_id, p.payee_org_id AS vendor, p.item, p.quantity,
                 p.unit_price_usd, m.price_usd, p.unit_price_usd / m.price_usd AS ratio
          FROM {table} p JOIN market m ON m.item = p.item
               AND m.province_code = p.province_code
               AND m.month = CAST(date_trunc('month', p.date) AS DATE)
          WHERE p.payee_org_id IS NOT NULL AND p.unit_price_usd > 0 AND m.price_usd > 0)
        SELECT vendor, count(*) AS lines,
               percentile_cont(0.5) WITHIN GROUP (ORDER BY ratio) AS median_ratio,
               sum((unit_price_usd - price_usd) * COALESCE(quantity, 0)) AS excess_usd,
               array_agg(txn_id ORDER BY ratio DESC) AS txns
        FROM lines GROUP BY vendor
        HAVING count(*) >= ?
           AND percentile_cont(0.5) WITHIN GROUP (ORDER BY ratio) >= ?
        """,
        (t.min_lines, t.ratio),
    )


class UnitPricesMonitor:
    name = "flows.unit_prices"
    version = "1"
    description = "Vendors whose unit prices sit well above the local market price"

    def run(self, ctx: RunContext) -> Iterator[Alert]:
        t = thresholds(ctx, self.name, Thresholds())
        require(ctx.workspace.engine, "ledger", "market_prices")
        for r in _vendors(ctx, t):
            ratio = num(r["median_ratio"])
            txns = [str(x) for x in r["txns"]] if isinstance(r["txns"], list) else []
            yield detected(
                self,
                AlertKind.OVERPRICED_VENDOR,
                subject=str(r["vendor"]),
                score=min(1.0, (ratio - 1) / 1.0),
                severity=Severity.HIGH if ratio >= 1.5 else Severity.MEDIUM,
                summary=(
                    f"{r['vendor']} charged a median {100 * (ratio - 1):.0f}% above market "
                    f"over {r['lines']} lines, about {usd(r['excess_usd'])} in excess"
                ),
                evidence=OverpricedVendorEvidence(
                    {
                        "lines": r["lines"],
                        "median_ratio": round(ratio, 3),
                        "excess_usd": round(num(r["excess_usd"]), 2),
                        "worst_txn_ids": txns[:20],
                    }
                ),
            )


MONITOR = register(UnitPricesMonitor())
