"""The dashboard page and its JSON: aggregates every role may see.

For a role that may read alerts, every figure and chart is also a way into the work: it links
to the alert queue filtered to what it counts (a kind, an age band, a week, a province)."""

from __future__ import annotations

import threading
from collections.abc import Callable
from datetime import date, timedelta
from typing import Annotated, Any

from fastapi import APIRouter, Depends, Request
from fastapi.responses import HTMLResponse
from markupsafe import Markup

from aidtrace.accounts.users import User
from aidtrace.web import charts
from aidtrace.web.auth import desk_of, require
from aidtrace.web.dashboard import Dashboard, age_band_days, province_grid
from aidtrace.web.i18n import N_, isolating, translations
from aidtrace.web.labels import hop_label, kind_label
from aidtrace.web.pages import reader_language, render, to_json
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


def _same(text: str) -> str:
    return text


# The charts' axis, legend and tooltip titles, by the field they name.
TITLES: dict[str, str] = {
    "kind": N_("kind"), "alerts": N_("alerts"), "age": N_("age"), "week": N_("week"),
    "hop": N_("hop"), "leakage_usd": N_("leakage (US$)"), "usd": N_("amount (US$)"),
    "series": N_("series"),
}  # fmt: skip


def _words(rows: Rows, say: Callable[[str], str]) -> Rows:
    """Rows with their category values (kinds, age bands, hops, series) in the reader's
    language; links were made from the stored values before."""
    shown: dict[str, Callable[[str], str]] = {
        "kind": lambda v: say(kind_label(v)),
        "age": say,
        "series": say,
        "hop": lambda v: hop_label(say, v),
    }
    return [{k: shown[k](str(v)) if k in shown else v for k, v in r.items()} for r in rows]


def chart_specs(
    board: Dashboard, today: date | None = None, gettext: Callable[[str], str] = _same
) -> dict[str, dict[str, Any]]:
    """The Vega-Lite charts for whichever panels have data; with ``today`` (for a role that may
    read alerts) each mark links to the alert queue filtered to it. Titles, axes and category
    values are in the reader's language (``gettext``); figures and weeks read the same in all."""
    p = board.panels
    linked = today is not None
    say = isolating(gettext)
    titles = {field: say(title) for field, title in TITLES.items()}
    specs: dict[str, dict[str, Any]] = {}
    if board.has("alerts_by_age"):
        rows = _by_age(p["alerts_by_age"], today) if today else p["alerts_by_age"]
        specs["alerts-age"] = charts.bar(
            say(N_("Alerts by kind and age")), _words(rows, say), "kind", "alerts", "age", titles
        )
    if board.has("alert_trend"):
        rows = _by_week(p["alert_trend"]) if linked else p["alert_trend"]
        specs["alerts-trend"] = charts.line(
            say(N_("Alerts by the week the money moved")), _words(rows, say), "week", "alerts",
            "kind", titles,
        )  # fmt: skip
    if board.has("leakage_by_hop"):
        rows = _to(p["leakage_by_hop"], _queue(kind="hop_gap")) if linked else p["leakage_by_hop"]
        specs["leakage"] = charts.bar(
            say(N_("Leakage by hop: sent minus reported received (US$)")), _words(rows, say),
            "hop", "leakage_usd", titles=titles,
        )  # fmt: skip
    if board.has("flow_trend"):
        rows = _to(p["flow_trend"], _queue(monitor="flows")) if linked else p["flow_trend"]
        specs["flow-trend"] = charts.line(
            say(N_("Money traced per week (US$)")), _words(rows, say), "week", "usd", "series",
            titles,
        )  # fmt: skip
    province = p.get("provinces") or {}
    specs["provinces"] = charts.province_map(
        province_grid(province.get("delivered", {}), province.get("need", {})),
        href="/alerts?q={code}" if linked else None,
        gettext=say,
        published=province.get("published"),
    )
    return specs


class SpecCache:
    """The charts of the current dashboard as JSON, per day and language: building and
    serialising them cost more than the rest of the page, and they change only with the
    dashboard (a new board drops the old board's charts)."""

    def __init__(self) -> None:
        self._board: Dashboard | None = None
        self._specs: dict[tuple[date | None, str], dict[str, Markup]] = {}
        self._lock = threading.Lock()

    def get(self, board: Dashboard, today: date | None, language: str) -> dict[str, Markup]:
        with self._lock:
            if board is not self._board:
                self._board, self._specs = board, {}
            found = self._specs.get((today, language))
        if found is None:
            say = translations(language).gettext
            specs = chart_specs(board, today, say)
            found = {name: to_json(spec) for name, spec in specs.items()}
            with self._lock:
                if board is self._board:
                    self._specs[(today, language)] = found
        return found


_SPECS = SpecCache()


@router.get("/", response_class=HTMLResponse, include_in_schema=False)
def dashboard_page(request: Request, user: Viewer) -> HTMLResponse:
    board = _dashboard(request)
    today = desk_of(request).clock().date() if allows(user.role, Permission.VIEW_ALERTS) else None
    specs = _SPECS.get(board, today, reader_language(request, user).code)
    return render(request, "dashboard.html", user, board=board, specs=specs, queue=_queue)


@router.get("/api/dashboard")
def dashboard_api(request: Request, user: Viewer) -> dict[str, Any]:
    """Every dashboard panel's figures (``null`` where the workspace has no data yet)."""
    return {"panels": _dashboard(request).panels}
