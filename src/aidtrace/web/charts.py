"""Vega-Lite specifications for the dashboard's charts (rendered in the browser, data inline)."""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from typing import Any

from aidtrace.places.outlines import Outline, outlines
from aidtrace.report.palette import BLACK, BLUES, NO_DATA, WHITE, band, ink, thresholds
from aidtrace.web.dashboard import ProvinceFigure
from aidtrace.web.i18n import N_

SCHEMA = "https://vega.github.io/schema/vega-lite/v6.json"
# The page's own font: Dari and Pashto titles and labels keep their letters (ډ ښ ګ ۍ) in SVG.
CONFIG = {"font": "Vazirmatn, system-ui, sans-serif"}
# Weeks as ISO dates: the same in every language, never an English month name.
WEEK_FORMAT = "%Y-%m-%d"
Spec = dict[str, Any]
Titles = Mapping[str, str]


def _base(title: str, values: Sequence[dict[str, Any]]) -> Spec:
    return {
        "$schema": SCHEMA,
        "title": title,
        "width": "container",
        "height": 220,
        "config": CONFIG,
        "data": {"values": list(values)},
    }


def _titled(field: str, titles: Titles) -> dict[str, str]:
    """The field, and the title a reader sees for it (the field's own name when none given)."""
    return {"field": field, "title": titles.get(field, field)}


def _linked(spec: Spec, encoding: dict[str, Any], values: Sequence[dict[str, Any]]) -> Spec:
    # A datum carrying an ``href`` opens it on click (the alert queue, filtered to that datum).
    if values and all("href" in v for v in values):
        encoding["href"] = {"field": "href", "type": "nominal"}
        mark = spec["mark"] if isinstance(spec["mark"], dict) else {"type": spec["mark"]}
        spec["mark"] = {**mark, "cursor": "pointer"}
    return spec


def bar(
    title: str,
    values: Sequence[dict[str, Any]],
    x: str,
    y: str,
    color: str | None = None,
    titles: Titles | None = None,
) -> Spec:
    """Bars of ``y`` per ``x`` (stacked by ``color`` if given); ``titles`` names the fields on
    the axes, legend and tooltip in the reader's language."""
    t = titles or {}
    encoding: dict[str, Any] = {
        "x": {**_titled(x, t), "type": "nominal", "sort": None, "axis": {"labelAngle": -30}},
        "y": {**_titled(y, t), "type": "quantitative"},
        "tooltip": [_titled(x, t), {**_titled(y, t), "format": ",.0f"}],
    }
    if color:
        encoding["color"] = {**_titled(color, t), "type": "nominal"}
        encoding["tooltip"].append(_titled(color, t))
    return _linked({**_base(title, values), "mark": "bar", "encoding": encoding}, encoding, values)


def line(
    title: str,
    values: Sequence[dict[str, Any]],
    x: str,
    y: str,
    color: str,
    titles: Titles | None = None,
) -> Spec:
    """A line of ``y`` per week ``x`` for each ``color``."""
    t = titles or {}
    encoding: dict[str, Any] = {
        "x": {**_titled(x, t), "type": "temporal", "axis": {"format": WEEK_FORMAT}},
        "y": {**_titled(y, t), "type": "quantitative"},
        "color": {**_titled(color, t), "type": "nominal"},
        "tooltip": [
            {**_titled(x, t), "type": "temporal", "format": WEEK_FORMAT},
            {**_titled(y, t), "format": ",.0f"},
            _titled(color, t),
        ],
    }
    spec = {**_base(title, values), "mark": {"type": "line", "point": True}, "encoding": encoding}
    return _linked(spec, encoding, values)


def _feature(o: Outline, f: ProvinceFigure, href: str | None) -> dict[str, Any]:
    rings = [[list(p) for p in ring] for ring in o.rings]
    return {
        "type": "Feature",
        "geometry": {"type": "MultiPolygon", "coordinates": [[ring] for ring in rings]},
        "properties": {
            "code": f.code,
            "name": f.name,
            "coverage": f.coverage,
            "delivered_usd": f.delivered_usd,
            "need": f.need,
            **({"href": href.format(code=f.code)} if href else {}),
        },
    }


def _labels(rows: list[dict[str, Any]], ink: str) -> Spec:
    return {
        "data": {"values": [r for r in rows if r["ink"] == ink]},
        "mark": {"type": "text", "fontSize": 10, "fontWeight": 600, "fill": ink},
        "encoding": {
            "longitude": {"field": "lon", "type": "quantitative"},
            "latitude": {"field": "lat", "type": "quantitative"},
            "text": {"field": "name"},
        },
    }


def _same(text: str) -> str:
    return text


def province_map(
    figures: Sequence[ProvinceFigure],
    href: str | None = None,
    gettext: Callable[[str], str] = _same,
) -> Spec:
    """The map of the 34 provinces on their real outlines, coloured by delivered aid per person
    in need, each named in full; ``href`` (with ``{code}`` for the P-code) makes each a link.
    Provinces without figures are drawn grey beneath the others. The colours are seven fixed
    bands, so each name is written in whichever of black or white reads on its band. Titles
    are in the reader's language (``gettext``); province names as the gazetteer writes them."""
    shapes = {o.code: o for o in outlines()}
    drawn = [f for f in figures if f.code in shapes]
    top = max((f.coverage for f in drawn if f.coverage is not None), default=0.0)
    features = [_feature(shapes[f.code], f, href) for f in drawn]
    known = [x for x in features if x["properties"]["coverage"] is not None]
    labels = [
        {"name": f.name, "lon": shapes[f.code].label[0], "lat": shapes[f.code].label[1],
         "ink": ink(band(f.coverage, top, BLUES))}
        for f in drawn
    ]  # fmt: skip
    p = "properties."
    per_person = gettext(N_("US$ per person"))
    tooltip = [
        {"field": f"{p}name", "title": gettext(N_("province"))},
        {"field": f"{p}delivered_usd", "title": gettext(N_("delivered (US$)")), "format": ",.0f"},
        {"field": f"{p}need", "title": gettext(N_("people in need")), "format": ",.0f"},
        {"field": f"{p}coverage", "title": per_person, "format": ",.2f"},
    ]
    base: Spec = {
        "data": {"values": features, "format": {"type": "json"}},
        "mark": {"type": "geoshape", "fill": NO_DATA, "stroke": "white", "strokeWidth": 1},
        "encoding": {"tooltip": tooltip[:1]},
    }
    coloured: Spec = {
        "data": {"values": known, "format": {"type": "json"}},
        "mark": {"type": "geoshape", "stroke": "white", "strokeWidth": 1},
        "encoding": {
            "color": {"field": f"{p}coverage", "type": "quantitative", "title": per_person,
                      "scale": {"type": "threshold", "domain": thresholds(top, BLUES),
                                "range": list(BLUES)},
                      "legend": {"format": ",.2f"} if known else None},
            "tooltip": tooltip,
        },
    }  # fmt: skip
    for layer in (base, coloured) if href else ():
        layer["mark"]["cursor"] = "pointer"
        layer["encoding"]["href"] = {"field": f"{p}href", "type": "nominal"}
    return {
        "$schema": SCHEMA,
        "title": gettext(N_("Delivered aid per person in need, by province (US$)")),
        "width": "container",
        "height": 420,
        "config": CONFIG,
        "projection": {"type": "mercator"},
        "layer": [base, coloured, _labels(labels, BLACK), _labels(labels, WHITE)],
    }
