"""Published funding per person: what a province map shows where no plan is known.

Programme data (needs with a plan, distributions) lets a map show the share of a plan, or the
aid, that reached each province. Published data (OCHA FTS flows, the HNO, IPC analyses) has
neither: there a map shows the funding that names each province per person, per person in IPC
phase 3+ or per person in need (HNO), whichever more funded provinces have. The report's map and
the desk's map both choose the measure here, so they always agree.
"""

from __future__ import annotations

from collections.abc import Sequence
from enum import StrEnum

from aidtrace.flows.detectors.base import has_rows
from aidtrace.flows.equity import ProvinceFunding, province_funding
from aidtrace.flows.funding import as_of
from aidtrace.flows.summary import ProvinceFigure
from aidtrace.store.engine import Engine


class Measure(StrEnum):
    PLAN = "plan"  # share of the plan delivered (programme data)
    IPC3 = "ipc3"  # published funding per person in IPC phase 3 or worse
    NEED = "need"  # published funding per person in need (HNO)


def published_funding(engine: Engine, provinces: Sequence[ProvinceFigure]) -> list[ProvinceFunding]:
    """Published funding per province (FTS flows that name one), for a map where no province
    has a plan; IPC figures are those current on the FTS data's as-of date. Empty where a
    province has a plan or no FTS flow is imported."""
    if any(p.share_of_plan is not None for p in provinces):
        return []
    if not has_rows(engine, "fts_flows"):
        return []
    return province_funding(engine, str(as_of(engine)))


def funding_measure(funding: Sequence[ProvinceFunding]) -> Measure:
    """Per person in need where at least as many funded provinces have it as have an IPC 3+
    population; else per person in IPC phase 3+."""
    located = [f for f in funding if f.flows]
    need = sum(f.people_in_need is not None for f in located)
    ipc3 = sum(f.ipc3_people is not None for f in located)
    return Measure.NEED if need >= ipc3 else Measure.IPC3


def per_person(f: ProvinceFunding, measure: Measure) -> float | None:
    """The province's funding per person on ``measure`` (``None`` where the count is unknown)."""
    return f.usd_per_person_in_need if measure is Measure.NEED else f.usd_per_ipc3_person
