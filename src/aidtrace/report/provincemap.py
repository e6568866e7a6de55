"""The report's map: Afghanistan's 34 provinces on their real outlines, each named in full
(outlines from ``aidtrace.places.outlines``), coloured by one measure the map names.

Where any province has a plan, the measure is the share of the plan delivered: darker means
less delivered, so the eye goes to the gaps; colour is relative to the best-served province.
Published data (FTS, HNO, IPC) has no plan: there the map shows published funding per person,
per person in IPC phase 3+ or per person in need (HNO), whichever more funded provinces have,
darker meaning more per person, as on the desk's map. A province no flow names stays grey.
Each name is written in black or white, whichever reads on its colour.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass

from aidtrace.flows.equity import ProvinceFunding
from aidtrace.flows.perperson import Measure, funding_measure, per_person
from aidtrace.flows.summary import ProvinceFigure
from aidtrace.places.outlines import frame, outlines, svg_path
from aidtrace.report.palette import BLUES, NO_DATA, REDS, band, ink

TITLES = {
    Measure.PLAN: "Share of plan delivered",
    Measure.IPC3: "Funding per person in IPC phase 3+ (US$)",
    Measure.NEED: "Funding per person in need (US$)",
}
NO_FLOW = "no funding flow names this province"


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
    usd_per_person: float | None  # on the map's measure (per person in need for the plan)
    detail: str  # what hovering it says, after its name


@dataclass(frozen=True)
class ProvinceMap:
    width: float
    height: float
    provinces: tuple[Province, ...]
    top: float  # the best-served province's share of plan, or US$ per person
    legend: tuple[tuple[str, str], ...]
    measure: Measure = Measure.PLAN
    no_data: str = NO_DATA

    @property
    def title(self) -> str:
        return TITLES[self.measure]

    @property
    def label(self) -> str:
        """What a screen reader announces for the whole map."""
        title = self.title
        return f"Provinces by {title[0].lower()}{title[1:]}"


# A province's colour, its value on the measure, its share of plan and what hovering it says.
Shade = tuple[str, float | None, float | None, str]


def province_map(
    figures: list[ProvinceFigure], width: float = 600.0, funding: Sequence[ProvinceFunding] = ()
) -> ProvinceMap:
    """Every province on its outline, coloured by its share of plan delivered; where no
    province has a plan and ``funding`` is given, by published funding per person."""
    if funding and all(f.share_of_plan is None for f in figures):
        return funding_map(funding, width)
    by_code = {f.province_code: f for f in figures}
    top = max((s for f in figures if (s := f.share_of_plan) is not None), default=0.0)

    def shade(code: str) -> Shade:
        figure = by_code.get(code)
        share = figure.share_of_plan if figure else None
        per_person = figure.usd_per_person_in_need if figure else None
        if share is None:
            return NO_DATA, per_person, None, "no plan or needs data"
        detail = f"{share * 100:.3g}% of plan delivered, ${per_person:.2f} per person in need"
        return band(top - share, top, REDS), per_person, share, detail

    return _drawn(width, shade, top, _legend(top), Measure.PLAN)


def funding_map(funding: Sequence[ProvinceFunding], width: float = 600.0) -> ProvinceMap:
    """Every province on its outline, coloured by the published funding that names it per
    person on the measure most funded provinces have (IPC phase 3+, or in need)."""
    measure = funding_measure(funding)
    by_code = {f.province_code: f for f in funding if f.flows}
    values = {code: per_person(f, measure) for code, f in by_code.items()}
    top = max((v for v in values.values() if v is not None), default=0.0)

    def shade(code: str) -> Shade:
        found = by_code.get(code)
        if found is None:
            return NO_DATA, None, None, NO_FLOW
        value = values[code]
        fill = NO_DATA if value is None else band(value, top, BLUES)
        return fill, value, None, describe(found)

    return _drawn(width, shade, top, _usd_legend(top), measure)


def describe(f: ProvinceFunding) -> str:
    """The province's funding, flows and both per-person figures that are known."""
    parts = [f"US${f.funded_usd:,.0f} in {f.flows:,} flow{'' if f.flows == 1 else 's'}"]
    if f.usd_per_ipc3_person is not None:
        parts.append(f"US${f.usd_per_ipc3_person:,.2f} per person in IPC phase 3+")
    if f.usd_per_person_in_need is not None:
        parts.append(f"US${f.usd_per_person_in_need:,.2f} per person in need")
    return "; ".join(parts)


def _drawn(
    width: float,
    shade: Callable[[str], Shade],
    top: float,
    legend: tuple[tuple[str, str], ...],
    measure: Measure,
) -> ProvinceMap:
    shapes = outlines()
    f = frame(shapes, width)
    drawn = []
    for o in shapes:
        fill, value, share, detail = shade(o.code)
        x, y = f.xy(o.label)
        drawn.append(
            Province(o.code, o.name, svg_path(o, f), x, y, fill, ink(fill), share, value, detail)
        )
    return ProvinceMap(f.width, f.height, tuple(drawn), top, legend, measure)


def _legend(top: float) -> tuple[tuple[str, str], ...]:
    """(colour, label) from the least delivered band to the most."""
    step = top / len(REDS)
    return tuple(
        (REDS[len(REDS) - 1 - i], f"{_pct(i * step)}–{_pct((i + 1) * step)}")
        for i in range(len(REDS))
    )


def _usd_legend(top: float) -> tuple[tuple[str, str], ...]:
    """(colour, label) from the least funding per person to the most."""
    step = top / len(BLUES)
    return tuple(
        (colour, f"{_usd(i * step)}–{_usd((i + 1) * step)}") for i, colour in enumerate(BLUES)
    )


def _pct(share: float) -> str:
    value = share * 100
    return f"{value:.2g}%" if value < 10 else f"{value:.0f}%"


def _usd(value: float) -> str:
    return f"US${value:,.2f}" if value < 100 else f"US${value:,.0f}"
