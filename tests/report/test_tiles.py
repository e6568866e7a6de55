from __future__ import annotations

import xml.etree.ElementTree as ET

from aidtrace.flows.summary import ProvinceFigure
from aidtrace.report.charts import province_bars
from aidtrace.report.html import _ENV
from aidtrace.report.tiles import NO_DATA, PROVINCES, RAMP, tile_map

SVG = "{http://www.w3.org/2000/svg}"


def _figure(code: str, delivered: float) -> ProvinceFigure:
    return ProvinceFigure(code, PROVINCES[code][0], 1000, 10_000.0, delivered, 10)


def test_every_province_has_its_own_tile() -> None:
    assert len(PROVINCES) == 34
    cells = {(c, r) for _, c, r in PROVINCES.values()}
    assert len(cells) == 34
    macro = _ENV.get_template("charts.html").module.tilemap  # type: ignore[attr-defined]
    svg = ET.fromstring(str(macro(tile_map([])).split("<p")[0]))
    shown = {g.attrib["data-province"] for g in svg.iter(f"{SVG}g")}
    assert shown == set(PROVINCES)


def test_geography_is_roughly_right() -> None:
    col = {name: c for name, c, _ in PROVINCES.values()}
    row = {name: r for name, _, r in PROVINCES.values()}
    assert col["Herat"] < col["Kabul"] < col["Nangarhar"]
    assert row["Badakhshan"] < row["Kabul"] < row["Kandahar"]


def test_colour_follows_share_of_plan() -> None:
    tiles = {t.code: t for t in tile_map([_figure("AF01", 5000), _figure("AF32", 100)]).tiles}
    assert tiles["AF01"].fill == RAMP[0]  # the best served: palest
    assert tiles["AF32"].fill == RAMP[-1]  # far behind: darkest
    assert tiles["AF27"].fill == NO_DATA


def test_province_bars_sorted_by_delivery_per_person() -> None:
    chart = province_bars([_figure("AF01", 10), _figure("AF32", 900), _figure("AF27", 50)])
    assert [b.label for b in chart.bars] == ["Herat", "Kandahar", "Kabul"]
    assert chart.bars[0].width > chart.bars[1].width > chart.bars[2].width
