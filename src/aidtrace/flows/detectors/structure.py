"""The shape of the graph itself: money going round in loops, and parties outside the programme.

* **loops** — cycles of two to four organisations in the payment graph (A pays B pays A).
  Money coming back to where it started has no humanitarian purpose; the alert names the
  cycle and the smallest hop, the most that can have gone round.
* **outside the programme** — payments to or from an organisation id that the imported
  organisation list does not contain, or (once beneficiary and staff lists are imported) to a
  person on neither list: nobody vetted or screened that party.
"""

from __future__ import annotations

from collections.abc import Iterator

from aidtrace.alerts.evidence import OutsideProgrammeEvidence, PaymentLoopEvidence
from aidtrace.alerts.model import Alert, AlertKind, Severity, detected
from aidtrace.flows.detectors.base import has_rows, num, require, rows, usd
from aidtrace.flows.graph import loops, outside_parties_sql
from aidtrace.flows.payments import ensure_payments
from aidtrace.monitors import RunContext, register


class LoopMonitor:
    name = "flows.loops"
    version = "1"
    description = "Money that circles back to an organisation it came from"

    def run(self, ctx: RunContext) -> Iterator[Alert]:
        require(ctx.workspace.engine, "ledger")
        for loop in loops(ctx.workspace.engine):
            path = " → ".join((*loop.orgs, loop.orgs[0]))
            yield detected(
                self,
                AlertKind.PAYMENT_LOOP,
                subject=loop.orgs[0],
                identity_key=",".join(loop.orgs),
                score=0.8,
                severity=Severity.HIGH,
                summary=f"payments go round {path} (up to {usd(loop.usd)})",
                evidence=PaymentLoopEvidence(
                    {"cycle": list(loop.orgs), "max_round_trip_usd": round(loop.usd, 2)}
                ),
            )


class OutsidePartiesMonitor:
    name = "flows.outside_parties"
    version = "1"
    description = "Payments to or from organisations not on the programme's list"

    def run(self, ctx: RunContext) -> Iterator[Alert]:
        engine = ctx.workspace.engine
        # Without an organisation list every party would be "outside": nothing to compare with.
        require(engine, "ledger", "organisations")
        payments = ensure_payments(engine)
        for r in rows(engine, outside_parties_sql(payments, has_rows(engine, "people"))):
            txns = sorted(str(x) for x in r["txns"]) if isinstance(r["txns"], list) else []
            yield detected(
                self,
                AlertKind.OUTSIDE_PROGRAMME,
                subject=str(r["party"]),
                identity_key=str(r["side"]),
                score=0.7,
                severity=Severity.HIGH,
                summary=(
                    f"{r['party']} is not on the programme's lists but appears as "
                    f"{r['side']} in {r['payments']} payments ({usd(r['usd'])})"
                ),
                evidence=OutsideProgrammeEvidence(
                    {
                        "side": r["side"],
                        "payments": r["payments"],
                        "usd": round(num(r["usd"]), 2),
                        "txn_ids": txns[:50],
                    }
                ),
            )


MONITORS = (register(LoopMonitor()), register(OutsidePartiesMonitor()))
