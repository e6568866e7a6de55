"""Vendors concentrated on one official: one person who manages, and signs for, far more of the
programme's suppliers than any colleague does.

Method: an official is *tied* to a vendor (or cash agent) when the organisation list names them
as the vendor's contact official (``official_id``), or when they approved at least
``min_share`` (50 %) of the vendor's payments, over at least ``min_payments`` (3) payments.
Officials normally look after a handful of suppliers each; an official tied to at least
``min_vendors`` (4) vendors *and* to at least ``ratio`` (3) × the median official's number is
flagged — a relative bar, so that a programme where every officer manages many vendors does not
light up. The evidence lists each tied vendor, how it is tied, the payments the official
approved and the value they carried.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass

from aidtrace.alerts.evidence import VendorConcentrationEvidence
from aidtrace.alerts.model import Alert, AlertKind, Severity, detected
from aidtrace.flows.detectors.base import num, require, rows, thresholds, usd
from aidtrace.flows.payments import ensure_payments
from aidtrace.flows.stats import median
from aidtrace.monitors import RunContext, register

SUPPLIERS = "('vendor', 'cash_agent')"


@dataclass(frozen=True)
class Thresholds:
    min_payments: int = 3
    min_share: float = 0.5
    min_vendors: int = 4
    ratio: float = 3.0


def _links(ctx: RunContext) -> list[dict[str, object]]:
    """Every (official, vendor) pair with its approvals and whether it is registered."""
    engine = ctx.workspace.engine
    table = ensure_payments(engine)
    return rows(
        engine,
        f"""
        WITH pay AS (SELECT payee_org_id AS vendor, approved_by, amount_usd FROM {table}
                     WHERE payee_role IN {SUPPLIERS}),
        approvals AS (SELECT vendor, approved_by AS official, count(*) AS k,
                             sum(amount_usd) AS usd
                      FROM pay WHERE approved_by IS NOT NULL GROUP BY vendor, approved_by),
        totals AS (SELECT vendor, count(*) AS n, sum(amount_usd) AS usd FROM pay
                   GROUP BY vendor),
        registered AS (SELECT org_id AS vendor, official_id AS official FROM organisations
                       WHERE role IN {SUPPLIERS} AND official_id IS NOT NULL)
        SELECT COALESCE(a.official, r.official) AS official,
               COALESCE(a.vendor, r.vendor) AS vendor,
               COALESCE(a.k, 0) AS k, COALESCE(t.n, 0) AS n, COALESCE(a.usd, 0) AS usd,
               COALESCE(t.usd, 0) AS vendor_usd,
               CASE WHEN r.official IS NULL THEN 0 ELSE 1 END AS registered
        FROM approvals a
        FULL OUTER JOIN registered r ON r.vendor = a.vendor AND r.official = a.official
        LEFT JOIN totals t ON t.vendor = COALESCE(a.vendor, r.vendor)
        """,
    )


def ties(links: list[dict[str, object]], t: Thresholds) -> dict[str, list[dict[str, object]]]:
    """Official -> the vendors tied to them, by registration or by approvals."""
    tied: dict[str, list[dict[str, object]]] = {}
    for link in links:
        k, n = num(link["k"]), num(link["n"])
        approves = n >= t.min_payments and k >= t.min_share * n
        if link["registered"] or approves:
            tied.setdefault(str(link["official"]), []).append(link)
    return tied


class VendorOfficialMonitor:
    name = "flows.vendor_official"
    version = "2"
    description = "Officials tied to far more vendors than their colleagues"

    def run(self, ctx: RunContext) -> Iterator[Alert]:
        t = thresholds(ctx, self.name, Thresholds())
        require(ctx.workspace.engine, "ledger")
        tied = ties(_links(ctx), t)
        if not tied:
            return
        typical = median([float(len({str(v["vendor"]) for v in vs})) for vs in tied.values()])
        for official, links in sorted(tied.items()):
            vendors = sorted({str(v["vendor"]) for v in links})
            if len(vendors) >= max(t.min_vendors, t.ratio * typical):
                yield self._alert(official, links, vendors, typical)

    def _alert(
        self, official: str, links: list[dict[str, object]], vendors: list[str], typical: float
    ) -> Alert:
        approved = sum(num(v["usd"]) for v in links)
        return detected(
            self,
            AlertKind.VENDOR_CONCENTRATION,
            subject=official,
            score=min(1.0, len(vendors) / (4 * max(typical, 1.0))),
            severity=Severity.HIGH,
            summary=(
                f"official {official} is tied to {len(vendors)} vendors (a typical official: "
                f"{typical:g}) and approved {usd(approved)} of payments to them"
            ),
            evidence=VendorConcentrationEvidence(
                {
                    "vendors": [
                        {
                            "vendor": v["vendor"],
                            "registered_official": bool(v["registered"]),
                            "approved_payments": v["k"],
                            "payments": v["n"],
                            "approved_usd": round(num(v["usd"]), 2),
                            "vendor_usd": round(num(v["vendor_usd"]), 2),
                        }
                        for v in sorted(links, key=lambda v: str(v["vendor"]))
                    ],
                    "typical_vendors_per_official": typical,
                    "approved_usd": round(approved, 2),
                }
            ),
        )


MONITOR = register(VendorOfficialMonitor())
