"""The dashboard page and its JSON: aggregates every role may see."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Depends, Request
from fastapi.responses import HTMLResponse

from aidtrace.web import charts
from aidtrace.web.auth import desk_of, require
from aidtrace.web.dashboard import Dashboard, province_grid
from aidtrace.web.pages import render
from aidtrace.web.policy import Permission
from aidtrace.web.users import User

router = APIRouter()
Viewer = Annotated[User, Depends(require(Permission.VIEW_AGGREGATES))]


def _dashboard(request: Request) -> Dashboard:
    desk = desk_of(request)
    with desk.reader() as ws:
        return desk.dashboard.get(ws, desk.workspace)


def chart_specs(board: Dashboard) -> dict[str, dict[str, Any]]:
    """The Vega-Lite charts for whichever panels have data."""
    p = board.panels
    specs: dict[str, dict[str, Any]] = {}
    if board.has("alerts_by_age"):
        specs["alerts-age"] = charts.bar(
            "Alerts by kind and age", p["alerts_by_age"], "kind", "alerts", "age"
        )
    if board.has("alert_trend"):
        specs["alerts-trend"] = charts.line(
            "New alerts per week", p["alert_trend"], "week", "alerts", "kind"
        )
    if board.has("leakage_by_hop"):
        specs["leakage"] = charts.bar(
            "Leakage by hop: sent minus reported received (US$)",
            p["leakage_by_hop"],
            "hop",
            "leakage_usd",
        )
    if board.has("flow_trend"):
        specs["flow-trend"] = charts.line(
            "Money traced per week (US$)", p["flow_trend"], "week", "usd", "series"
        )
    province = p.get("provinces") or {}
    specs["provinces"] = charts.province_tiles(
        province_grid(province.get("delivered", {}), province.get("need", {}))
    )
    return specs


@router.get("/", response_class=HTMLResponse, include_in_schema=False)
def dashboard_page(request: Request, user: Viewer) -> HTMLResponse:
    board = _dashboard(request)
    return render(request, "dashboard.html", user, board=board, specs=chart_specs(board))


@router.get("/api/dashboard")
def dashboard_api(request: Request, user: Viewer) -> dict[str, Any]:
    """Every dashboard panel's figures (``null`` where the workspace has no data yet)."""
    return {"panels": _dashboard(request).panels}
