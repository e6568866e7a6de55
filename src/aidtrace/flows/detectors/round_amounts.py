"""Round-number and threshold-hugging amounts: payments that look decided rather than priced.

*Round amounts.* An invoice is quantity × unit price, so its amount is almost never a whole
multiple of ``round_unit`` (10,000 in the booked currency); a lump sum "for transport" is. A
payment is flagged when it is such a multiple, at least ``min_multiples`` (10) × the unit, and
payments to the payee's peers — payees of the same role (vendor, cash agent, partner…, or a
person) — are round at most ``max_peer_rate`` (5 %) of the time: where round sums are the norm
(grants, flat entitlements) a round sum says nothing.

*Threshold hugging.* Approval limits invite amounts just below them. A payment hugs a limit
``T`` of ``limits_usd`` when its USD value lies in [T × (1 − ``band``), T) with ``band`` 3 %. An
approver is flagged when the hugging payments they approved are improbably
many against the programme-wide hugging rate: binomial tail P(X ≥ k | n, p0) below ``p_value``
(1e-4), with ``k ≥ min_hugging`` (3) and at least ``min_share`` (40 %) of its payments hugging.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass

from aidtrace.alerts.evidence import RoundAmountEvidence, ThresholdHuggingEvidence
from aidtrace.alerts.model import Alert, AlertKind, Severity, detected
from aidtrace.flows.detectors.base import num, require, rows, thresholds
from aidtrace.flows.payments import ensure_payments
from aidtrace.flows.stats import binom_sf
from aidtrace.monitors import RunContext, register

DEFAULT_LIMITS = (1_000.0, 2_500.0, 5_000.0, 10_000.0, 25_000.0, 50_000.0, 100_000.0)
MAX_LISTED = 50  # transaction ids listed in an alert's evidence


@dataclass(frozen=True)
class Thresholds:
    round_unit: float = 10_000.0
    min_multiples: int = 10
    max_peer_rate: float = 0.05
    limits_usd: tuple[float, ...] = DEFAULT_LIMITS
    band: float = 0.03
    p_value: float = 1e-4
    min_hugging: int = 3
    min_share: float = 0.4


def _round_flag(t: Thresholds) -> str:
    unit = float(t.round_unit)
    return f"(amount >= {unit * t.min_multiples} AND amount = floor(amount / {unit}) * {unit})"


def _round_payments(ctx: RunContext, t: Thresholds) -> list[dict[str, object]]:
    """Round payments whose payee's peer group is rarely paid round sums."""
    engine = ctx.workspace.engine
    table = ensure_payments(engine)
    return rows(
        engine,
        f"""
        WITH p AS (SELECT *, COALESCE(payee_role, 'person') AS peer_group,
                          CASE WHEN {_round_flag(t)} THEN 1 ELSE 0 END AS hit
                   FROM {table} WHERE payee IS NOT NULL),
        peers AS (SELECT peer_group, avg(hit) AS rate FROM p GROUP BY peer_group),
        payees AS (SELECT payee, count(*) AS n, sum(hit) AS k FROM p GROUP BY payee)
        SELECT p.txn_id, p.date, p.payer_org_id, p.payee, p.amount, p.currency, p.amount_usd,
               p.purpose, p.approved_by, p.peer_group, peers.rate, payees.n, payees.k
        FROM p JOIN peers ON peers.peer_group = p.peer_group
        JOIN payees ON payees.payee = p.payee
        WHERE p.hit = 1 AND peers.rate <= ?
        """,
        (t.max_peer_rate,),
    )


def _hug_flag(t: Thresholds) -> str:
    parts = [
        f"(amount_usd >= {limit * (1 - t.band)} AND amount_usd < {limit})" for limit in t.limits_usd
    ]
    return "(" + " OR ".join(parts) + ")"


