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
    return {**_base(title, values), "mark": "bar", "encoding": encoding}


def line(title: str, values: Sequence[dict[str, Any]], x: str, y: str, color: str) -> Spec:
    return {
        **_base(title, values),
        "mark": {"type": "line", "point": True},
        "encoding": {
            "x": {"field": x, "type": "temporal"},
            "y": {"field": y, "type": "quantitative"},
            "color": {"field": color, "type": "nominal"},
        },
    }


def province_tiles(figures: Sequence[ProvinceFigure]) -> Spec:
    """The tile-grid map: one square per province, coloured by delivered aid per person in need."""
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
        }
        for f in figures
    ]
    axis = {"axis": None}
    encoding = {
        "x": {"field": "col", "type": "ordinal", **axis},
        "y": {"field": "row", "type": "ordinal", **axis},
    }
    return {
        **_base("Delivered aid per person in need, by province (US$)", values),
        "height": 300,
        "layer": [
            {
                "mark": {"type": "rect", "stroke": "white", "strokeWidth": 2},
                "encoding": {
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
