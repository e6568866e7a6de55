"""What the dashboard shows: aggregates only, so every role (donor viewers included) may see it.

Each panel is computed by a registered function that returns ``None`` when the workspace holds
no data for it yet; the page shows whichever panels have data. Figures come from the library of
the component that owns them (alerts, flows); this module only arranges them for display.
"""

from __future__ import annotations

import threading
from collections.abc import Callable
from contextlib import AbstractContextManager
from dataclasses import dataclass, field
from datetime import timedelta
from typing import Any

from aidtrace.alerts.store import alert_counts
from aidtrace.places.outlines import outlines
from aidtrace.web import flowpanels
from aidtrace.web.i18n import N_
from aidtrace.web.provinces import find_province
from aidtrace.web.queue import data_weeks_sql
from aidtrace.workspace import Workspace

Panel = Callable[[Workspace], Any]

AGE_BANDS: tuple[tuple[str, int], ...] = (
    (N_("≤ 7 days"), 7), (N_("8–30 days"), 30), (N_("31–90 days"), 90)
)  # fmt: skip
OLDEST_BAND = N_("> 90 days")


@dataclass(frozen=True)
class ProvinceFigure:
    code: str
    name: str
    delivered_usd: float | None
    need: float | None

    @property
    def coverage(self) -> float | None:
        """Delivered dollars per person in need (``None`` where either is unknown)."""
        if self.delivered_usd is None or not self.need:
            return None
        return self.delivered_usd / self.need


@dataclass(frozen=True)
class Dashboard:
    panels: dict[str, Any] = field(default_factory=dict)

    def has(self, name: str) -> bool:
        return self.panels.get(name) is not None


def alerts_by_kind(ws: Workspace) -> dict[str, int] | None:
    return alert_counts(ws) or None


def alerts_to_triage(ws: Workspace) -> dict[str, int] | None:
    """Alerts waiting for triage (raised or reopened, not yet in a case): all, and critical."""
    rows = ws.engine.query(
        "SELECT count(*) AS open, count(*) FILTER (WHERE severity = 'critical') AS critical "
        "FROM alerts WHERE status IN ('open', 'reopened')"
    ).to_pylist()
    total = ws.engine.query("SELECT count(*) AS n FROM alerts").to_pylist()[0]["n"]
    return {k: int(v) for k, v in rows[0].items()} if total else None


def age_band_days(label: str) -> tuple[int, int | None]:
    """The band's youngest and oldest age in days (``None``: no upper bound)."""
    low = 0
    for name, days in AGE_BANDS:
        if name == label:
            return low, days
        low = days + 1
    return low, None


def alerts_by_age(ws: Workspace) -> list[dict[str, Any]] | None:
    """Open alerts per kind and age band (age since first seen, by the workspace clock)."""
    rows = ws.engine.query("SELECT kind, first_seen FROM alerts").to_pylist()
    if not rows:
        return None
    now, counts = ws.clock(), dict[tuple[str, str], int]()
    for row in rows:
        band = _band(now - row["first_seen"])
        counts[(row["kind"], band)] = counts.get((row["kind"], band), 0) + 1
    return [{"kind": k, "age": b, "alerts": n} for (k, b), n in sorted(counts.items())]


def _band(age: timedelta) -> str:
    for label, days in AGE_BANDS:
        if age <= timedelta(days=days):
            return label
    return OLDEST_BAND


def alert_trend(ws: Workspace) -> list[dict[str, Any]] | None:
    """Alerts per kind by the week of the data they are about (``queue.data_weeks_sql``), not
    the week a monitor happened to run."""
    rows = ws.engine.query(
        "SELECT strftime(week, '%Y-%m-%d') AS week, kind, count(*) AS alerts "
        f"FROM ({data_weeks_sql(ws)}) WHERE week IS NOT NULL GROUP BY ALL ORDER BY week, kind"
    ).to_pylist()
    return rows or None


def alerts_without_week(ws: Workspace) -> int | None:
    """How many alerts have no week of their own (about people or parties, not payments)."""
    row = ws.engine.query(
        f"SELECT count(*) FILTER (WHERE week IS NULL) AS n, count(*) AS total "
        f"FROM ({data_weeks_sql(ws)})"
    ).to_pylist()[0]
    return int(row["n"]) if row["total"] else None


def province_grid(delivered: dict[str, float], need: dict[str, float]) -> list[ProvinceFigure]:
    """All 34 provinces with whatever figures are known (keys are P-codes or province names)."""
    by_code: dict[str, dict[str, float]] = {"delivered": {}, "need": {}}
    for label, source in (("delivered", delivered), ("need", need)):
        for key, value in source.items():
            province = find_province(key, key)
            if province is not None:
                code = province.code
                by_code[label][code] = by_code[label].get(code, 0.0) + value
    return [
        ProvinceFigure(
            o.code, o.name, by_code["delivered"].get(o.code), by_code["need"].get(o.code)
        )
        for o in outlines()
    ]


# Panel name → the function that computes it. Components add theirs as their libraries land.
PANELS: dict[str, Panel] = {
    "alerts_to_triage": alerts_to_triage,
    "alerts_by_kind": alerts_by_kind,
    "alerts_by_age": alerts_by_age,
    "alert_trend": alert_trend,
    "alerts_without_week": alerts_without_week,
    "money_week": flowpanels.money_week,
    "flow_trend": flowpanels.flow_trend,
    "leakage_by_hop": flowpanels.leakage_by_hop,
    "provinces": flowpanels.provinces,
}


def build_dashboard(ws: Workspace) -> Dashboard:
    return Dashboard({name: panel(ws) for name, panel in PANELS.items()})


def fingerprint(ws: Workspace) -> tuple[object, ...]:
    """Changes whenever anything the panels read may have changed (imports, monitor runs)."""
    row = ws.engine.query(
        "SELECT (SELECT count(*) FROM imports) AS imports, "
        "(SELECT max(imported_at) FROM imports) AS last_import, "
        "(SELECT count(*) FROM alerts) AS alerts, (SELECT max(last_seen) FROM alerts) AS seen"
    ).to_pylist()[0]
    return tuple(row.values())


Opener = Callable[[], AbstractContextManager[Workspace]]


class DashboardCache:
    """The last dashboard built, reused while the workspace's fingerprint is unchanged: the
    panels aggregate whole tables, the fingerprint is two indexed counts. One build at a time,
    so that concurrent requests after a change wait for it instead of each building their own."""

    def __init__(self) -> None:
        self._key: tuple[object, ...] | None = None
        self._board: Dashboard | None = None
        self._lock = threading.Lock()

    def get(self, ws: Workspace, writable: Opener) -> Dashboard:
        """The dashboard, checked for freshness on ``ws`` (a read-only view will do); a rebuild
        runs on the workspace ``writable`` opens, as some panels materialise derived tables."""
        key = fingerprint(ws)
        with self._lock:
            if self._board is None or key != self._key:
                with writable() as store:
                    self._board, self._key = build_dashboard(store), key
            return self._board