def _entity_counts(ctx: RunContext, entity: str, group: str, flag: str) -> list[dict[str, object]]:
    """Per entity: payments, flagged payments, the peer group's flag rate and flagged ids."""
    engine = ctx.workspace.engine
    table = ensure_payments(engine)
    return rows(
        engine,
        f"""
        WITH p AS (SELECT txn_id, {entity} AS entity, {group} AS peer_group,
                          CASE WHEN {flag} THEN 1 ELSE 0 END AS hit
                   FROM {table} WHERE {entity} IS NOT NULL AND amount_usd IS NOT NULL),
        peers AS (SELECT peer_group, avg(hit) AS rate FROM p GROUP BY peer_group)
        SELECT p.entity, p.peer_group, count(*) AS n, sum(p.hit) AS k, max(peers.rate) AS rate,
               array_agg(CASE WHEN p.hit = 1 THEN p.txn_id END) AS txns
        FROM p JOIN peers ON peers.peer_group = p.peer_group
        GROUP BY p.entity, p.peer_group HAVING sum(p.hit) > 0
        """,
    )


def _findings(
    counts: list[dict[str, object]], t: Thresholds
) -> Iterator[tuple[dict[str, object], float]]:
    for r in counts:
        n, k, rate = int(num(r["n"])), int(num(r["k"])), num(r["rate"])
        if k < t.min_hugging or k / n < t.min_share:
            continue
        p = binom_sf(k, n, min(max(rate, 1e-6), 1 - 1e-6))
        if p < t.p_value:
            yield r, p


def _txns(r: dict[str, object]) -> list[str]:
    ids = r["txns"] if isinstance(r["txns"], list) else []
    return sorted(str(i) for i in ids if i is not None)


class RoundAmountsMonitor:
    name = "flows.round_amounts"
    version = "2"
    description = "Round lump sums paid where amounts are normally priced, not decided"

    def run(self, ctx: RunContext) -> Iterator[Alert]:
        t = thresholds(ctx, self.name, Thresholds())
        require(ctx.workspace.engine, "ledger")
        for r in _round_payments(ctx, t):
            yield detected(
                self,
                AlertKind.ROUND_AMOUNT,
                subject=str(r["payee"]),
                identity_key=str(r["txn_id"]),
                score=0.6,
                severity=Severity.MEDIUM,
                summary=(
                    f"{r['payer_org_id']} paid {r['payee']} a round {num(r['amount']):,.0f} "
                    f"{r['currency']} on {r['date']} ({r['purpose'] or 'no purpose given'}); "
                    f"only {100 * num(r['rate']):.1f}% of payments to {r['peer_group']}s are round"
                ),
                evidence=RoundAmountEvidence(
                    {
                        "txn_ids": [r["txn_id"]],
                        "amount": r["amount"],
                        "currency": r["currency"],
                        "amount_usd": round(num(r["amount_usd"]), 2),
                        "approved_by": r["approved_by"],
                        "peer_round_rate": round(num(r["rate"]), 4),
                        "payee_round_payments": r["k"],
                        "payee_payments": r["n"],
                    }
                ),
            )


class ThresholdHuggingMonitor:
    name = "flows.threshold_hugging"
    version = "1"
    description = "Approvers whose payments cluster just below approval limits"

    def run(self, ctx: RunContext) -> Iterator[Alert]:
        t = thresholds(ctx, self.name, Thresholds())
        require(ctx.workspace.engine, "ledger")
        # Approval limits bind approvers: payments without a recorded approver are left out.
        for r, p in _findings(_entity_counts(ctx, "approved_by", "'all'", _hug_flag(t)), t):
            yield detected(
                self,
                AlertKind.THRESHOLD_HUGGING,
                subject=str(r["entity"]),
                score=min(1.0, num(r["k"]) / num(r["n"])),
                severity=Severity.MEDIUM,
                summary=(
                    f"{r['k']} of {r['n']} payments under {r['entity']} sit within "
                    f"{100 * t.band:.0f}% below an approval limit "
                    f"(programme rate {100 * num(r['rate']):.1f}%, p = {p:.1e})"
                ),
                evidence=_hugging_evidence(r, p, t),
            )


def _hugging_evidence(r: dict[str, object], p: float, t: Thresholds) -> ThresholdHuggingEvidence:
    return ThresholdHuggingEvidence(
        {
            "payments": r["n"],
            "flagged": r["k"],
            "peer_rate": round(num(r["rate"]), 4),
            "p_value": p,
            "txn_ids": _txns(r)[:MAX_LISTED],
            "limits_usd": list(t.limits_usd),
        }
    )


MONITORS = (register(RoundAmountsMonitor()), register(ThresholdHuggingMonitor()))
