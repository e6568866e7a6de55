"""Lay out the money Sankey: columns by role, node heights proportional to flow, Bézier bands.

The report lays out :func:`aidtrace.report.trace.money_trace`, which already balances: every
organisation passes on, spends or keeps what it receives. ``balanced`` remains for any other
nodes and links (a summary straight from the ledger): what a node received but did not pass on
flows into *unaccounted*, and what it passed on beyond what it received comes from *beyond
ledger inflow*, so every middle node conserves flow, which is what lets a reader trust band
widths.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass

from aidtrace.flows.summary import UNACCOUNTED, FlowSummary, SankeyLink, SankeyNode

UNLEDGERED = "beyond ledger inflow"

# Left to right, the order money moves in. A role not named here sits in the middle.
ROLE_COLUMN: dict[str, int] = {
    "donor": 0,
    "source": 0,
    "un_agency": 1,
    "agency": 1,
    "partner": 2,
    "sub_partner": 3,
    "vendor": 4,
    "cash_agent": 4,
    "people": 5,
    "sink": 5,
}
_MIDDLE = 3
# Imbalances smaller than this (USD) are rounding, not a finding.
_TOLERANCE = 1.0


@dataclass(frozen=True)
class PlacedNode:
    id: str
    label: str
    role: str
    usd: float
    x: float
    y: float
    height: float


@dataclass(frozen=True)
class Band:
    source: str
    target: str
    usd: float
    width: float
    path: str


@dataclass(frozen=True)
class SankeyLayout:
    width: float
    height: float
    node_width: float
    nodes: tuple[PlacedNode, ...]
    bands: tuple[Band, ...]

    @property
    def empty(self) -> bool:
        return not self.bands


def balanced(summary: FlowSummary) -> tuple[list[SankeyNode], list[SankeyLink]]:
    """The summary's links plus the balancing links that make every middle node conserve."""
    nodes = {n.id: n for n in summary.nodes}
    links = [link for link in summary.links if link.usd > 0]
    inflow, outflow = _totals(links)
    extra: list[SankeyLink] = []
    for node in nodes.values():
        if node.id not in inflow or node.id not in outflow:
            continue
        gap = inflow[node.id] - outflow.get(node.id, 0.0)
        if gap > _TOLERANCE:
            extra.append(SankeyLink(node.id, UNACCOUNTED, round(gap, 2)))
        elif gap < -_TOLERANCE:
            extra.append(SankeyLink(UNLEDGERED, node.id, round(-gap, 2)))
    if any(link.target == UNACCOUNTED for link in extra):
        nodes.setdefault(UNACCOUNTED, SankeyNode(UNACCOUNTED, UNACCOUNTED, "sink"))
    if any(link.source == UNLEDGERED for link in extra):
        nodes[UNLEDGERED] = SankeyNode(UNLEDGERED, UNLEDGERED, "source")
    return list(nodes.values()), links + extra


def _totals(links: list[SankeyLink]) -> tuple[dict[str, float], dict[str, float]]:
    inflow: dict[str, float] = defaultdict(float)
    outflow: dict[str, float] = defaultdict(float)
    for link in links:
        inflow[link.target] += link.usd
        outflow[link.source] += link.usd
    return inflow, outflow


def layout(
    summary: FlowSummary,
    width: float = 1000.0,
    node_width: float = 12.0,
    gap: float = 13.0,
    label_room: float = 190.0,
) -> SankeyLayout:
    """Place nodes and bands; a gap of a text line between nodes keeps every label readable,
    and labels sit right of their node (``label_room`` keeps the last column's on the page)."""
    nodes, links = balanced(summary)
    if not links:
        return SankeyLayout(width, 0.0, node_width, (), ())
    inflow, outflow = _totals(links)
    value = {n.id: max(inflow.get(n.id, 0.0), outflow.get(n.id, 0.0)) for n in nodes}
    columns = _columns([n for n in nodes if value[n.id] > 0])
    busiest = max(len(c) for c in columns)
    height = max(420.0, busiest * 30.0)
    scale = min((height - gap * (len(c) - 1)) / sum(value[n.id] for n in c) for c in columns)
    x_step = (width - node_width - label_room) / max(len(columns) - 1, 1)
    placed: dict[str, PlacedNode] = {}
    for index, column in enumerate(columns):
        ordered = _order(column, links, placed, value)
        y = 0.0
        for node in ordered:
            h = value[node.id] * scale
            placed[node.id] = PlacedNode(
                node.id, node.label, node.role, value[node.id], index * x_step, y, h
            )
            y += h + gap
    bands = _bands(links, placed, scale, node_width)
    return SankeyLayout(width, height, node_width, tuple(placed.values()), bands)


