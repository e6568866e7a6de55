"""The dashboard page and its JSON: aggregates every role may see.

For a role that may read alerts, every figure and chart is also a way into the work: it links
to the alert queue filtered to what it counts (a kind, an age band, a week, a province)."""

from __future__ import annotations

from datetime import date, timedelta
from typing import Annotated, Any

from fastapi import APIRouter, Depends, Request
from fastapi.responses import HTMLResponse

from aidtrace.accounts.users import User
from aidtrace.web import charts
from aidtrace.web.auth import desk_of, require
from aidtrace.web.dashboard import Dashboard, age_band_days, province_grid
from aidtrace.web.pages import render
from aidtrace.web.policy import Permission, allows
from aidtrace.web.queue import QueueFilter

router = APIRouter()
Viewer = Annotated[User, Depends(require(Permission.VIEW_AGGREGATES))]
Rows = list[dict[str, Any]]


def _dashboard(request: Request) -> Dashboard:
    desk = desk_of(request)
    with desk.reader() as ws:
        return desk.dashboard.get(ws, desk.workspace)


def _queue(**filters: Any) -> str:
    return QueueFilter(**filters).link()


def _by_age(rows: Rows, today: date) -> Rows:
    def link(row: dict[str, Any]) -> str:
        young, old = age_band_days(str(row["age"]))
        oldest = today - timedelta(days=old) if old is not None else None
        return _queue(kind=row["kind"], seen_from=oldest, seen_to=today - timedelta(days=young))

    return [{**r, "href": link(r)} for r in rows]


def _by_week(rows: Rows) -> Rows:
    def link(row: dict[str, Any]) -> str:
        return _queue(kind=row["kind"], data_week=date.fromisoformat(str(row["week"])))

    return [{**r, "href": link(r)} for r in rows]


def _to(rows: Rows, href: str) -> Rows:
    return [{**r, "href": href} for r in rows]


def chart_specs(board: Dashboard, today: date | None = None) -> dict[str, dict[str, Any]]:
    """The Vega-Lite charts for whichever panels have data; with ``today`` (for a role that may
    read alerts) each mark links to the alert queue filtered to it."""
    p = board.panels
    linked = today is not None
    specs: dict[str, dict[str, Any]] = {}
    if board.has("alerts_by_age"):
        rows = _by_age(p["alerts_by_age"], today) if today else p["alerts_by_age"]
        specs["alerts-age"] = charts.bar("Alerts by kind and age", rows, "kind", "alerts", "age")
    if board.has("alert_trend"):
        rows = _by_week(p["alert_trend"]) if linked else p["alert_trend"]
        specs["alerts-trend"] = charts.line(
            "Alerts by the week the money moved", rows, "week", "alerts", "kind"
        )
    if board.has("leakage_by_hop"):
        rows = _to(p["leakage_by_hop"], _queue(kind="hop_gap")) if linked else p["leakage_by_hop"]
        specs["leakage"] = charts.bar(
            "Leakage by hop: sent minus reported received (US$)", rows, "hop", "leakage_usd"
        )
    if board.has("flow_trend"):
        rows = _to(p["flow_trend"], _queue(monitor="flows")) if linked else p["flow_trend"]
        specs["flow-trend"] = charts.line(
            "Money traced per week (US$)", rows, "week", "usd", "series"
        )
    province = p.get("provinces") or {}
    specs["provinces"] = charts.province_map(
        province_grid(province.get("delivered", {}), province.get("need", {})),
        href="/alerts?q={code}" if linked else None,
    )
    return specs


@router.get("/", response_class=HTMLResponse, include_in_schema=False)
def dashboard_page(request: Request, user: Viewer) -> HTMLResponse:
    board = _dashboard(request)
    today = desk_of(request).clock().date() if allows(user.role, Permission.VIEW_ALERTS) else None
    return render(
        request, "dashboard.html", user, board=board, specs=chart_specs(board, today), queue=_queue
    )


@router.get("/api/dashboard")
def dashboard_api(request: Request, user: Viewer) -> dict[str, Any]:
    """Every dashboard panel's figures (``null`` where the workspace has no data yet)."""
    return {"panels": _dashboard(request).panels}
