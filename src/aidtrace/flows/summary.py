"""Plain data for the report and the dashboard: a Sankey of the money and per-province figures.

:func:`flow_summary` returns nodes and links (USD) from donors through agencies, partners and
sub-partners to vendors and cash agents, ending in three sinks — *reached people*, *not
reached*, and *unaccounted* (what the last organisations spent but no hand-over explains).
Small organisations of one role are folded into "other <role>" so the chart stays legible.
Province figures set delivered aid against people in need and the plan.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from aidtrace.flows.detectors.base import has_rows, num, rows
from aidtrace.flows.graph import nodes_sql
from aidtrace.flows.payments import ensure_payments
from aidtrace.store.engine import Engine

REACHED, NOT_REACHED, UNACCOUNTED = "reached people", "not reached", "unaccounted"


@dataclass(frozen=True)
class SankeyNode:
    id: str
    label: str
    role: str


@dataclass(frozen=True)
class SankeyLink:
    source: str
    target: str
    usd: float


@dataclass(frozen=True)
class ProvinceFigure:
    province_code: str
    province: str | None
    people_in_need: int
    planned_usd: float
    delivered_usd: float
    households_reached: int

    @property
    def usd_per_person_in_need(self) -> float:
        return self.delivered_usd / self.people_in_need if self.people_in_need else 0.0

    @property
    def share_of_plan(self) -> float | None:
        return self.delivered_usd / self.planned_usd if self.planned_usd else None


@dataclass(frozen=True)
class FlowSummary:
    nodes: list[SankeyNode] = field(default_factory=list)
    links: list[SankeyLink] = field(default_factory=list)
    provinces: list[ProvinceFigure] = field(default_factory=list)


def _links(engine: Engine, payments: str) -> list[dict[str, object]]:
    return rows(
        engine,
        f"""
        SELECT p.payer_org_id AS source, COALESCE(p.payee_org_id, 'people paid directly')
               AS target, COALESCE(p.payer_role, 'unknown') AS source_role,
               COALESCE(p.payee_role, CASE WHEN p.payee_org_id IS NULL THEN 'people'
                        ELSE 'unknown' END) AS target_role,
               sum(p.amount_usd) AS usd
        FROM {payments} p GROUP BY 1, 2, 3, 4 HAVING sum(p.amount_usd) > 0
        """,
    )


def _fold(links: list[dict[str, object]], max_per_role: int) -> dict[str, str]:
    """Org id -> node id: the biggest ``max_per_role`` of each role keep their own node."""
    size: dict[tuple[str, str], float] = {}
    for link in links:
        for end in ("source", "target"):
            key = (str(link[f"{end}_role"]), str(link[end]))
            size[key] = size.get(key, 0.0) + num(link["usd"])
    keep: dict[str, str] = {}
    for role in {r for r, _ in size}:
        ranked = sorted((s, o) for (r, o), s in size.items() if r == role)[::-1]
        for i, (_, org) in enumerate(ranked):
            keep[org] = org if i < max_per_role else f"other {role}"
    return keep


def flow_summary(engine: Engine, max_per_role: int = 8) -> FlowSummary:
    """Sankey nodes and links plus per-province figures, from whatever has been imported."""
    if not has_rows(engine, "ledger"):
        return FlowSummary(provinces=province_figures(engine))
    payments = ensure_payments(engine)
    raw = _links(engine, payments)
    node_of = _fold(raw, max_per_role)
    roles = {}
    merged: dict[tuple[str, str], float] = {}
    for link in raw:
        a, b = node_of[str(link["source"])], node_of[str(link["target"])]
        roles[a], roles[b] = str(link["source_role"]), str(link["target_role"])
        if a != b:
            merged[(a, b)] = merged.get((a, b), 0.0) + num(link["usd"])
    for node in rows(engine, nodes_sql(payments)):
        delivered, missed = num(node["delivered_usd"]), num(node["not_reached_usd"])
        org = node_of.get(str(node["org_id"]), str(node["org_id"]))
        for sink, value in ((REACHED, delivered), (NOT_REACHED, missed)):
            if value > 0:
                roles.setdefault(org, str(node["role"]))
                roles[sink] = "sink"
                merged[(org, sink)] = merged.get((org, sink), 0.0) + value
    nodes = [SankeyNode(n, n, r) for n, r in sorted(roles.items())]
    links = [SankeyLink(a, b, round(v, 2)) for (a, b), v in sorted(merged.items())]
    return FlowSummary(nodes, links, province_figures(engine))


def province_figures(engine: Engine) -> list[ProvinceFigure]:
    """Delivered vs people in need and plan, per province (empty without needs)."""
    if not has_rows(engine, "needs"):
        return []
    handed = "SELECT district_code, reached, value_usd FROM distributions"
    found = rows(
        engine,
        f"""
        WITH handed AS ({handed}),
        per_district AS (
          SELECT district_code, sum(CASE WHEN reached THEN value_usd ELSE 0 END) AS usd,
                 sum(CASE WHEN reached THEN 1 ELSE 0 END) AS households
          FROM handed GROUP BY district_code)
        SELECT n.province_code, max(n.province) AS province,
               sum(n.people_in_need) AS people_in_need,
               sum(COALESCE(n.planned_usd, 0)) AS planned_usd,
               sum(COALESCE(d.usd, 0)) AS delivered_usd,
               sum(COALESCE(d.households, 0)) AS households
        FROM needs n LEFT JOIN per_district d ON d.district_code = n.district_code
        GROUP BY n.province_code ORDER BY n.province_code
        """,
    )
    return [
        ProvinceFigure(
            str(r["province_code"]),
            None if r["province"] is None else str(r["province"]),
            int(num(r["people_in_need"])),
            num(r["planned_usd"]),
            num(r["delivered_usd"]),
            int(num(r["households"])),
        )
        for r in found
    ]
