"""The money trace the report draws: every dollar once, from where it came from to where it ended.

The ledger says who paid whom; hand-over records say whether what reached the last mile reached
people. Drawing both as money (as the report once did) counts the same dollars twice: a
sub-partner's food hand-overs are the goods it bought from vendors, its cash hand-overs are the
money its cash agents paid out. Here the ledger alone carries the money, and the hand-over
records only say how the money that reached the last mile ended:

- **reached people** / **not reached**: what cash agents (or partners) paid to beneficiaries,
  and what was paid to vendors for goods handed over, split by the hand-over records' reached
  share of that kind (cash, or goods); goods bought beyond what hand-over records cover end in
  *not yet reported*;
- **staff and running costs**: salaries paid to people, and vendor payments for logistics or
  transport (money kept by the operation, with its reason);
- **leaked**: what an open leakage or hop-gap alert finds missing at an organisation (kept back
  by it, or, where it kept nothing back, lost in the hand-overs of those it paid);
- **not yet reported**: what an organisation received and the data does not (yet) show it
  passed on, spent or handed over.

An organisation that passed on more than the data shows it received draws the difference from
*funds not in the data* (money it held before the period, or income not imported). Every node
but a source and an end then has inflow equal to outflow (``check_conservation``).

Published FTS flows (``aidtrace import fts``) are in the ledger as payments and are traced the
same way: FTS follows money to partners, not to people, so what a partner received ends in *not
yet reported*. A pooled fund whose own donors are not in the data draws what it passed on from
*funds not in the data*.
"""

from __future__ import annotations

import json
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass

from aidtrace.flows.detectors.base import has_rows, num, rows
from aidtrace.flows.payments import ensure_payments
from aidtrace.flows.summary import SankeyLink, SankeyNode
from aidtrace.store.engine import Engine

REACHED, NOT_REACHED = "reached people", "not reached"
RUNNING = "staff and running costs"
LEAKED = "leaked"
UNREPORTED = "not yet reported"
OUTSIDE = "funds not in the data"
ENDS = (REACHED, NOT_REACHED, RUNNING, LEAKED, UNREPORTED)

# Payment purposes that pay for running the operation rather than aid itself.
RUNNING_PURPOSES = frozenset(
    {"salary", "salaries", "wage", "wages", "stipend", "incentive", "logistics", "transport"}
    | {"rent", "overhead", "support_costs"}
)
CASH_ITEMS = frozenset({"cash", "cash_transfer", "voucher", "mobile_money"})
_TOLERANCE = 0.5  # USD: below this an imbalance is rounding


@dataclass(frozen=True)
class Trace:
    """Nodes and links (USD) of the money, and what could not be converted to USD."""

    nodes: tuple[SankeyNode, ...]
    links: tuple[SankeyLink, ...]
    source: str  # "ledger" or "" (nothing to trace)
    unconverted: int = 0  # payments left out: no exchange rate for their currency


class Flows:
    """Money being gathered: org-to-org links, ends per organisation, each node's role."""

    def __init__(self) -> None:
        self.links: dict[tuple[str, str], float] = defaultdict(float)
        self.roles: dict[str, str] = {}

    def add(self, source: str, target: str, usd: float) -> None:
        if usd > 0 and source != target:
            self.links[(source, target)] += usd

    def totals(self) -> tuple[dict[str, float], dict[str, float]]:
        inflow: dict[str, float] = defaultdict(float)
        outflow: dict[str, float] = defaultdict(float)
        for (a, b), usd in self.links.items():
            outflow[a] += usd
            inflow[b] += usd
        return inflow, outflow


def _shares(engine: Engine) -> dict[bool, float]:
    """Reached share of hand-over value, for cash (True) and for goods (False)."""
    if not has_rows(engine, "distributions"):
        return {}
    found = rows(
        engine,
        "SELECT lower(item) AS item, sum(CASE WHEN reached THEN value_usd ELSE 0 END) AS r, "
        "sum(value_usd) AS v FROM distributions GROUP BY 1",
    )
    reached: dict[bool, float] = defaultdict(float)
    value: dict[bool, float] = defaultdict(float)
    for row in found:
        cash = str(row["item"]) in CASH_ITEMS
        reached[cash] += num(row["r"])
        value[cash] += num(row["v"])
    return {k: reached[k] / value[k] for k in value if value[k] > 0}


