"""Split payments: one purchase cut into parts so that each stays under an approval limit.

Method: for each approval limit ``T`` (the USD limits of ``flows.threshold_hugging``), the
payments from one payer to one payee, approved by one official, that are below ``T`` but at least
``min_part_of_limit`` (45 %) of it are grouped into bursts — a new burst starts when more than
``window_days`` (3) pass since the previous one. A burst is a split when it has at least
``min_parts`` (2) payments that together reach ``T``, and it looks cut rather than grown: the
parts are alike (smallest at least ``min_ratio`` (80 %) of the largest — genuine repeat
purchases vary more) and there are exactly as many as needed to stay under ``T``
(⌊total / T⌋ + 1). A payment is reported in one burst only, that of the smallest limit.

SQL note: bursts are islands found with ``lag`` and a running ``sum`` (ANSI window functions);
``date - INTERVAL n DAY`` is accepted by DuckDB and Spark alike.
"""

from __future__ import annotations

import math
from collections.abc import Iterator
from dataclasses import dataclass

from aidtrace.alerts.model import Alert, Severity
from aidtrace.flows.detectors.base import num, rows, thresholds, usd
from aidtrace.flows.detectors.round_amounts import DEFAULT_LIMITS
from aidtrace.flows.payments import ensure_payments
from aidtrace.monitors import RunContext, register


@dataclass(frozen=True)
class Thresholds:
    window_days: int = 3
    min_parts: int = 2
    min_ratio: float = 0.8
    min_part_of_limit: float = 0.45
    limits_usd: tuple[float, ...] = DEFAULT_LIMITS


def _bursts(ctx: RunContext, t: Thresholds) -> list[dict[str, object]]:
    engine = ctx.workspace.engine
    table = ensure_payments(engine)
    days = int(t.window_days)
    limits = ", ".join(f"({float(v)})" for v in t.limits_usd)
    key = "limit_usd, payer_org_id, payee, approver"
    return rows(
        engine,
        f"""
        WITH limits AS (SELECT * FROM (VALUES {limits}) AS l(limit_usd)),
        p AS (SELECT f.txn_id, f.payer_org_id, f.payee, f.date, f.amount_usd,
                     COALESCE(f.approved_by, '') AS approver, l.limit_usd
              FROM {table} f JOIN limits l ON f.amount_usd >= ? * l.limit_usd
                   AND f.amount_usd < l.limit_usd
              WHERE f.payee IS NOT NULL),
        marked AS (
          SELECT *, CASE WHEN lag(date) OVER w >= date - INTERVAL {days} DAY THEN 0 ELSE 1 END
                    AS starts
          FROM p WINDOW w AS (PARTITION BY {key} ORDER BY date, txn_id)),
        bursts AS (
          SELECT *, sum(starts) OVER (PARTITION BY {key} ORDER BY date, txn_id
                                      ROWS UNBOUNDED PRECEDING) AS burst
          FROM marked)
        SELECT {key}, burst, count(*) AS parts, sum(amount_usd) AS total,
               min(amount_usd) AS smallest, max(amount_usd) AS largest,
               min(date) AS first_date, max(date) AS last_date, array_agg(txn_id) AS txns
        FROM bursts GROUP BY {key}, burst
        HAVING count(*) >= ? AND sum(amount_usd) >= limit_usd
           AND min(amount_usd) >= ? * max(amount_usd)
        ORDER BY limit_usd
        """,
        (t.min_part_of_limit, t.min_parts, t.min_ratio),
    )


def is_cut(parts: int, total: float, limit: float) -> bool:
    """Exactly as many parts as it takes to keep each under the limit."""
    return parts == math.floor(total / limit) + 1


class SplitPaymentsMonitor:
    name = "flows.split_payments"
    version = "1"
    description = "Bursts of like payments to one payee that together pass an approval limit"

    def run(self, ctx: RunContext) -> Iterator[Alert]:
        t = thresholds(ctx, self.name, Thresholds())
        seen: set[str] = set()
        for b in _bursts(ctx, t):
            limit = num(b["limit_usd"])
            txns = sorted(str(x) for x in b["txns"]) if isinstance(b["txns"], list) else []
            if not is_cut(int(num(b["parts"])), num(b["total"]), limit) or seen & set(txns):
                continue
            seen.update(txns)
            yield Alert(
                monitor=self.name,
                monitor_version=self.version,
                kind="split_payment",
                subject=str(b["payee"]),
                identity_key=",".join(txns),
                score=min(1.0, 0.5 + 0.1 * int(num(b["parts"]))),
                severity=Severity.MEDIUM,
                summary=(
                    f"{b['parts']} payments from {b['payer_org_id']} to {b['payee']} between "
                    f"{b['first_date']} and {b['last_date']}, each under {usd(limit)}, "
                    f"total {usd(b['total'])}"
                ),
                evidence={
                    "payer": b["payer_org_id"],
                    "payee": b["payee"],
                    "limit_usd": limit,
                    "total_usd": round(num(b["total"]), 2),
                    "largest_usd": round(num(b["largest"]), 2),
                    "smallest_usd": round(num(b["smallest"]), 2),
                    "approved_by": b["approver"] or None,
                    "txn_ids": txns,
                },
            )


MONITOR = register(SplitPaymentsMonitor())