def _columns(nodes: list[SankeyNode]) -> list[list[SankeyNode]]:
    by_column: dict[int, list[SankeyNode]] = defaultdict(list)
    for node in nodes:
        by_column[ROLE_COLUMN.get(node.role, _MIDDLE)].append(node)
    return [by_column[c] for c in sorted(by_column)]


def _order(
    column: list[SankeyNode],
    links: list[SankeyLink],
    placed: dict[str, PlacedNode],
    value: dict[str, float],
) -> list[SankeyNode]:
    """Each node below the weighted centre of what feeds it, so bands cross less."""
    weight: dict[str, float] = defaultdict(float)
    moment: dict[str, float] = defaultdict(float)
    for link in links:
        source = placed.get(link.source)
        if source is not None:
            weight[link.target] += link.usd
            moment[link.target] += link.usd * (source.y + source.height / 2)

    def key(node: SankeyNode) -> tuple[bool, float, float, str]:
        # The balancing source goes last: it is a correction, not a donor.
        last = node.id == UNLEDGERED
        if weight[node.id]:
            return (last, moment[node.id] / weight[node.id], -value[node.id], node.id)
        return (last, float("inf"), -value[node.id], node.id)

    return sorted(column, key=key)


def _bands(
    links: list[SankeyLink], placed: dict[str, PlacedNode], scale: float, node_width: float
) -> tuple[Band, ...]:
    """Stack each node's bands in the order of the node at their other end."""
    out_offset = {n: 0.0 for n in placed}
    in_offset = {n: 0.0 for n in placed}
    ordered = sorted(links, key=lambda k: (placed[k.source].y, placed[k.target].y))
    incoming = sorted(links, key=lambda k: (placed[k.target].y, placed[k.source].y))
    start: dict[tuple[str, str], float] = {}
    for link in ordered:
        start[(link.source, link.target)] = placed[link.source].y + out_offset[link.source]
        out_offset[link.source] += link.usd * scale
    end: dict[tuple[str, str], float] = {}
    for link in incoming:
        end[(link.source, link.target)] = placed[link.target].y + in_offset[link.target]
        in_offset[link.target] += link.usd * scale
    bands = []
    for link in ordered:
        w = link.usd * scale
        y0 = start[(link.source, link.target)] + w / 2
        y1 = end[(link.source, link.target)] + w / 2
        x0 = placed[link.source].x + node_width
        x1 = placed[link.target].x
        xm = (x0 + x1) / 2
        path = f"M{x0:.1f},{y0:.2f} C{xm:.1f},{y0:.2f} {xm:.1f},{y1:.2f} {x1:.1f},{y1:.2f}"
        bands.append(Band(link.source, link.target, link.usd, w, path))
    return tuple(bands)


def key_figures(placed: SankeyLayout) -> dict[str, float]:
    """Money in from donors and money into each end of the chain, for the headline numbers."""
    roles = {n.id: n.role for n in placed.nodes}
    figures: dict[str, float] = defaultdict(float)
    for band in placed.bands:
        if roles.get(band.source) == "donor":
            figures["from donors"] += band.usd
        if roles.get(band.source) == "source":
            figures[band.source] += band.usd
        if roles.get(band.target) in ("sink", "people"):
            figures[band.target] += band.usd
    return dict(figures)
