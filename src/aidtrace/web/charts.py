"""Vega-Lite specifications for the dashboard's charts (rendered in the browser, data inline)."""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from typing import Any

from aidtrace.flows.perperson import Measure
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


def _feature(o: Outline, properties: dict[str, Any], href: str | None) -> dict[str, Any]:
    rings = [[list(p) for p in ring] for ring in o.rings]
    code = properties["code"]
    return {
        "type": "Feature",
        "geometry": {"type": "MultiPolygon", "coordinates": [[ring] for ring in rings]},
        "properties": {**properties, **({"href": href.format(code=code)} if href else {})},
    }


def _delivered(f: ProvinceFigure) -> dict[str, Any]:
    return {
        "code": f.code, "name": f.name, "coverage": f.coverage,
        "delivered_usd": f.delivered_usd, "need": f.need,
    }  # fmt: skip


def _usd(value: object) -> str:
    """A figure per person as the tooltip shows it (the same digits in every language)."""
    return f"{value:,.2f}" if isinstance(value, int | float) else "—"


def _funded(f: ProvinceFigure, found: Mapping[str, Any] | None) -> dict[str, Any]:
    known = found or {}
    return {
        "code": f.code, "name": f.name, "coverage": known.get("usd_per_person"),
        "funded_usd": known.get("funded_usd"), "flows": known.get("flows"),
        "per_ipc3": _usd(known.get("usd_per_ipc3_person")),
        "per_need": _usd(known.get("usd_per_person_in_need")),
    }  # fmt: skip


# Where no plan or delivery is known, published funding per person on the measure the
# report's map uses: the map's title and its legend's, by measure.
FUNDING_TITLES = {
    Measure.IPC3: N_("Published funding per person in IPC phase 3+, by province (US$)"),
    Measure.NEED: N_("Published funding per person in need, by province (US$)"),
}
FUNDING_LEGENDS = {
    Measure.IPC3: N_("US$ per person in IPC phase 3+"),
    Measure.NEED: N_("US$ per person in need"),
}
Shading = tuple[str, str, list[dict[str, Any]], Callable[[ProvinceFigure], dict[str, Any]]]


def _delivery_shading(say: Callable[[str], str]) -> Shading:
    """Title, legend title, tooltip and properties of the map of delivered aid per person."""
    p = "properties."
    per_person = say(N_("US$ per person"))
    tooltip = [
        {"field": f"{p}name", "title": say(N_("province"))},
        {"field": f"{p}delivered_usd", "title": say(N_("delivered (US$)")), "format": ",.0f"},
        {"field": f"{p}need", "title": say(N_("people in need")), "format": ",.0f"},
        {"field": f"{p}coverage", "title": per_person, "format": ",.2f"},
    ]
    title = say(N_("Delivered aid per person in need, by province (US$)"))
    return title, per_person, tooltip, _delivered


def _funding_shading(published: Mapping[str, Any], say: Callable[[str], str]) -> Shading:
    """Title, legend title, tooltip and properties of the map of published funding per person
    on ``published["measure"]``; hovering shows both per-person figures where known."""
    p = "properties."
    measure = Measure(published["measure"])
    found: Mapping[str, Mapping[str, Any]] = published.get("provinces") or {}
    tooltip = [
        {"field": f"{p}name", "title": say(N_("province"))},
        {"field": f"{p}funded_usd", "title": say(N_("published funding (US$)")), "format": ",.0f"},
        {"field": f"{p}flows", "title": say(N_("flows")), "format": ",d"},
        {"field": f"{p}per_ipc3", "title": say(FUNDING_LEGENDS[Measure.IPC3])},
        {"field": f"{p}per_need", "title": say(FUNDING_LEGENDS[Measure.NEED])},
    ]
    legend = say(FUNDING_LEGENDS[measure])
    return say(FUNDING_TITLES[measure]), legend, tooltip, lambda f: _funded(f, found.get(f.code))


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
    published: Mapping[str, Any] | None = None,
) -> Spec:
    """The map of the 34 provinces on their real outlines, coloured by delivered aid per person
    in need, each named in full; ``href`` (with ``{code}`` for the P-code) makes each a link.
    With ``published`` (the provinces panel's, where no plan or delivery is known) the colour
    is published funding per person on its measure instead, which the title, legend and
    tooltip name. Provinces without figures are drawn grey beneath the others. The colours are
    seven fixed bands, so each name is written in whichever of black or white reads on its
    band. Titles are in the reader's language (``gettext``); province names as the gazetteer
    writes them."""
    shapes = {o.code: o for o in outlines()}
    drawn = [f for f in figures if f.code in shapes]
    title, legend, tooltip, properties = (
        _funding_shading(published, gettext) if published else _delivery_shading(gettext)
    )
    features = [_feature(shapes[f.code], properties(f), href) for f in drawn]
    known = [x for x in features if x["properties"]["coverage"] is not None]
    top = max((x["properties"]["coverage"] for x in known), default=0.0)
    labels = [
        {"name": x["properties"]["name"], "lon": shapes[x["properties"]["code"]].label[0],
         "lat": shapes[x["properties"]["code"]].label[1],
         "ink": ink(band(x["properties"]["coverage"], top, BLUES))}
        for x in features
    ]  # fmt: skip
    p = "properties."
    base: Spec = {
        "data": {"values": features, "format": {"type": "json"}},
        "mark": {"type": "geoshape", "fill": NO_DATA, "stroke": "white", "strokeWidth": 1},
        "encoding": {"tooltip": tooltip[:1]},
    }
    coloured: Spec = {
        "data": {"values": known, "format": {"type": "json"}},
        "mark": {"type": "geoshape", "stroke": "white", "strokeWidth": 1},
        "encoding": {
            "color": {"field": f"{p}coverage", "type": "quantitative", "title": legend,
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
        "title": title,
        "width": "container",
        "height": 420,
        "config": CONFIG,
        "projection": {"type": "mercator"},
        "layer": [base, coloured, _labels(labels, BLACK), _labels(labels, WHITE)],
    }
