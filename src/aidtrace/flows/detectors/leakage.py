"""Leakage along the chain: money that a hop does not account for.

Three readings of the flow graph (``flows/graph.py``):

* **hop gap** — the payer's ledger says it sent more than the receiver reports receiving in
  IATI (incoming funds naming the payer), and no report makes it up within ``settle_weeks`` (3).
  A report that names its payment (its transaction ``ref`` is the ledger's ``txn_id``) is set
  against that payment alone: a payment reported a week late, or in two instalments, is
  accounted for by its own reports, never by another payment's. Reports that name no payment
  (no ``ref``, or one the ledger does not hold) fall back to weekly netting against the hop's
  payments that no report names: a later week's surplus settles earlier shortfalls oldest
  first. A payment (or, netted, a week) is short when what stays unreported exceeds both
  ``min_gap_usd`` (US$10) and ``gap_share`` (2 %) of what was sent — rounding does not reach
  that; a shortfall whose settlement window runs past the last week of data is not raised yet.
  The alert gathers a hop's short payments and weeks, with the payments and districts.
  Weekly, because skimming runs for a few weeks and vanishes in a quarter's totals. Only hops
  whose receiver reports at all are read.
* **retention** — an intermediary (UN agency, partner, sub-partner) keeps a larger share of
  what it received than its peers of the same role do. Overheads differ, so the bar is robust
  and relative: median share of the role + max(``min_excess`` (10 points), ``robust_z`` (4) ×
  1.4826 × MAD), among organisations that received at least ``min_received_usd``.
* **last-mile shortfall** — an organisation's hand-overs reached people for a smaller share of
  what it spent on aid (payments to vendors, cash agents and people; running costs such as
  salaries, transport and rent left out: ``RUNNING_PURPOSES`` of ``flows/graph.py``) than its
  peers' (same robust bar, mirrored, never narrower than the other peers' mean deviation). A
  shortfall the payer's procurement findings explain (split purchases, overpriced vendors,
  duplicate invoices) is evidence in their alerts, and one its hand-overs never seen reaching
  people explain is the ghost and hand-over monitors' finding; only what nothing explains is
  raised here (:mod:`aidtrace.flows.detectors.last_mile`).
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from datetime import date, timedelta

from aidtrace.alerts.evidence import HopGapEvidence, RetainedEvidence
from aidtrace.alerts.model import Alert, AlertKind, Finder, Severity, detected
from aidtrace.flows.detectors import last_mile
from aidtrace.flows.detectors.base import num, require, rows, thresholds, usd
from aidtrace.flows.graph import hop_payments_sql, loose_reports_sql
from aidtrace.flows.payments import ensure_payments
from aidtrace.monitors import RunContext, register

Row = dict[str, object]


@dataclass(frozen=True)
class Thresholds:
    min_gap_usd: float = 10.0
    gap_share: float = 0.02
    min_excess: float = 0.10
    robust_z: float = 4.0
    min_received_usd: float = 1000.0
    settle_weeks: int = 3


def _alert(
    monitor: str,
    kind: AlertKind,
    subject: str,
    key: str,
    score: float,
    summary: str,
    evidence: Mapping[str, object],
) -> Alert:
    return detected(
        Finder(monitor),
        kind,
        subject=subject,
        identity_key=key,
        score=max(0.0, min(1.0, score)),
        severity=Severity.HIGH if score >= 0.5 else Severity.MEDIUM,
        summary=summary,
        evidence=evidence,
    )


class HopGapMonitor:
    name = "flows.hop_gap"
    version = "3"
    description = "Hops where the receiver reports receiving less than the payer sent"

    def run(self, ctx: RunContext) -> Iterator[Alert]:
        t = thresholds(ctx, self.name, Thresholds())
        engine = ctx.workspace.engine
        require(engine, "ledger", "iati_transactions")
        payments = ensure_payments(engine)
        sent = rows(engine, hop_payments_sql(payments, 7 * t.settle_weeks))
        loose = rows(engine, loose_reports_sql(payments))
        end = max((_day(r["week_start"]) for r in [*sent, *loose]), default=date.min)
        paid, reports = _by_hop(sent), _by_hop(loose)
        for payer, payee in sorted(paid.keys() | reports.keys()):
            short = shortfalls(
                paid.get((payer, payee), []), reports.get((payer, payee), []), end, t
            )
            if short:
                yield self._alert(payer, payee, short, t)

    def _alert(self, payer: str, payee: str, short: list[Shortfall], t: Thresholds) -> Alert:
        weeks = [s.week for s in short]
        days = sorted({str(w["week_start"]) for w in weeks})
        sent = sum(num(w["sent_usd"]) for w in weeks)
        gap = sum(s.unreported for s in short)
        txns = sorted(str(x) for w in weeks for x in _listed(w["txns"]))
        districts = sorted({str(x) for w in weeks for x in _listed(w["districts"]) if x})
        return _alert(
            self.name,
            AlertKind.HOP_GAP,
            payee,
            payer,
            gap / max(sent, 1.0) * 5,
            f"{payer} → {payee}: in {len(days)} week(s) sent {usd(sent)}, of which "
            f"{usd(gap)} ({100 * gap / max(sent, 1.0):.0f}%) the receiver has not reported "
            f"receiving within {t.settle_weeks} weeks",
            HopGapEvidence(
                {
                    "payer": payer,
                    "payee": payee,
                    "sent_usd": round(sent, 2),
                    "reported_usd": round(sent - gap, 2),
                    "gap_usd": round(gap, 2),
                    "weeks": days,
                    "settle_weeks": t.settle_weeks,
                    "districts": districts,
                    "txn_ids": txns[:100],
                }
            ),
        )


def _by_hop(found: list[Row]) -> dict[tuple[str, str], list[Row]]:
    hops: dict[tuple[str, str], list[Row]] = {}
    for r in found:
        hops.setdefault((str(r["payer_org_id"]), str(r["payee_org_id"])), []).append(r)
    return hops


@dataclass
class Shortfall:
    """A week of one hop (or one payment of it, as a week holding that payment alone) and what
    of it is still unreported."""

    week: Row
    unreported: float


def _day(value: object) -> date:
    return value if isinstance(value, date) else date.fromisoformat(str(value)[:10])


def shortfalls(paid: list[Row], loose: list[Row], end: date, t: Thresholds) -> list[Shortfall]:
    """What one hop leaves unreported: each payment that reports name (``reports`` > 0) against
    what they account for within the window; the payments no report names netted week by week
    (:func:`unsettled`) against the hop's ``loose`` reports (per week, naming no payment)."""
    window = timedelta(weeks=t.settle_weeks)
    named = [
        Shortfall(_alone(p), num(p["sent_usd"]) - num(p["reported_usd"]))
        for p in paid
        if num(p["reports"]) and end - _day(p["week_start"]) > window
    ]
    netted = unsettled(_weekly([p for p in paid if not num(p["reports"])], loose), end, t)
    return sorted(
        [s for s in named if _short(s, t)] + netted,
        key=lambda s: (_day(s.week["week_start"]), [str(x) for x in _listed(s.week["txns"])]),
    )


