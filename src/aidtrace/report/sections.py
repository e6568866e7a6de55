"""What the report shows, gathered from the components that own it, as plain values.

Each gatherer calls the owning component (flows, alerts, cases, audit) and only shapes its
answer for display; the few aggregates here are counts over the alerts table. The donor
audience gets only what :data:`DONOR_SAFE` names: aggregates by organisation, province, kind
and severity, never a subject, summary, evidence or case title (those can name people).
"""

from __future__ import annotations

import json
from collections import Counter
from dataclasses import asdict, dataclass
from datetime import timedelta
from enum import StrEnum
from typing import Any

import pyarrow as pa

from aidtrace import audit
from aidtrace.alerts.model import Severity
from aidtrace.alerts.status import ACTIVE
from aidtrace.alerts.store import alert_counts, list_alerts
from aidtrace.cases.model import Case
from aidtrace.cases.queries import load_cases
from aidtrace.cases.rows import CaseRow, case_row
from aidtrace.flows.detectors.base import has_rows
from aidtrace.flows.graph import LeakageLevel, hops, leakage
from aidtrace.workspace import Workspace


class Audience(StrEnum):
    OFFICER = "officer"  # compliance: everything, including who and why
    DONOR = "donor"  # aggregates only


# Open alerts by how long they have waited; the last band has no upper bound.
AGE_BANDS: tuple[tuple[str, timedelta], ...] = (
    ("< 1 day", timedelta(days=1)),
    ("1–7 days", timedelta(days=7)),
    ("7–30 days", timedelta(days=30)),
    ("> 30 days", timedelta.max),
)
_EVIDENCE_CHARS = 220
# A hop whose reported amount is within this of what was sent agrees (rounding, fx).
_AGREE_USD = 1.0


@dataclass(frozen=True)
class Hop:
    payer: str
    payee: str
    sent_usd: float
    reported_usd: float | None

    @property
    def gap_usd(self) -> float | None:
        return None if self.reported_usd is None else self.sent_usd - self.reported_usd


@dataclass(frozen=True)
class TopAlert:
    alert_id: str
    kind: str
    subject: str
    score: float
    severity: str
    status: str
    summary: str
    evidence: str


def alerts_by_kind(workspace: Workspace) -> dict[str, int]:
    return alert_counts(workspace)


def severity_by_age(workspace: Workspace) -> dict[str, dict[str, int]]:
    """Active (undecided) alerts: severity -> age band -> count, most severe first."""
    rows = workspace.engine.query(
        "SELECT severity, first_seen FROM alerts WHERE list_contains(?, status)",
        ([s.value for s in ACTIVE],),
    ).to_pylist()
    now = workspace.clock()
    counts: Counter[tuple[str, str]] = Counter(
        (str(r["severity"]), _band(now - r["first_seen"])) for r in rows
    )
    order = [s.value for s in reversed(Severity)]
    return {
        severity: {band: counts[(severity, band)] for band, _ in AGE_BANDS}
        for severity in order
        if any(counts[(severity, band)] for band, _ in AGE_BANDS)
    }


def _band(age: timedelta) -> str:
    return next(label for label, limit in AGE_BANDS if age < limit)


def top_alerts(workspace: Workspace, limit: int = 25) -> list[TopAlert]:
    """The highest-scoring undecided alerts, each with its evidence in one line."""
    found = list_alerts(workspace, limit=limit, statuses=ACTIVE)
    if not found:
        return []
    workspace.engine.register(
        "__report_ids", pa.table({"alert_id": [a["alert_id"] for a in found]})
    )
    evidence = {
        str(r["alert_id"]): str(r["evidence"])
        for r in workspace.engine.query(
            "SELECT alert_id, evidence FROM alerts "
            "WHERE alert_id IN (SELECT alert_id FROM __report_ids)"
        ).to_pylist()
    }
    return [
        TopAlert(
            str(a["alert_id"]),
            str(a["kind"]),
            str(a["subject"]),
            float(str(a["score"])),
            str(a["severity"]),
            str(a["status"]),
            str(a["summary"]),
            summarise_evidence(evidence.get(str(a["alert_id"]), "")),
        )
        for a in found
    ]