def _goods_handed(engine: Engine) -> float:
    if not has_rows(engine, "distributions"):
        return 0.0
    found = rows(
        engine, "SELECT lower(item) AS item, sum(value_usd) AS v FROM distributions GROUP BY 1"
    )
    return sum(num(r["v"]) for r in found if str(r["item"]) not in CASH_ITEMS)


def _to_people(flows: Flows, org: str, usd: float, share: float | None) -> None:
    """Money handed to beneficiaries: reached or not, as the hand-over records have it."""
    if share is None:
        flows.add(org, REACHED, usd)  # no hand-over records: the payment is all there is
        return
    flows.add(org, REACHED, usd * share)
    flows.add(org, NOT_REACHED, usd * (1 - share))


def _ledger(engine: Engine, flows: Flows) -> tuple[dict[str, float], int]:
    """The ledger's payments into ``flows``; returns the goods money per vendor, and how many
    payments had no USD rate."""
    payments = ensure_payments(engine)
    found = rows(
        engine,
        f"SELECT payer_org_id AS payer, COALESCE(payer_role, 'unknown') AS payer_role, "
        f"payee_org_id AS payee, COALESCE(payee_role, 'unknown') AS payee_role, "
        f"lower(COALESCE(purpose, '')) AS purpose, count(*) AS n, "
        f"count(*) FILTER (WHERE amount_usd IS NULL) AS unconverted, sum(amount_usd) AS usd "
        f"FROM {payments} GROUP BY ALL",
    )
    shares = _shares(engine)
    goods: dict[str, float] = defaultdict(float)
    for row in found:
        payer, usd, purpose = str(row["payer"]), num(row["usd"]), str(row["purpose"])
        flows.roles[payer] = str(row["payer_role"])
        if row["payee"] is None:  # paid to a person
            if purpose in RUNNING_PURPOSES:
                flows.add(payer, RUNNING, usd)
            else:
                _to_people(flows, payer, usd, shares.get(True))
            continue
        payee = str(row["payee"])
        flows.roles[payee] = str(row["payee_role"])
        flows.add(payer, payee, usd)
        if row["payee_role"] == "vendor":
            key = "running" if purpose in RUNNING_PURPOSES else "goods"
            goods[f"{key}:{payee}"] += usd
    return goods, int(sum(num(r["unconverted"]) for r in found))


def _vendors(engine: Engine, flows: Flows, bought: dict[str, float]) -> None:
    """Vendors' money ends as running costs, or as goods handed over (reached or not), or as
    goods no hand-over record covers yet; goods records are spread over vendors by value."""
    goods_total = sum(v for k, v in bought.items() if k.startswith("goods:"))
    covered = min(1.0, _goods_handed(engine) / goods_total) if goods_total else 0.0
    share = _shares(engine).get(False)
    for key, usd in bought.items():
        kind, vendor = key.split(":", 1)
        if kind == "running":
            flows.add(vendor, RUNNING, usd)
            continue
        _to_people(flows, vendor, usd * covered, share if share is not None else 1.0)
        flows.add(vendor, UNREPORTED, usd * (1 - covered))


def _leaks(engine: Engine) -> dict[str, float]:
    """Missing money per organisation, from leakage and hop-gap alerts not cleared."""
    if not has_rows(engine, "alerts"):
        return {}
    found = rows(
        engine,
        "SELECT kind, evidence FROM alerts WHERE kind IN ('leakage', 'hop_gap') "
        "AND status NOT IN ('cleared')",
    )
    leaks: dict[str, float] = defaultdict(float)
    for row in found:
        evidence = json.loads(str(row["evidence"]))
        org = evidence.get("partner") or evidence.get("payee")
        usd = evidence.get("missing_usd") or evidence.get("gap_usd")
        if org and usd:
            leaks[str(org)] += num(usd)
    return leaks


def _settle(flows: Flows, leaks: dict[str, float], ends: frozenset[str]) -> dict[str, float]:
    """Close every organisation: a shortfall from *funds not in the data*, a remainder to
    *leaked* (as far as alerts find it) and *not yet reported*. Returns the leaks no
    remainder could hold."""
    unplaced = dict(leaks)
    inflow, outflow = flows.totals()
    for org in [n for n in flows.roles if n not in ends]:
        if org not in inflow and flows.roles[org] == "donor":
            continue  # where the money comes from
        # A fund or agency with no inflow in the data (a pooled fund whose donors are not
        # imported) draws what it passed on from funds not in the data, as a shortfall does.
        gap = inflow.get(org, 0.0) - outflow.get(org, 0.0)
        if gap < -_TOLERANCE:
            flows.add(OUTSIDE, org, -gap)
        elif gap > _TOLERANCE:
            leaked = min(gap, leaks.get(org, 0.0))
            flows.add(org, LEAKED, leaked)
            flows.add(org, UNREPORTED, gap - leaked)
            unplaced[org] = unplaced.get(org, 0.0) - leaked
    return {org: usd for org, usd in unplaced.items() if usd > _TOLERANCE}


