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
from aidtrace.flows.detectors import last_mile
from aidtrace.flows.detectors.base import has_rows, num, require, rows, thresholds, usd
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


def _excess_at_payers(ctx: RunContext, vendors: list[str]) -> list[dict[str, object]]:
    """What each payer paid the ``vendors`` above market prices."""
    if not vendors:
        return []
    engine = ctx.workspace.engine
    table = ensure_payments(engine)
    marks = ", ".join("?" for _ in vendors)
    return rows(
        engine,
        f"""
        WITH market AS ({MARKET_PRICES_SQL})
        SELECT p.payee_org_id AS vendor, p.payer_org_id AS payer,
               sum((p.unit_price_usd - m.price_usd) * COALESCE(p.quantity, 0)) AS excess_usd
        FROM {table} p JOIN market m ON m.item = p.item
             AND m.province_code = p.province_code
             AND m.month = CAST(date_trunc('month', p.date) AS DATE)
        WHERE p.payee_org_id IN ({marks}) AND p.unit_price_usd > 0 AND m.price_usd > 0
        GROUP BY p.payee_org_id, p.payer_org_id
        """,
        tuple(vendors),
    )


def _at_payers(ctx: RunContext) -> list[last_mile.Finding]:
    """The overpriced vendors' excess as money at the payers that paid it: bought, not
    handed over."""
    if not has_rows(ctx.workspace.engine, "market_prices"):
        return []
    vendors = [str(r["vendor"]) for r in _vendors(ctx, Thresholds())]
    return [
        last_mile.Finding(
            str(AlertKind.OVERPRICED_VENDOR),
            str(r["vendor"]),
            str(r["payer"]),
            num(r["excess_usd"]),
        )
        for r in _excess_at_payers(ctx, vendors)
        if num(r["excess_usd"]) > 0
    ]


last_mile.explains(str(AlertKind.OVERPRICED_VENDOR), _at_payers)


class UnitPricesMonitor:
    name = "flows.unit_prices"
    version = "1"
    description = "Vendors whose unit prices sit well above the local market price"

    def run(self, ctx: RunContext) -> Iterator[Alert]:
        t = thresholds(ctx, self.name, Thresholds())
        require(ctx.workspace.engine, "ledger", "market_prices")
        found = _vendors(ctx, t)
        short = last_mile.carried(ctx, AlertKind.OVERPRICED_VENDOR) if found else {}
        for r in found:
            ratio = num(r["median_ratio"])
            txns = [str(x) for x in r["txns"]] if isinstance(r["txns"], list) else []
            found_ = OverpricedVendorEvidence(
                {
                    "lines": r["lines"],
                    "median_ratio": round(ratio, 3),
                    "excess_usd": round(num(r["excess_usd"]), 2),
                    "worst_txn_ids": txns[:20],
                }
            )
            carried = short.get(str(r["vendor"]), [])
            if carried:
                found_["last_mile"] = carried
            yield detected(
                self,
                AlertKind.OVERPRICED_VENDOR,
                subject=str(r["vendor"]),
                score=min(1.0, (ratio - 1) / 1.0),
                severity=Severity.HIGH if ratio >= 1.5 else Severity.MEDIUM,
                summary=(
                    f"{r['vendor']} charged a median {100 * (ratio - 1):.0f}% above market "
                    f"over {r['lines']} lines, about {usd(r['excess_usd'])} in excess"
                    f"{last_mile.sentence(carried)}"
                ),
                evidence=found_,
            )


MONITOR = register(UnitPricesMonitor())
