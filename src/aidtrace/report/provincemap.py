"""The report's map: Afghanistan's 34 provinces on their real outlines, coloured by how much
of the plan was delivered, each named in full (outlines from ``aidtrace.places.outlines``).

Darker means less of the plan delivered, so the eye goes to the gaps; colour is relative to the
best-served province. Each name is written in black or white, whichever reads on its colour.
"""

from __future__ import annotations

from dataclasses import dataclass

from aidtrace.flows.summary import ProvinceFigure
from aidtrace.places.outlines import frame, outlines, svg_path
from aidtrace.report.palette import NO_DATA, REDS, band, ink


@dataclass(frozen=True)
class Province:
    code: str
    name: str
    path: str  # SVG path data of its outline
    x: float  # where its name goes
    y: float
    fill: str
    ink: str
    share: float | None
    usd_per_person: float | None


@dataclass(frozen=True)
class ProvinceMap:
    width: float
    height: float
    provinces: tuple[Province, ...]
    top_share: float
    legend: tuple[tuple[str, str], ...]
    no_data: str = NO_DATA


def province_map(figures: list[ProvinceFigure], width: float = 600.0) -> ProvinceMap:
    """Every province on its outline, coloured by its share of plan delivered."""
    by_code = {f.province_code: f for f in figures}
    shares = [s for f in figures if (s := f.share_of_plan) is not None]
    top = max(shares, default=0.0)
    shapes = outlines()
    f = frame(shapes, width)
    drawn = []
    for o in shapes:
        figure = by_code.get(o.code)
        share = figure.share_of_plan if figure else None
        fill = NO_DATA if share is None else band(top - share, top, REDS)
        x, y = f.xy(o.label)
        drawn.append(
            Province(o.code, o.name, svg_path(o, f), x, y, fill, ink(fill), share,
                     figure.usd_per_person_in_need if figure else None)
        )  # fmt: skip
    return ProvinceMap(f.width, f.height, tuple(drawn), top, _legend(top))


def _legend(top: float) -> tuple[tuple[str, str], ...]:
    """(colour, label) from the least delivered band to the most."""
    step = top / len(REDS)
    return tuple(
        (REDS[len(REDS) - 1 - i], f"{_pct(i * step)}–{_pct((i + 1) * step)}")
        for i in range(len(REDS))
    )


def _pct(share: float) -> str:
    value = share * 100
    return f"{value:.2g}%" if value < 10 else f"{value:.0f}%"