def summarise_evidence(raw: str) -> str:
    """Evidence JSON as ``key: value; …`` in one line, lists counted, cut at a readable length."""
    try:
        doc = json.loads(raw) if raw else {}
    except json.JSONDecodeError:
        doc = raw
    text = "; ".join(f"{k}: {_brief(v)}" for k, v in doc.items()) if isinstance(doc, dict) else raw
    return text if len(text) <= _EVIDENCE_CHARS else text[: _EVIDENCE_CHARS - 1] + "…"


def _brief(value: Any) -> str:
    if isinstance(value, float):
        return f"{value:.3g}"
    if isinstance(value, list):
        shown = ", ".join(_brief(v) for v in value[:3])
        return f"[{shown}{', …' if len(value) > 3 else ''}] ({len(value)})"
    if isinstance(value, dict):
        return "{" + ", ".join(f"{k}={_brief(v)}" for k, v in list(value.items())[:4]) + "}"
    return str(value)


@dataclass(frozen=True)
class Hops:
    """Hops whose recipient reported a different amount or nothing, and how many agreed."""

    exceptions: list[Hop]
    agreed: int
    agreed_usd: float


def hop_table(workspace: Workspace, limit: int = 30) -> Hops:
    """Organisation-to-organisation hops: the exceptions, largest first; agreeing ones counted."""
    if not has_rows(workspace.engine, "ledger"):
        return Hops([], 0, 0.0)
    found = [
        Hop(
            str(r["payer_org_id"]),
            str(r["payee_org_id"]),
            float(r["sent_usd"] or 0),
            None if r["reported_usd"] is None else float(r["reported_usd"]),
        )
        for r in hops(workspace.engine).to_pylist()
    ]
    agreed = [h for h in found if h.gap_usd is not None and abs(h.gap_usd) < _AGREE_USD]
    odd = [h for h in found if h not in agreed]
    odd.sort(key=lambda h: (h.gap_usd is None, -abs(h.gap_usd or h.sent_usd)))
    return Hops(odd[:limit], len(agreed), sum(h.sent_usd for h in agreed))


def partner_gaps(workspace: Workspace, limit: int = 15) -> list[tuple[str, float]]:
    """Last-mile spending not matched by reached hand-overs, by organisation, largest first."""
    if not has_rows(workspace.engine, "ledger"):
        return []
    rows = leakage(workspace.engine, LeakageLevel.PARTNER).to_pylist()
    gaps = [(str(r["key"]), float(r["gap_usd"])) for r in rows if float(r["gap_usd"]) > 0]
    return sorted(gaps, key=lambda g: -g[1])[:limit]


def weekly(workspace: Workspace) -> list[tuple[str, float, str]]:
    """Per week: last-mile spending not matched by reached hand-overs, and the two figures."""
    if not has_rows(workspace.engine, "ledger"):
        return []
    return [
        (
            str(r["key"]),
            max(float(r["gap_usd"]), 0.0),
            f"spent ${float(r['spent_usd']):,.0f} · delivered ${float(r['delivered_usd']):,.0f}",
        )
        for r in leakage(workspace.engine, LeakageLevel.WEEK).to_pylist()
        if r["key"] is not None
    ]


@dataclass(frozen=True)
class ReportedCase(CaseRow):
    """A case's line in the report: the desk's row, under the built-in SLA, and its current
    decision in words."""

    decision: str


def cases(workspace: Workspace) -> tuple[dict[str, int], list[ReportedCase]]:
    """Cases by status, and each case with its current decision (most urgent first)."""
    found: list[Case] = load_cases(workspace)
    now = workspace.clock()
    by_status = dict(Counter(c.status.value for c in found).most_common())
    rows = [
        ReportedCase(**asdict(case_row(c, now)), decision=_decision(c))
        for c in sorted(found, key=lambda c: (c.sla_due, c.case_id))
    ]
    return by_status, rows


def _decision(case: Case) -> str:
    d = case.current
    if d is None:
        return ""
    when = d.decided_at.strftime("%Y-%m-%d")
    return f"{d.outcome.value} ({d.state.value}) by {d.decided_by}, {when}: {d.rationale}"


def audit_head(workspace: Workspace) -> audit.TreeHead | None:
    return audit.current_head(workspace)
