"""Vendors concentrated on one official: an approver who steers a payer's purchases to a few
vendors, or vendors who only ever get paid on one official's signature.

Method: for every vendor or cash agent paid at least ``min_payments`` (5) times, find the official
who approved most of its payments (``approved_by``). Under the null, the vendor's payments are
approved like the rest of its payer's payments to vendors, so with ``p`` that official's share
of the payer's vendor payments, ``k`` of ``n`` approvals by them has binomial tail
P(X ≥ k | n, p). A vendor is tied to the official when ``k / n`` ≥ ``min_share`` (80 %) and the
tail is below ``p_value`` (1e-3). An official tied to at least ``min_vendors`` (2) vendors
raises one alert, listing their tied vendors,
the value paid to them, and any vendor whose registered contact official (``official_id``) is the
same person.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass

from aidtrace.alerts.model import Alert, Severity
from aidtrace.flows.detectors.base import num, rows, thresholds, usd
from aidtrace.flows.payments import ensure_payments
from aidtrace.flows.stats import binom_sf
from aidtrace.monitors import RunContext, register


@dataclass(frozen=True)
class Thresholds:
    min_payments: int = 5
    min_share: float = 0.8
    p_value: float = 1e-3
    min_vendors: int = 2


def _top_approvers(ctx: RunContext, t: Thresholds) -> list[dict[str, object]]:
    engine = ctx.workspace.engine
    table = ensure_payments(engine)
    return rows(
        engine,
        f"""
        WITH p AS (SELECT payer_org_id, payee_org_id AS vendor, approved_by, amount_usd,
                          payee_official_id
                   FROM {table}
                   WHERE payee_role IN ('vendor', 'cash_agent') AND approved_by IS NOT NULL),
        payer_share AS (
          SELECT payer_org_id, approved_by,
                 count(*) * 1.0 / sum(count(*)) OVER (PARTITION BY payer_org_id) AS share
          FROM p GROUP BY payer_org_id, approved_by),
        vendor_approver AS (
          SELECT vendor, payer_org_id, approved_by, count(*) AS k, sum(amount_usd) AS usd,
                 max(payee_official_id) AS registered_official
          FROM p GROUP BY vendor, payer_org_id, approved_by),
        vendor_total AS (SELECT vendor, count(*) AS n, sum(amount_usd) AS usd FROM p
                         GROUP BY vendor HAVING count(*) >= ?),
        ranked AS (
          SELECT va.*, row_number() OVER (PARTITION BY va.vendor ORDER BY va.k DESC,
                                          va.approved_by) AS rank_in_vendor
          FROM vendor_approver va)
        SELECT r.vendor, r.payer_org_id, r.approved_by, r.k, vt.n, r.usd, vt.usd AS vendor_usd,
               ps.share AS payer_share, r.registered_official
        FROM ranked r JOIN vendor_total vt ON vt.vendor = r.vendor
        JOIN payer_share ps ON ps.payer_org_id = r.payer_org_id
             AND ps.approved_by = r.approved_by
        WHERE r.rank_in_vendor = 1
        """,
        (t.min_payments,),
    )


def tied_vendors(
    found: list[dict[str, object]], t: Thresholds
) -> dict[str, list[dict[str, object]]]:
    """Official -> the vendors whose approvals concentrate on them beyond chance."""
    by_official: dict[str, list[dict[str, object]]] = {}
    for r in found:
        k, n, share = int(num(r["k"])), int(num(r["n"])), num(r["payer_share"])
        if k / n < t.min_share:
            continue
        p = binom_sf(k, n, min(max(share, 1e-6), 1 - 1e-6))
        if p < t.p_value:
            by_official.setdefault(str(r["approved_by"]), []).append({**r, "p_value": p})
    return {o: v for o, v in by_official.items() if len(v) >= t.min_vendors}


class VendorOfficialMonitor:
    name = "flows.vendor_official"
    version = "1"
    description = "Vendors whose payments are approved, beyond chance, by one official"

    def run(self, ctx: RunContext) -> Iterator[Alert]:
        t = thresholds(ctx, self.name, Thresholds())
        for official, vendors in sorted(tied_vendors(_top_approvers(ctx, t), t).items()):
            total = sum(num(v["usd"]) for v in vendors)
            names = sorted(str(v["vendor"]) for v in vendors)
            registered = sorted(
                str(v["vendor"]) for v in vendors if v["registered_official"] == official
            )
            yield Alert(
                monitor=self.name,
                monitor_version=self.version,
                kind="vendor_concentration",
                subject=official,
                score=min(1.0, 0.5 + 0.15 * len(vendors) + 0.2 * bool(registered)),
                severity=Severity.HIGH if registered or len(vendors) > 1 else Severity.MEDIUM,
                summary=(
                    f"official {official} approved nearly all payments to {len(vendors)} "
                    f"vendor(s) ({', '.join(names)}), {usd(total)} in all"
                ),
                evidence={
                    "vendors": [
                        {
                            "vendor": v["vendor"],
                            "payer": v["payer_org_id"],
                            "approved_by_official": v["k"],
                            "payments": v["n"],
                            "official_share_of_payer": round(num(v["payer_share"]), 3),
                            "p_value": v["p_value"],
                            "usd": round(num(v["usd"]), 2),
                        }
                        for v in sorted(vendors, key=lambda v: str(v["vendor"]))
                    ],
                    "vendors_registered_with_official": registered,
                },
            )


MONITOR = register(VendorOfficialMonitor())
