"""Split payments: one purchase cut into parts so that each stays under an approval limit.

Method: payments from one payer to one payee approved by one official for one district, of one
size (amounts in the same ``tolerance``-wide logarithmic bin), are grouped into bursts — a new
burst starts when more than ``window_days`` (3) pass since the previous one. A burst is a split
when it looks *cut* rather than grown:

* at least ``min_parts`` (2) payments whose booked amounts are alike to within ``tolerance``
  (1 %): an honest week of invoices is quantity × price for different items and never repeats
  to the afghani, while a purchase cut in equal parts does (equal transfers for two districts
  of the same size are told apart by the district);
* each part under a distinct invoice number (a repeated number is a duplicate invoice, another
  monitor's finding);
* together at least ``min_total_usd`` (US$1,000);
* and, when approval limits are given (``limits`` in the booked currency, e.g.
  ``{"AFN": [500000]}``), every part is below a limit that the parts pass together, with
  exactly as many parts as it takes (⌊total / T⌋ + 1). Without limits (the default, since
  limits differ by organisation and are rarely in the data) the equal-parts test stands alone.

SQL note: bursts are islands found with ``lag`` and a running ``sum`` (ANSI window functions);
``date - INTERVAL n DAY`` is accepted by DuckDB and Spark alike.
"""

from __future__ import annotations

import math
from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field

from aidtrace.alerts.evidence import ExplainedLastMileEvidence, SplitPaymentEvidence
from aidtrace.alerts.model import Alert, AlertKind, Severity, detected
from aidtrace.flows.detectors import last_mile, spikes
from aidtrace.flows.detectors.base import num, require, rows, thresholds, usd
from aidtrace.flows.payments import ensure_payments
from aidtrace.monitors import RunContext, register


@dataclass(frozen=True)
class Thresholds:
    window_days: int = 3
    min_parts: int = 2
    tolerance: float = 0.01
    min_total_usd: float = 1000.0
    limits: Mapping[str, tuple[float, ...]] = field(default_factory=dict)


def _bursts(ctx: RunContext, t: Thresholds) -> list[dict[str, object]]:
    engine = ctx.workspace.engine
    table = ensure_payments(engine)
    days = int(t.window_days)
    key = "payer_org_id, payee, approver, district, currency, size"
    return rows(
        engine,
        f"""
        WITH p AS (SELECT txn_id, payer_org_id, payee, date, amount, currency, amount_usd,
                          COALESCE(approved_by, '') AS approver, invoice_no,
                          COALESCE(district_code, '') AS district,
                          CAST(round(ln(amount) / ln(1 + ?)) AS BIGINT) AS size
                   FROM {table} WHERE payee IS NOT NULL AND amount > 0),
        marked AS (
          SELECT *, CASE WHEN lag(date) OVER w >= date - INTERVAL {days} DAY THEN 0 ELSE 1 END
                    AS starts
          FROM p WINDOW w AS (PARTITION BY {key} ORDER BY date, txn_id)),
        bursts AS (
          SELECT *, sum(starts) OVER (PARTITION BY {key} ORDER BY date, txn_id
                                      ROWS UNBOUNDED PRECEDING) AS burst
          FROM marked)
        SELECT {key}, burst, count(*) AS parts, sum(amount) AS total,
               sum(amount_usd) AS total_usd, min(amount) AS smallest, max(amount) AS largest,
               min(date) AS first_date, max(date) AS last_date,
               count(DISTINCT invoice_no) AS invoices, count(invoice_no) AS invoiced,
               array_agg(txn_id) AS txns
        FROM bursts GROUP BY {key}, burst
        HAVING count(*) >= ? AND min(amount) >= (1 - ?) * max(amount)
           AND sum(amount_usd) >= ?
        """,
        (t.tolerance, t.min_parts, t.tolerance, t.min_total_usd),
    )


def is_cut(parts: int, total: float, limit: float) -> bool:
    """Exactly as many parts as it takes to keep each under the limit."""
    return parts == math.floor(total / limit) + 1


def dodged_limit(b: Mapping[str, object], t: Thresholds) -> float | None:
    """The approval limit the parts stay under together with passing it, if limits are known."""
    for limit in sorted(t.limits.get(str(b["currency"]), ())):
        largest, total = num(b["largest"]), num(b["total"])
        if largest < limit <= total and is_cut(int(num(b["parts"])), total, limit):
            return limit
    return None


