"""Horizontal bar charts, laid out in Python so the template only draws rectangles and text.

Horizontal bars keep long labels (province names, alert kinds, organisation ids) readable
without rotation, and print well in black and white.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass

from aidtrace.flows.equity import ProvinceFunding
from aidtrace.flows.perperson import Measure, per_person
from aidtrace.flows.summary import ProvinceFigure
from aidtrace.places import afghanistan


@dataclass(frozen=True)
class Bar:
    label: str
    value: float
    text: str
    y: float
    width: float
    note: str = ""


@dataclass(frozen=True)
class BarChart:
    width: float
    height: float
    label_width: float
    bar_height: float
    bars: tuple[Bar, ...]

    @property
    def empty(self) -> bool:
        return not self.bars


def bar_chart(
    items: Iterable[tuple[str, float]],
    fmt: Callable[[float], str] = lambda v: f"{v:,.0f}",
    notes: dict[str, str] | None = None,
    width: float = 640.0,
    label_width: float = 170.0,
    bar_height: float = 16.0,
    text_room: float = 110.0,
) -> BarChart:
    """One bar per (label, value), in the order given; bars scale to the largest value."""
    pairs = list(items)
    top = max((v for _, v in pairs), default=0.0)
    room = width - label_width - text_room
    step = bar_height + 4.0
    bars = tuple(
        Bar(
            label,
            value,
            fmt(value),
            i * step,
            room * value / top if top > 0 else 0.0,
            (notes or {}).get(label, ""),
        )
        for i, (label, value) in enumerate(pairs)
    )
    return BarChart(width, len(bars) * step, label_width, bar_height, bars)


def province_bars(figures: list[ProvinceFigure]) -> BarChart:
    """Delivered USD per person in need, best served first, with the plan's figure beside it."""
    ordered = sorted(figures, key=lambda f: (-f.usd_per_person_in_need, f.province_code))
    notes = {
        _name(f): f"plan {_usd(f.planned_usd / f.people_in_need if f.people_in_need else 0)}"
        f" · {_share(f.share_of_plan)} of plan"
        for f in ordered
    }
    return bar_chart(
        ((_name(f), f.usd_per_person_in_need) for f in ordered),
        fmt=_usd,
        notes=notes,
        width=820.0,
        label_width=110.0,
        text_room=300.0,
    )


def funding_bars(funding: Sequence[ProvinceFunding], measure: Measure) -> BarChart:
    """Published funding per person on the map's ``measure``, best funded first, for the
    provinces flows name; the funding and its flows beside each."""
    gazetteer = afghanistan()
    known = [(f, v) for f in funding if f.flows and (v := per_person(f, measure)) is not None]
    known.sort(key=lambda fv: (-fv[1], fv[0].province_code))
    names = {
        f.province_code: p.name if (p := gazetteer.by_code(f.province_code)) else f.province_code
        for f, _ in known
    }
    notes = {names[f.province_code]: _flows(f) for f, _ in known}
    return bar_chart(
        ((names[f.province_code], v) for f, v in known),
        fmt=_usd,
        notes=notes,
        width=820.0,
        label_width=110.0,
        text_room=300.0,
    )


def _flows(f: ProvinceFunding) -> str:
    return f"US${f.funded_usd:,.0f} in {f.flows:,} flow{'' if f.flows == 1 else 's'}"


def _name(figure: ProvinceFigure) -> str:
    return figure.province or figure.province_code


def _usd(value: float) -> str:
    if 0 < value < 0.01:  # a province barely served must not read as "$0.00"
        return f"${value:.2g}"
    return f"${value:,.2f}" if value < 100 else f"${value:,.0f}"


def _share(share: float | None) -> str:
    if share is None:
        return "no plan"
    return f"{share * 100:.2g}%" if share < 0.1 else f"{share * 100:.0f}%"