def _alone(p: Row) -> Row:
    """One payment as a week of its own."""
    return {
        "week_start": p["week_start"],
        "sent_usd": num(p["sent_usd"]),
        "reported_usd": num(p["reported_usd"]),
        "txns": [p["txn_id"]],
        "districts": [p["district_code"]],
    }


def _weekly(paid: list[Row], loose: list[Row]) -> list[Row]:
    """Payments and reports summed per week, in week order (a side with nothing shows zero)."""
    weeks: dict[date, Row] = {}
    for day in sorted({_day(r["week_start"]) for r in [*paid, *loose]}):
        weeks[day] = {"week_start": day, "sent_usd": 0.0, "reported_usd": 0.0, "txns": []}
        weeks[day]["districts"] = []
    for p in paid:
        w = weeks[_day(p["week_start"])]
        w["sent_usd"] = num(w["sent_usd"]) + num(p["sent_usd"])
        _listed(w["txns"]).append(p["txn_id"])
        _listed(w["districts"]).append(p["district_code"])
    for r in loose:
        w = weeks[_day(r["week_start"])]
        w["reported_usd"] = num(w["reported_usd"]) + num(r["reported_usd"])
    return list(weeks.values())


def _short(s: Shortfall, t: Thresholds) -> bool:
    return s.unreported >= t.min_gap_usd and s.unreported >= t.gap_share * num(s.week["sent_usd"])


