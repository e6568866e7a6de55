"""Duplicate invoices: the same bill paid twice.

Method: invoice numbers are normalised (upper case, only letters and digits, leading zeros of
the number dropped: ``inv-0042`` = ``INV42``) and grouped per payee; an invoice number paid more
than once to the same payee is a duplicate. A second, weaker signal catches re-submission under
a new number: two payments to one payee with the same amount (to the cent), the same item and
quantity within ``same_amount_days`` (30) days, both carrying invoice numbers. It is off by
default (``check_same_amount``): programmes that buy the same basket for the same caseload
every cycle produce such pairs honestly, and on the demo scenario it cost more precision than
it added recall.

SQL note: ``regexp_replace`` and ``upper`` exist in DuckDB and Spark with the same meaning.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass

from aidtrace.alerts.evidence import DuplicateInvoiceEvidence, ExplainedLastMileEvidence
from aidtrace.alerts.model import Alert, AlertKind, Severity, detected
from aidtrace.flows.detectors import last_mile
from aidtrace.flows.detectors.base import num, require, rows, thresholds, usd
from aidtrace.flows.payments import ensure_payments
from aidtrace.monitors import RunContext, register


@dataclass(frozen=True)
class Thresholds:
    same_amount_days: int = 30
    check_same_amount: bool = False


NORMALISED = (
    "regexp_replace(regexp_replace(upper(invoice_no), '[^A-Z0-9]', '', 'g'), "
    "'(^|[A-Z])0+([0-9])', '\\1\\2', 'g')"
)


def _same_number(ctx: RunContext) -> list[dict[str, object]]:
    engine = ctx.workspace.engine
    table = ensure_payments(engine)
    return rows(
        engine,
        f"""
        WITH p AS (SELECT txn_id, payer_org_id, payee, amount_usd, date, invoice_no,
                          {NORMALISED} AS inv
                   FROM {table} WHERE invoice_no IS NOT NULL AND payee IS NOT NULL)
        SELECT payee, inv, count(*) AS n, sum(amount_usd) AS total,
               min(payer_org_id) AS payer, max(amount_usd) AS largest,
               array_agg(txn_id) AS txns, array_agg(invoice_no) AS numbers
        FROM p WHERE inv <> '' GROUP BY payee, inv HAVING count(*) > 1
        """,
    )


def _same_amount(ctx: RunContext, t: Thresholds) -> list[dict[str, object]]:
    engine = ctx.workspace.engine
    table = ensure_payments(engine)
    days = int(t.same_amount_days)
    return rows(
        engine,
        f"""
        WITH p AS (SELECT txn_id, payee, amount, currency, amount_usd, date, invoice_no,
                          COALESCE(item, '') AS item, COALESCE(quantity, -1) AS quantity,
                          {NORMALISED} AS inv
                   FROM {table} WHERE invoice_no IS NOT NULL AND payee IS NOT NULL)
        SELECT a.payee, a.inv AS inv, 2 AS n, a.amount_usd + b.amount_usd AS total,
               a.txn_id AS txn_a, b.txn_id AS txn_b, a.invoice_no AS number_a,
               b.invoice_no AS number_b
        FROM p a JOIN p b ON a.payee = b.payee AND a.amount = b.amount
             AND a.currency = b.currency AND a.item = b.item AND a.quantity = b.quantity
             AND a.txn_id < b.txn_id AND a.inv <> b.inv
             AND b.date BETWEEN a.date - INTERVAL {days} DAY AND a.date + INTERVAL {days} DAY
        """,
    )


def _at_payers(ctx: RunContext) -> list[last_mile.Finding]:
    """The repeat payments of an invoice paid more than once, as money at the payer: the
    same goods bought twice are handed over once."""
    return [
        last_mile.Finding(
            str(AlertKind.DUPLICATE_INVOICE),
            last_mile.txn_key(r),
            str(r["payer"]),
            num(r["total"]) - num(r["largest"]),
        )
        for r in _same_number(ctx)
    ]


last_mile.explains(str(AlertKind.DUPLICATE_INVOICE), _at_payers)


class DuplicateInvoicesMonitor:
    name = "flows.duplicate_invoices"
    version = "1"
    description = "The same invoice (or the same bill under a new number) paid twice"

    def run(self, ctx: RunContext) -> Iterator[Alert]:
        t = thresholds(ctx, self.name, Thresholds())
        require(ctx.workspace.engine, "ledger")
        found = _same_number(ctx)
        short = last_mile.carried(ctx, AlertKind.DUPLICATE_INVOICE) if found else {}
        for r in found:
            yield self._alert(r, "same invoice number", 0.9, short.get(last_mile.txn_key(r), []))
        if t.check_same_amount:
            for r in _same_amount(ctx, t):
                pair = {
                    **r,
                    "txns": [r["txn_a"], r["txn_b"]],
                    "numbers": [r["number_a"], r["number_b"]],
                }
                yield self._alert(pair, "same amount, item and quantity", 0.6)

    def _alert(
        self,
        r: dict[str, object],
        how: str,
        score: float,
        short: list[ExplainedLastMileEvidence] | None = None,
    ) -> Alert:
        """``short``: the payer's last-mile shortfall, when this duplicate (with the payer's
        other procurement findings) explains it."""
        txns = [str(x) for x in r["txns"]] if isinstance(r["txns"], list) else []
        numbers = r["numbers"] if isinstance(r["numbers"], list) else []
        found = DuplicateInvoiceEvidence(
            {
                "match": how,
                "invoice_numbers": numbers,
                "txn_ids": sorted(txns),
                "total_usd": round(num(r["total"]), 2),
            }
        )
        if short:
            found["last_mile"] = short
        return detected(
            self,
            AlertKind.DUPLICATE_INVOICE,
            subject=str(r["payee"]),
            identity_key=",".join(sorted(txns)),
            score=score,
            severity=Severity.HIGH if score > 0.8 else Severity.MEDIUM,
            summary=(
                f"{r['payee']} was paid {r['n']} times ({how}: {', '.join(map(str, numbers))}), "
                f"{usd(r['total'])} in all{last_mile.sentence(short or [])}"
            ),
            evidence=found,
        )


MONITOR = register(DuplicateInvoicesMonitor())
