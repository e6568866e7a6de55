"""The alert queue and the case file of one alert."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Depends, Form, Path, Query, Request
from fastapi.responses import HTMLResponse, Response
from pydantic import BaseModel, Field

from aidtrace import cases
from aidtrace.accounts.users import User
from aidtrace.errors import AidtraceError, InputError
from aidtrace.web.auth import desk_of, require
from aidtrace.web.casework import case_of_alert, case_workers, check_assignee
from aidtrace.web.csrf import verify_csrf
from aidtrace.web.evidence import present
from aidtrace.web.export import XLSX_TYPE, to_csv, to_xlsx
from aidtrace.web.filters import Queue
from aidtrace.web.hitview import KIND as _SCREENING  # noqa: F401  (registers its presenter)
from aidtrace.web.i18n import DEFAULT, language_of
from aidtrace.web.pages import render
from aidtrace.web.personal import people_of_alert, show_people, show_person
from aidtrace.web.policy import Permission
from aidtrace.web.queue import (
    EXPORT_COLUMNS,
    QueueFilter,
    alert_kinds,
    get_alert,
    query_alerts,
    with_evidence,
)
from aidtrace.web.recordview import KINDS as _RECORDS  # noqa: F401  (registers its presenters)
from aidtrace.web.routes.filters import filters_of
from aidtrace.workspace import Workspace

router = APIRouter()
Reader = Annotated[User, Depends(require(Permission.VIEW_ALERTS))]
AlertId = Annotated[str, Path(pattern=r"^[0-9a-f]{8,64}$")]
PersonalReader = Annotated[User, Depends(require(Permission.VIEW_PERSONAL))]
PersonId = Annotated[str, Path(pattern=r"^[A-Za-z0-9_.:-]{1,64}$")]
Worker = Annotated[User, Depends(require(Permission.WORK_CASES))]
Filter = Annotated[QueueFilter, Query()]
# An export holds every alert the filter matches, up to this many (a whole demo is ~100).
EXPORT_LIMIT = 100_000


def _queue(request: Request, flt: QueueFilter) -> dict[str, Any]:
    desk = desk_of(request)
    size = desk.settings.page_size
    with desk.reader() as ws:
        rows, total = query_alerts(ws, flt, size)
        if language_of(request).code != DEFAULT:
            rows = with_evidence(ws, rows)
        kinds = alert_kinds(ws)
        workers = case_workers(desk.users.all(ws).values())
    pages = max(1, -(-total // size))
    return {"alerts": rows, "total": total, "page": flt.page, "pages": pages, "kinds": kinds,
            "workers": workers}  # fmt: skip


@router.get("/alerts", response_class=HTMLResponse, include_in_schema=False)
def queue_page(request: Request, user: Reader, flt: Filter) -> HTMLResponse:
    saved = filters_of(request, user, Queue.ALERTS)
    return render(request, "alerts.html", user, flt=flt, saved=saved, **_queue(request, flt))


@router.get("/alerts.csv", include_in_schema=False)
def queue_csv(request: Request, user: Reader, flt: Filter) -> Response:
    """Every alert the filter matches (not one page) as CSV, safe to open in a spreadsheet."""
    with desk_of(request).reader() as ws:
        rows, _ = query_alerts(ws, flt.model_copy(update={"page": 1}), EXPORT_LIMIT)
    body = to_csv(EXPORT_COLUMNS, ([r[c] for c in EXPORT_COLUMNS] for r in rows))
    disposition = {"content-disposition": 'attachment; filename="alerts.csv"'}
    return Response(body, media_type="text/csv; charset=utf-8", headers=disposition)


@router.get("/alerts.xlsx", include_in_schema=False)
def queue_xlsx(request: Request, user: Reader, flt: Filter) -> Response:
    """Every alert the filter matches as an XLSX workbook, as safe as the CSV."""
    with desk_of(request).reader() as ws:
        rows, _ = query_alerts(ws, flt.model_copy(update={"page": 1}), EXPORT_LIMIT)
    body = to_xlsx("alerts", EXPORT_COLUMNS, ([r[c] for c in EXPORT_COLUMNS] for r in rows))
    disposition = {"content-disposition": 'attachment; filename="alerts.xlsx"'}
    return Response(body, media_type=XLSX_TYPE, headers=disposition)


class BulkAlerts(BaseModel):
    """Open cases over the selected alerts: one each, or one for all (``together``); each new
    case may be handed to someone at once."""

    alert_ids: list[Annotated[str, Field(pattern=r"^[0-9a-f]{8,64}$")]] = Field(
        min_length=1, max_length=200
    )
    together: bool = False
    assignee: str | None = Field(default=None, pattern=r"^[a-z][a-z0-9._-]{1,31}$")


class Opened(BaseModel):
    case_id: str
    alert_ids: list[str]


class AlertRefusal(BaseModel):
    alert_ids: list[str]
    why: str


class BulkOpened(BaseModel):
    opened: list[Opened]
    refused: list[AlertRefusal]


def _open(ws: Workspace, user: User, alert_ids: list[str], assignee: str | None) -> str:
    case_id = cases.open_case(ws, alert_ids, user.username)
    if assignee:
        cases.assign(ws, case_id, assignee, user.username)
    return case_id


def _open_bulk(request: Request, user: User, body: BulkAlerts) -> BulkOpened:
    ids = list(dict.fromkeys(body.alert_ids))
    groups = [ids] if body.together else [[a] for a in ids]
    opened, refused = [], []
    with desk_of(request).workspace() as ws:
        if body.assignee:  # a wrong assignee would be refused for every group alike
            check_assignee(desk_of(request).users.all(ws).values(), body.assignee)
        for group in groups:
            try:
                opened.append(
                    Opened(case_id=_open(ws, user, group, body.assignee), alert_ids=group)
                )
            except AidtraceError as exc:
                refused.append(AlertRefusal(alert_ids=group, why=exc.message))
    return BulkOpened(opened=opened, refused=refused)


@router.post("/api/alerts/bulk", dependencies=[Depends(verify_csrf)])
def bulk_api(request: Request, user: Worker, body: BulkAlerts) -> BulkOpened:
    """Open a case over each selected alert (or one over all), optionally assigned; alerts
    already in a case are refused and named, the others go ahead."""
    return _open_bulk(request, user, body)


@router.post("/alerts/bulk", response_class=HTMLResponse, include_in_schema=False,
             dependencies=[Depends(verify_csrf)])  # fmt: skip
def bulk_form(
    request: Request,
    user: Worker,
    flt: Filter,
    alert_id: Annotated[list[str], Form(max_length=200)],
    together: Annotated[bool, Form()] = False,
    assignee: Annotated[str, Form(max_length=32)] = "",
) -> HTMLResponse:
    try:
        body = BulkAlerts(alert_ids=alert_id, together=together, assignee=assignee or None)
    except ValueError as exc:
        raise InputError("choose alerts by their ids, and an assignee by user name") from exc
    result = _open_bulk(request, user, body)
    saved = filters_of(request, user, Queue.ALERTS)
    return render(request, "alerts.html", user, flt=flt, result=result.model_dump(),
                  saved=saved, **_queue(request, flt))  # fmt: skip


@router.get("/api/alerts")
def queue_api(request: Request, user: Reader, flt: Filter) -> dict[str, Any]:
    """Alerts matching the filter, one page at a time."""
    return _queue(request, flt)


def _case(request: Request, user: User, alert_id: str) -> dict[str, Any]:
    with desk_of(request).reader() as ws:
        alert = get_alert(ws, alert_id)
        view = present(ws, user, alert)
        case_id = case_of_alert(ws, alert_id)
        people = people_of_alert(ws, alert)
    return {
        "alert": alert,
        "evidence": view,
        "case_id": case_id,
        "person_id": people[0] if people else None,
        "people": people,
        "revealed": None,
    }


@router.get("/alerts/{alert_id}", response_class=HTMLResponse, include_in_schema=False)
def case_page(request: Request, user: Reader, alert_id: AlertId) -> HTMLResponse:
    return render(request, "case.html", user, **_case(request, user, alert_id))


@router.get("/api/alerts/{alert_id}")
def case_api(request: Request, user: Reader, alert_id: AlertId) -> dict[str, Any]:
    """One alert with its evidence as the desk presents it."""
    return _case(request, user, alert_id)


class RevealRequest(BaseModel):
    # Whether the reason says anything is judged (and a refusal recorded) by ``personal``.
    reason: str = Field(min_length=1, max_length=500)


@router.post("/api/people/{person_id}/reveal", dependencies=[Depends(verify_csrf)])
def reveal_api(
    request: Request, user: PersonalReader, person_id: PersonId, body: RevealRequest
) -> dict[str, Any]:
    """Decrypt one person's personal fields; the view is logged (access log and audit log).
    Only for a person an alert names, with a reason, and not too many people at a time."""
    desk = desk_of(request)
    with desk.workspace() as ws:
        shown = show_person(ws, user, person_id, body.reason, desk.settings.reveal_limit)
    return {"person_id": person_id, "fields": shown}


@router.post(
    "/alerts/{alert_id}/reveal",
    response_class=HTMLResponse,
    include_in_schema=False,
    dependencies=[Depends(verify_csrf)],
)
def reveal_form(
    request: Request,
    user: PersonalReader,
    alert_id: AlertId,
    reason: Annotated[str, Form(max_length=500)],
) -> HTMLResponse:
    """Every person the alert names, side by side, on one reason (each display logged)."""
    view = _case(request, user, alert_id)
    desk = desk_of(request)
    with desk.workspace() as ws:
        shown = show_people(ws, user, view["people"], reason, desk.settings.reveal_limit)
    view["revealed"] = shown
    view["revealed_fields"] = list(dict.fromkeys(f for fields in shown.values() for f in fields))
    return render(request, "case.html", user, **view)
