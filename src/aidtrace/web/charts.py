"""Vega-Lite specifications for the dashboard's charts (rendered in the browser, data inline)."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from aidtrace.web.dashboard import ProvinceFigure

SCHEMA = "https://vega.github.io/schema/vega-lite/v6.json"
Spec = dict[str, Any]


def _base(title: str, values: Sequence[dict[str, Any]]) -> Spec:
    return {
        "$schema": SCHEMA,
        "title": title,
        "width": "container",
        "height": 220,
        "data": {"values": list(values)},
    }


def _linked(spec: Spec, encoding: dict[str, Any], values: Sequence[dict[str, Any]]) -> Spec:
    # A datum carrying an ``href`` opens it on click (the alert queue, filtered to that datum).
    if values and all("href" in v for v in values):
        encoding["href"] = {"field": "href", "type": "nominal"}
        mark = spec["mark"] if isinstance(spec["mark"], dict) else {"type": spec["mark"]}
        spec["mark"] = {**mark, "cursor": "pointer"}
    return spec


def bar(
    title: str, values: Sequence[dict[str, Any]], x: str, y: str, color: str | None = None
) -> Spec:
    """Bars of ``y`` per ``x`` (stacked by ``color`` if given)."""
    encoding: dict[str, Any] = {
        "x": {"field": x, "type": "nominal", "sort": None, "axis": {"labelAngle": -30}},
        "y": {"field": y, "type": "quantitative"},
        "tooltip": [{"field": x}, {"field": y}],
    }
    if color:
        encoding["color"] = {"field": color, "type": "nominal"}
        encoding["tooltip"].append({"field": color})
    return _linked({**_base(title, values), "mark": "bar", "encoding": encoding}, encoding, values)


def line(title: str, values: Sequence[dict[str, Any]], x: str, y: str, color: str) -> Spec:
    encoding: dict[str, Any] = {
        "x": {"field": x, "type": "temporal"},
        "y": {"field": y, "type": "quantitative"},
        "color": {"field": color, "type": "nominal"},
    }
    spec = {**_base(title, values), "mark": {"type": "line", "point": True}, "encoding": encoding}
    return _linked(spec, encoding, values)


def province_tiles(figures: Sequence[ProvinceFigure], href: str | None = None) -> Spec:
    """The tile-grid map: one square per province, coloured by delivered aid per person in need;
    ``href`` (with ``{code}`` for the province's P-code) makes each tile a link."""
    values = [
        {
            "code": f.code,
            "name": f.name,
            "row": f.row,
            "col": f.col,
            "coverage": f.coverage,
            "delivered_usd": f.delivered_usd,
            "need": f.need,
            "short": f.name[:4],
            **({"href": href.format(code=f.code)} if href else {}),
        }
        for f in figures
    ]
    axis = {"axis": None}
    encoding = {
        "x": {"field": "col", "type": "ordinal", **axis},
        "y": {"field": "row", "type": "ordinal", **axis},
    }
    tile: Spec = {"mark": {"type": "rect", "stroke": "white", "strokeWidth": 2}, "encoding": {}}
    if href:
        tile = _linked(tile, tile["encoding"], values)
    return {
        **_base("Delivered aid per person in need, by province (US$)", values),
        "height": 300,
        "layer": [
            {
                "mark": tile["mark"],
                "encoding": {
                    **tile["encoding"],
                    **encoding,
                    "color": {
                        "field": "coverage",
                        "type": "quantitative",
                        "title": "US$ per person",
                        "scale": {"scheme": "blues"},
                    },
                    "tooltip": [
                        {"field": "name", "title": "province"},
                        {"field": "delivered_usd", "title": "delivered (US$)", "format": ",.0f"},
                        {"field": "need", "title": "people in need", "format": ",.0f"},
                        {"field": "coverage", "title": "US$ per person", "format": ",.2f"},
                    ],
                },
            },
            {
                "mark": {"type": "text", "fontSize": 10},
                "encoding": {**encoding, "text": {"field": "short"}},
            },
        ],
    }