def split_bursts(ctx: RunContext, t: Thresholds) -> list[tuple[dict[str, object], float | None]]:
    """The bursts the monitor raises, each with the approval limit it dodged (if limits are
    given): a repeated invoice number is a duplicate, not a split."""
    found = []
    for b in _bursts(ctx, t):
        if num(b["invoiced"]) and num(b["invoices"]) < num(b["invoiced"]):
            continue
        limit = dodged_limit(b, t)
        if t.limits and limit is None:
            continue
        found.append((b, limit))
    return found


def _at_payers(ctx: RunContext) -> list[last_mile.Finding]:
    """The splits as money at their payers: a purchase paid in parts buys nothing handed over."""
    return [
        last_mile.Finding(
            str(AlertKind.SPLIT_PAYMENT),
            last_mile.txn_key(b),
            str(b["payer_org_id"]),
            num(b["total_usd"]),
        )
        for b, _ in split_bursts(ctx, Thresholds())
    ]


last_mile.explains(str(AlertKind.SPLIT_PAYMENT), _at_payers)


class SplitPaymentsMonitor:
    name = "flows.split_payments"
    version = "3"
    description = "Bursts of equal payments to one payee, one approver, several invoices"

    def run(self, ctx: RunContext) -> Iterator[Alert]:
        t = thresholds(ctx, self.name, Thresholds())
        require(ctx.workspace.engine, "ledger")
        found = split_bursts(ctx, t)
        weeks = spikes.spikes(ctx, spikes.Thresholds()) if found else []
        short = last_mile.carried(ctx, AlertKind.SPLIT_PAYMENT) if found else {}
        for b, limit in found:
            sides = ((spikes.explained(w, b, spikes.Thresholds()), w) for w in weeks)
            yield self._alert(
                b,
                limit,
                {side: w for side, w in sides if side},
                short.get(last_mile.txn_key(b), []),
            )

    def _alert(
        self,
        b: Mapping[str, object],
        limit: float | None,
        weeks: dict[str, dict[str, object]],
        short: list[ExplainedLastMileEvidence],
    ) -> Alert:
        """``weeks``: the spike weeks the burst makes, by side (``velocity``: the vendor's,
        ``payer_velocity``: the payer's); ``short``: the payer's last-mile shortfall, when the
        burst (with the payer's other procurement findings) explains it."""
        txns = sorted(str(x) for x in b["txns"]) if isinstance(b["txns"], list) else []
        under = f", each under {limit:,.0f} {b['currency']}" if limit else ""
        week = ""
        found = SplitPaymentEvidence(
            {
                "payer": b["payer_org_id"],
                "payee": b["payee"],
                "approved_by": b["approver"] or None,
                "parts": b["parts"],
                "total": round(num(b["total"]), 2),
                "currency": b["currency"],
                "total_usd": round(num(b["total_usd"]), 2),
                "limit": limit,
                "txn_ids": txns,
            }
        )
        if short:
            found["last_mile"] = short
            week += last_mile.sentence(short)
        if "velocity" in weeks:
            found["velocity"] = spikes.evidence(weeks["velocity"])
        if "payer_velocity" in weeks:
            found["payer_velocity"] = spikes.evidence(weeks["payer_velocity"])
        for side, spike in sorted(weeks.items(), reverse=True):
            times = num(spike["usd"]) / max(num(spike["median_usd"]), 1e-9)
            whose = b["payee"] if side == "velocity" else f"{b['payer_org_id']}'s receipts"
            week += (
                f"; {whose} in the week of {spike['week_start']} came to {usd(spike['usd'])}, "
                f"{times:.1f}× its median week"
            )
        return detected(
            self,
            AlertKind.SPLIT_PAYMENT,
            subject=str(b["payee"]),
            identity_key=",".join(txns),
            score=min(1.0, 0.5 + 0.1 * int(num(b["parts"]))),
            severity=Severity.MEDIUM,
            summary=(
                f"{b['parts']} equal payments of about {num(b['largest']):,.0f} {b['currency']} "
                f"from {b['payer_org_id']} to {b['payee']} between {b['first_date']} and "
                f"{b['last_date']}{under}, approved by {b['approver'] or 'nobody recorded'}; "
                f"{usd(b['total_usd'])} together{week}"
            ),
            evidence=found,
        )


MONITOR = register(SplitPaymentsMonitor())
