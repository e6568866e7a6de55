from __future__ import annotations

import xml.etree.ElementTree as ET
from collections import defaultdict

import pytest
from hypothesis import given
from hypothesis import strategies as st

from aidtrace.flows.summary import UNACCOUNTED, FlowSummary, SankeyLink, SankeyNode
from aidtrace.report.html import _ENV
from aidtrace.report.sankey import UNLEDGERED, balanced, layout

SVG = "{http://www.w3.org/2000/svg}"


def _summary() -> FlowSummary:
    nodes = [
        SankeyNode("DON-1", "DON-1", "donor"),
        SankeyNode("AGY-1", "AGY-1", "un_agency"),
        SankeyNode("PRT-1", "PRT-1", "partner"),
        SankeyNode("VEN-1", "VEN-1", "vendor"),
        SankeyNode("reached people", "reached people", "sink"),
    ]
    links = [
        SankeyLink("DON-1", "AGY-1", 1000.0),
        SankeyLink("AGY-1", "PRT-1", 900.0),  # 100 stays with the agency
        SankeyLink("PRT-1", "VEN-1", 700.0),
        SankeyLink("PRT-1", "reached people", 400.0),  # 200 more out than in
    ]
    return FlowSummary(nodes, links)


def _render(summary: FlowSummary) -> ET.Element:
    macro = _ENV.get_template("charts.html").module.sankey  # type: ignore[attr-defined]
    return ET.fromstring(str(macro(layout(summary))))


def test_balancing_links_name_the_gap() -> None:
    _, links = balanced(_summary())
    extra = {(k.source, k.target): k.usd for k in links}
    assert extra[("AGY-1", UNACCOUNTED)] == 100.0
    assert extra[(UNLEDGERED, "PRT-1")] == 200.0
    assert ("VEN-1", UNACCOUNTED) not in extra  # the end of the chain is not a leak


def test_svg_is_valid_xml_and_conserves_flow() -> None:
    svg = _render(_summary())
    widths_in: dict[str, float] = defaultdict(float)
    widths_out: dict[str, float] = defaultdict(float)
    for band in svg.iter(f"{SVG}path"):
        width = float(band.attrib["stroke-width"])
        widths_out[band.attrib["data-source"]] += width
        widths_in[band.attrib["data-target"]] += width
    middle = set(widths_in) & set(widths_out)
    assert middle == {"AGY-1", "PRT-1"}
    for node in middle:
        assert widths_in[node] == pytest.approx(widths_out[node], abs=0.01)
    heights = {
        g.attrib["data-node"]: float(g.find(f"{SVG}rect").attrib["height"])  # type: ignore[union-attr]
        for g in svg.iter(f"{SVG}g")
        if "data-node" in g.attrib
    }
    for node, height in heights.items():
        assert height == pytest.approx(max(widths_in[node], widths_out[node]), abs=0.01)
    # Heights are proportional to USD: the donor's 1,000 is ten times the agency's 100 leak.
    assert heights["DON-1"] == pytest.approx(10 * heights[UNACCOUNTED], rel=1e-3)


def test_columns_follow_the_money() -> None:
    placed = {n.id: n for n in layout(_summary()).nodes}
    order = ["DON-1", "AGY-1", "PRT-1", "VEN-1", "reached people"]
    xs = [placed[n].x for n in order]
    assert xs == sorted(xs)
    assert len(set(xs)) == len(xs)


def test_labels_are_escaped() -> None:
    nasty = FlowSummary(
        [SankeyNode("<b>&x", "<b>&x", "donor"), SankeyNode("AGY", "AGY", "un_agency")],
        [SankeyLink("<b>&x", "AGY", 10.0)],
    )
    svg = _render(nasty)
    assert any(t.text and "<b>&x" in t.text for t in svg.iter(f"{SVG}text"))


def test_nothing_to_draw() -> None:
    assert layout(FlowSummary()).empty


_ROLES = ("donor", "un_agency", "partner", "sub_partner", "vendor")


@given(
    st.lists(
        st.tuples(st.integers(0, 3), st.integers(0, 2), st.integers(0, 2), st.floats(1, 1e6)),
        min_size=1,
        max_size=30,
    )
)
def test_any_chain_conserves_flow_at_every_middle_node(
    raw: list[tuple[int, int, int, float]],
) -> None:
    links: dict[tuple[str, str], float] = {}
    for level, a, b, usd in raw:
        key = (f"{_ROLES[level]}-{a}", f"{_ROLES[level + 1]}-{b}")
        links[key] = links.get(key, 0.0) + round(usd, 2)
    names = {n for pair in links for n in pair}
    summary = FlowSummary(
        [SankeyNode(n, n, n.rsplit("-", 1)[0]) for n in sorted(names)],
        [SankeyLink(a, b, usd) for (a, b), usd in links.items()],
    )
    placed = layout(summary)
    into: dict[str, float] = defaultdict(float)
    out: dict[str, float] = defaultdict(float)
    for band in placed.bands:
        into[band.target] += band.width
        out[band.source] += band.width
    tallest = max(n.height for n in placed.nodes)
    for node in placed.nodes:
        if node.id in into and node.id in out:
            # Within the rounding of amounts to cents, drawn at the layout's scale.
            assert into[node.id] == pytest.approx(out[node.id], abs=tallest * 1e-4 + 0.05)
        assert node.height == pytest.approx(max(into[node.id], out[node.id]), rel=1e-6)
        assert 0 <= node.y <= placed.height