def unsettled(hop: list[Row], end: date, t: Thresholds) -> list[Shortfall]:
    """The weeks of one hop (in order) whose shortfall no later report made up within
    ``settle_weeks``; later surpluses settle the oldest open shortfalls first."""
    window = timedelta(weeks=t.settle_weeks)
    open_: list[Shortfall] = []
    closed: list[Shortfall] = []
    for w in hop:
        day = _day(w["week_start"])
        while open_ and day - _day(open_[0].week["week_start"]) > window:
            closed.append(open_.pop(0))
        balance = num(w["sent_usd"]) - num(w["reported_usd"])
        if balance > 0:
            open_.append(Shortfall(w, balance))
        surplus = -balance
        for s in open_:
            if surplus <= 0:
                break
            settled = min(s.unreported, surplus)
            s.unreported -= settled
            surplus -= settled
    # A shortfall whose window runs past the data may still be reported: not raised yet.
    closed += [s for s in open_ if end - _day(s.week["week_start"]) > window]
    return [s for s in closed if _short(s, t)]


def _listed(value: object) -> list[object]:
    return value if isinstance(value, list) else []


class RetentionMonitor:
    name = "flows.retention"
    version = "2"
    description = "Intermediaries keeping far more of what they receive than their peers"

    def run(self, ctx: RunContext) -> Iterator[Alert]:
        t = thresholds(ctx, self.name, Thresholds())
        require(ctx.workspace.engine, "ledger", "organisations")
        nodes = last_mile.nodes(ctx, t.min_received_usd)
        yield from self._retained(nodes, t)
        yield from self._last_mile(ctx, nodes, t)

    def _retained(self, nodes: list[dict[str, object]], t: Thresholds) -> Iterator[Alert]:
        for role in sorted({str(n["role"]) for n in nodes}):
            peers = [n for n in nodes if n["role"] == role]
            shares = [num(n["retained_usd"]) / num(n["received_usd"]) for n in peers]
            mid, bar = last_mile.robust_bar(shares, t.min_excess, t.robust_z)
            for n, share in zip(peers, shares, strict=True):
                if share > mid + bar:
                    yield _alert(
                        self.name,
                        AlertKind.LEAKAGE,
                        str(n["org_id"]),
                        "retained",
                        (share - mid) * 4,
                        f"{n['org_id']} ({role}) kept {100 * share:.0f}% of the "
                        f"{usd(n['received_usd'])} it received; peers keep {100 * mid:.0f}%",
                        RetainedEvidence(
                            {
                                "received_usd": round(num(n["received_usd"]), 2),
                                "passed_on_usd": round(num(n["passed_on_usd"]), 2),
                                "retained_usd": round(num(n["retained_usd"]), 2),
                                "retained_share": round(share, 4),
                                "peer_median_share": round(mid, 4),
                                "peers": len(peers),
                            }
                        ),
                    )

    def _last_mile(
        self, ctx: RunContext, nodes: list[dict[str, object]], t: Thresholds
    ) -> Iterator[Alert]:
        bar = last_mile.Thresholds(t.min_excess, t.robust_z, t.min_received_usd)
        short = last_mile.shortfalls(nodes, last_mile.findings(ctx) if nodes else [], bar)
        for s in short:
            if s.explained_by:
                continue  # evidence in the alerts of the findings that explain it
            yield _alert(
                self.name,
                AlertKind.LEAKAGE,
                s.org_id,
                "last_mile",
                (s.peer_median_share - s.share) * 4,
                f"{s.org_id} spent {usd(s.spent_usd)} on goods and cash but hand-overs reached "
                f"people for {usd(s.delivered_usd)} ({100 * s.share:.0f}%; peers "
                f"{100 * s.peer_median_share:.0f}%)",
                last_mile.evidence(s),
            )


MONITORS = (register(HopGapMonitor()), register(RetentionMonitor()))
