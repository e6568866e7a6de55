"""The report's province map: the real outlines (IPC), full names readable on every colour,
coloured by share of plan where there is a plan and by published funding per person where
there is none, and the outline table the package ships agreeing with the published polygons."""

from __future__ import annotations

import xml.etree.ElementTree as ET
from pathlib import Path

import pytest

from aidtrace.flows.equity import ProvinceFunding
from aidtrace.flows.summary import ProvinceFigure
from aidtrace.places.outline_table import LABELS, OUTLINES
from aidtrace.places.outlines import decode, derive, outlines, simplify
from aidtrace.report.html import _ENV
from aidtrace.report.palette import BLUES, NO_DATA, REDS, contrast
from aidtrace.report.provincemap import Measure, funding_measure, province_map

SVG = "{http://www.w3.org/2000/svg}"
GEOJSON = Path(__file__).resolve().parents[3] / "shared/data/real/afghanistan/ipc/ipc_afg.geojson"
NAMES = {o.code: o.name for o in outlines()}


def _figure(code: str, delivered: float) -> ProvinceFigure:
    return ProvinceFigure(code, NAMES[code], 1000, 10_000.0, delivered, 10)


def _funding(
    code: str, usd: float, flows: int, need: int | None, ipc3: int | None
) -> ProvinceFunding:
    return ProvinceFunding(code, usd, flows, need, ipc3, "2020-11-01" if ipc3 else None)


# Published data: no plan. Kabul is funded most per person in IPC 3+, Hirat least; Nimroz's
# IPC 3+ count is unknown; no flow names Sar-e-Pul (it only has an IPC count).
PUBLISHED = [
    _funding("AF01", 2_000_000.0, 14, 3_000_000, 100_000),  # US$20 per person in IPC 3+
    _funding("AF32", 500_000.0, 5, None, 250_000),  # US$2
    _funding("AF11", 1_000_000.0, 3, None, 100_000),  # US$10
    _funding("AF34", 300_000.0, 2, None, None),
    _funding("AF22", 0.0, 0, None, 40_000),
]


def _svg(figures: list[ProvinceFigure], funding: list[ProvinceFunding] | None = None) -> ET.Element:
    macro = _ENV.get_template("charts.html").module.provincemap  # type: ignore[attr-defined]
    drawn = province_map(figures, funding=funding or [])
    return ET.fromstring(str(macro(drawn)).split('<p class="legend"')[0])


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


def test_without_a_plan_colour_is_published_funding_per_person_in_ipc3() -> None:
    needs_only = ProvinceFigure("AF01", "Kabul", 1000, 0.0, 0.0, 0)  # the HNO: need, no plan
    m = province_map([needs_only], funding=PUBLISHED)
    drawn = {p.code: p for p in m.provinces}
    assert m.measure is Measure.IPC3
    assert m.title == "Funding per person in IPC phase 3+ (US$)"
    assert m.top == pytest.approx(20.0)
    assert drawn["AF01"].fill == BLUES[-1]  # the most per person: darkest
    assert drawn["AF32"].fill == BLUES[0]
    assert drawn["AF11"].fill == BLUES[3]
    assert drawn["AF01"].usd_per_person == pytest.approx(20.0)
    # named by no flow, or funded with no count to divide by: grey, and said so
    assert drawn["AF22"].fill == drawn["AF34"].fill == drawn["AF27"].fill == NO_DATA
    assert drawn["AF22"].detail == "no funding flow names this province"
    assert drawn["AF34"].detail == "US$300,000 in 2 flows"
    assert drawn["AF01"].detail == (
        "US$2,000,000 in 14 flows; US$20.00 per person in IPC phase 3+; US$0.67 per person in need"
    )
    assert m.legend[0] == (BLUES[0], "US$0.00–US$2.86")
    assert m.legend[-1] == (BLUES[-1], "US$17.14–US$20.00")
    assert all(contrast(p.fill, p.ink) >= 4.5 for p in drawn.values())


def test_the_funding_map_names_its_measure_on_every_province() -> None:
    svg = _svg([], PUBLISHED)
    assert svg.attrib["aria-label"] == "Provinces by funding per person in IPC phase 3+ (US$)"
    titles = {g.attrib["data-province"]: g.find(f"{SVG}title") for g in svg.iter(f"{SVG}g")}
    text = {code: t.text for code, t in titles.items() if t is not None}
    assert text["AF32"] == "Hirat (AF32): US$500,000 in 5 flows; US$2.00 per person in IPC phase 3+"
    assert "no plan" not in "".join(str(v) for v in text.values())


def test_a_plan_keeps_the_plan_share_colouring() -> None:
    figures = [_figure("AF01", 5000), _figure("AF32", 100)]
    m = province_map(figures, funding=PUBLISHED)
    drawn = {p.code: p for p in m.provinces}
    assert m.measure is Measure.PLAN
    assert m.title == "Share of plan delivered"
    assert m.label == "Provinces by share of plan delivered"
    assert (drawn["AF01"].fill, drawn["AF32"].fill, drawn["AF11"].fill) == (
        REDS[0],
        REDS[-1],
        NO_DATA,
    )
    assert drawn["AF01"].detail == "50% of plan delivered, $5.00 per person in need"
    assert drawn["AF11"].detail == "no plan or needs data"
    assert m.legend[0] == (REDS[-1], "0%–7.1%")


@pytest.mark.parametrize(
    ("counts", "measure"),
    [
        # (people in need known?, IPC 3+ known?) per funded province
        ([(True, True), (False, True), (False, True)], Measure.IPC3),
        ([(True, True), (True, False)], Measure.NEED),
        ([(True, True), (True, True)], Measure.NEED),  # both everywhere: the HNO's need
        ([(False, False)], Measure.NEED),
    ],
)
def test_the_measure_is_the_one_more_funded_provinces_have(
    counts: list[tuple[bool, bool]], measure: Measure
) -> None:
    funding = [
        _funding(f"AF{i + 1:02d}", 1000.0, 1, 10 if need else None, 10 if ipc3 else None)
        for i, (need, ipc3) in enumerate(counts)
    ]
    # a province no flow names does not count, whatever it has
    funding += [_funding("AF30", 0.0, 0, None, 10), _funding("AF31", 0.0, 0, None, 10)]
    assert funding_measure(funding) is measure


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
