"""Dashboard panels over the flows library: money traced by week, leakage by hop, provinces.

The figures are ``aidtrace.flows``'; this module only groups them for the dashboard's tiles
and charts. Each panel is ``None`` until the data it needs has been imported.
"""

from __future__ import annotations

import json
from typing import Any

from aidtrace.flows.detectors.base import has_rows, num
from aidtrace.flows.equity import ProvinceFunding
from aidtrace.flows.graph import LeakageLevel, hops, leakage
from aidtrace.flows.perperson import Measure, funding_measure, per_person, published_funding
from aidtrace.flows.summary import ProvinceFigure, province_figures
from aidtrace.web.i18n import N_
from aidtrace.workspace import Workspace


def _weeks(ws: Workspace) -> list[dict[str, Any]]:
    if not has_rows(ws.engine, "ledger"):
        return []
    table = leakage(ws.engine, LeakageLevel.WEEK)
    return [r for r in table.to_pylist() if r["key"] is not None]


def leaked_in_week(ws: Workspace, week: str) -> float:
    """What open leakage and hop-gap alerts find missing in one week (an alert spanning several
    weeks counts its amount evenly over them)."""
    found = ws.engine.query(
        "SELECT evidence FROM alerts WHERE kind IN ('leakage', 'hop_gap') AND status <> 'cleared'"
    ).to_pylist()
    total = 0.0
    for row in found:
        evidence = json.loads(str(row["evidence"]))
        weeks = [str(w) for w in evidence.get("weeks") or []]
        usd = num(evidence.get("missing_usd") or evidence.get("gap_usd") or 0)
        if week in weeks:
            total += usd / len(weeks)
    return total


def money_week(ws: Workspace) -> dict[str, Any] | None:
    """The latest week's last-mile spending, what reached people, and the gap between them,
    split into what alerts find leaked and what merely has no hand-over report yet (a gap is
    not a loss: most of it is reports still to come)."""
    weeks = _weeks(ws)
    if not weeks:
        return None
    last = weeks[-1]
    gap = num(last["gap_usd"])
    leaked = min(max(gap, 0.0), leaked_in_week(ws, str(last["key"])))
    return {
        "week": str(last["key"]),
        "usd": num(last["spent_usd"]),
        "delivered_usd": num(last["delivered_usd"]),
        "leakage_usd": gap,
        "leaked_usd": round(leaked, 2),
        "unreported_usd": round(max(gap, 0.0) - leaked, 2),
    }


def flow_trend(ws: Workspace) -> list[dict[str, Any]] | None:
    series = ((N_("spent on the last mile"), "spent_usd"), (N_("reached people"), "delivered_usd"))
    trend = [
        {"week": str(w["key"]), "series": label, "usd": round(num(w[field]), 2)}
        for w in _weeks(ws)
        for label, field in series
    ]
    return trend or None


def leakage_by_hop(ws: Workspace) -> list[dict[str, Any]] | None:
    """Per kind of hop (payer role → payee role): sent, what the receivers report receiving,
    and the difference. Money to receivers that publish no report (vendors, cash agents) is
    counted apart as unreported, not as leakage: the last mile is judged against hand-overs."""
    if not has_rows(ws.engine, "ledger"):
        return None
    totals: dict[str, dict[str, float]] = {}
    zero = {"sent_usd": 0.0, "received_usd": 0.0, "unreported_usd": 0.0, "leakage_usd": 0.0}
    for hop in hops(ws.engine).to_pylist():
        name = f"{hop['payer_role'] or '?'} → {hop['payee_role'] or '?'}"
        agg = totals.setdefault(name, dict(zero))
        sent = num(hop["sent_usd"])
        agg["sent_usd"] += sent
        if hop["reported_usd"] is None:
            agg["unreported_usd"] += sent
        else:
            agg["received_usd"] += num(hop["reported_usd"])
            agg["leakage_usd"] += sent - num(hop["reported_usd"])
    return [{"hop": k, **{f: round(x, 2) for f, x in v.items()}} for k, v in totals.items()] or None


def provinces(ws: Workspace) -> dict[str, Any] | None:
    """Delivered aid and people in need per province; where no province has a plan or a
    delivery and published funding is imported, also that funding per person on the measure
    the report's map uses (``published``)."""
    figures = province_figures(ws.engine)
    published = _published(ws, figures)
    if not figures and published is None:
        return None
    panel: dict[str, Any] = {
        "delivered": {f.province_code: f.delivered_usd for f in figures},
        "need": {f.province_code: float(f.people_in_need) for f in figures},
    }
    if published is not None:
        panel["published"] = published
    return panel


def _published(ws: Workspace, figures: list[ProvinceFigure]) -> dict[str, Any] | None:
    """``{"measure", "provinces"}``: each province a funding flow names, with its funding,
    flows and funding per person on the measure and on both counts (``None`` where unknown)."""
    if any(f.delivered_usd for f in figures):
        return None
    funding = [f for f in published_funding(ws.engine, figures) if f.flows]
    if not funding:
        return None
    measure = funding_measure(funding)
    return {
        "measure": str(measure),
        "provinces": {f.province_code: _funded(f, measure) for f in funding},
    }


def _funded(f: ProvinceFunding, measure: Measure) -> dict[str, Any]:
    return {
        "funded_usd": round(f.funded_usd, 2),
        "flows": f.flows,
        "usd_per_person": per_person(f, measure),
        "usd_per_ipc3_person": f.usd_per_ipc3_person,
        "usd_per_person_in_need": f.usd_per_person_in_need,
    }
