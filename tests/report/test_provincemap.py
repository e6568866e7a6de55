"""The report's province map: the real outlines (IPC), full names readable on every colour,
and the outline table the package ships agreeing with the published polygons."""

from __future__ import annotations

import xml.etree.ElementTree as ET
from pathlib import Path

import pytest

from aidtrace.flows.summary import ProvinceFigure
from aidtrace.places.outline_table import LABELS, OUTLINES
from aidtrace.places.outlines import decode, derive, outlines, simplify
from aidtrace.report.html import _ENV
from aidtrace.report.palette import NO_DATA, REDS, contrast
from aidtrace.report.provincemap import province_map

SVG = "{http://www.w3.org/2000/svg}"
GEOJSON = Path(__file__).resolve().parents[3] / "shared/data/real/afghanistan/ipc/ipc_afg.geojson"
NAMES = {o.code: o.name for o in outlines()}


def _figure(code: str, delivered: float) -> ProvinceFigure:
    return ProvinceFigure(code, NAMES[code], 1000, 10_000.0, delivered, 10)


def _svg(figures: list[ProvinceFigure]) -> ET.Element:
    macro = _ENV.get_template("charts.html").module.provincemap  # type: ignore[attr-defined]
    return ET.fromstring(str(macro(province_map(figures))).split('<p class="legend"')[0])


def test_every_province_is_drawn_on_its_outline_and_named_in_full() -> None:
    svg = _svg([])
    shown = {g.attrib["data-province"] for g in svg.iter(f"{SVG}g")}
    assert shown == {f"AF{i:02d}" for i in range(1, 35)}
    paths = list(svg.iter(f"{SVG}path"))
    assert len(paths) == 34
    assert all(p.attrib["d"].count("L") >= 3 for p in paths)
    names = {t.text for t in svg.iter(f"{SVG}text")}
    assert {"Paktika", "Paktya", "Badakhshan", "Nangarhar", "Sar-e-Pul"} <= names


def test_geography_is_right() -> None:
    at = {p.name: (p.x, p.y) for p in province_map([]).provinces}
    assert at["Hirat"][0] < at["Kabul"][0] < at["Nangarhar"][0]
    assert at["Badakhshan"][1] < at["Kabul"][1] < at["Kandahar"][1]


def test_colour_follows_share_of_plan_and_every_name_reads() -> None:
    figures = [_figure("AF01", 5000), _figure("AF32", 100), _figure("AF11", 2500)]
    drawn = {p.code: p for p in province_map(figures).provinces}
    assert drawn["AF01"].fill == REDS[0]  # the best served: palest
    assert drawn["AF32"].fill == REDS[-1]  # far behind: darkest
    assert drawn["AF27"].fill == NO_DATA
    assert drawn["AF32"].ink == "#ffffff"
    assert all(contrast(p.fill, p.ink) >= 4.5 for p in drawn.values())


def test_the_outline_table_is_small_and_closed() -> None:
    rings = [r for text in OUTLINES.values() for r in decode(text)]
    assert sorted(OUTLINES) == sorted(LABELS) == [f"AF{i:02d}" for i in range(1, 35)]
    assert 1000 < sum(len(r) for r in rings) < 4000
    assert all(len(r) >= 4 for r in rings)


@pytest.mark.skipif(not GEOJSON.exists(), reason="shared data not beside the checkout")
def test_the_shipped_table_is_what_the_ipc_polygons_give() -> None:
    derived = derive(GEOJSON)
    assert {code: text for code, (_, text) in derived.items()} == OUTLINES
    assert {code: label for code, (label, _) in derived.items()} == LABELS


@pytest.mark.parametrize(
    ("points", "kept"),
    [
        ([(0.0, 0.0), (1.0, 0.001), (2.0, 0.0)], [(0.0, 0.0), (2.0, 0.0)]),
        ([(0.0, 0.0), (1.0, 1.0), (2.0, 0.0)], [(0.0, 0.0), (1.0, 1.0), (2.0, 0.0)]),
    ],
)
def test_simplify(points: list[tuple[float, float]], kept: list[tuple[float, float]]) -> None:
    assert simplify(points, 0.02) == kept