def _last_mile_leaks(flows: Flows, leaks: dict[str, float]) -> None:
    """A leak found at an organisation that kept nothing back happened further down, in the
    hand-overs its cash agents and vendors made: that much of their *not reached* is *leaked*
    (an end for an end, so every node still conserves)."""
    for org, usd in leaks.items():
        for (payer, payee), _ in sorted(flows.links.items()):
            not_reached = flows.links.get((payee, NOT_REACHED), 0.0)
            if payer != org or usd <= 0 or not_reached <= 0:
                continue
            moved = min(usd, not_reached)
            flows.links[(payee, NOT_REACHED)] -= moved
            flows.add(payee, LEAKED, moved)
            usd -= moved


def ledger_trace(engine: Engine) -> Trace:
    flows = Flows()
    bought, unconverted = _ledger(engine, flows)
    _vendors(engine, flows, bought)
    _last_mile_leaks(flows, _settle(flows, _leaks(engine), frozenset(ENDS)))
    return _finish(flows, "ledger", unconverted)


def money_trace(engine: Engine, max_per_role: int = 8) -> Trace:
    """The trace of the ledger (published FTS flows imported with ``fts`` are in it too), or
    an empty one."""
    if not has_rows(engine, "ledger"):
        return Trace((), (), "")
    return fold(ledger_trace(engine), max_per_role)


def _finish(flows: Flows, source: str, unconverted: int) -> Trace:
    for end in ENDS:
        flows.roles[end] = "sink"
    if any(a == OUTSIDE for a, _ in flows.links):
        flows.roles[OUTSIDE] = "source"
    kept = {pair: round(v, 2) for pair, v in sorted(flows.links.items()) if round(v, 2) > 0}
    used = {n for pair in kept for n in pair}
    nodes = tuple(SankeyNode(n, n, r) for n, r in sorted(flows.roles.items()) if n in used)
    return Trace(nodes, tuple(SankeyLink(a, b, v) for (a, b), v in kept.items()), source,
                 unconverted)  # fmt: skip


def fold(trace: Trace, max_per_role: int) -> Trace:
    """Keep the ``max_per_role`` biggest organisations of each role; the others become one
    "other <role>" node. Money between two folded organisations stays inside it: it leaves
    its inflow and its outflow alike, so the node still conserves."""
    size: dict[str, float] = defaultdict(float)
    for link in trace.links:
        size[link.source] += link.usd
        size[link.target] += link.usd
    role = {n.id: n.role for n in trace.nodes}
    by_role: dict[str, list[str]] = defaultdict(list)
    for node in trace.nodes:
        by_role[node.role].append(node.id)
    name = {n.id: n.id for n in trace.nodes}
    for r, members in by_role.items():
        if r in ("sink", "source"):
            continue
        for org in sorted(members, key=lambda m: (-size[m], m))[max_per_role:]:
            name[org] = f"other {r}"
    merged: dict[tuple[str, str], float] = defaultdict(float)
    for link in trace.links:
        a, b = name[link.source], name[link.target]
        if a != b:
            merged[(a, b)] += link.usd
    roles = {name[n]: role[n] for n in role}
    nodes = tuple(SankeyNode(n, n, r) for n, r in sorted(roles.items()))
    links = tuple(SankeyLink(a, b, round(v, 2)) for (a, b), v in sorted(merged.items()))
    return Trace(nodes, links, trace.source, trace.unconverted)


def imbalances(nodes: Iterable[SankeyNode], links: Iterable[SankeyLink]) -> dict[str, float]:
    """Inflow minus outflow of every node that has both (should be none beyond rounding)."""
    inflow: dict[str, float] = defaultdict(float)
    outflow: dict[str, float] = defaultdict(float)
    for link in links:
        outflow[link.source] += link.usd
        inflow[link.target] += link.usd
    return {
        n.id: round(inflow[n.id] - outflow[n.id], 2)
        for n in nodes
        if n.id in inflow and n.id in outflow and abs(inflow[n.id] - outflow[n.id]) > 1.0
    }
