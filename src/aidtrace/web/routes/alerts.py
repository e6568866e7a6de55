"""The alert queue and the case file of one alert."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Depends, Form, Path, Query, Request
from fastapi.responses import HTMLResponse
from pydantic import BaseModel, Field

from aidtrace.web.auth import desk_of, require
from aidtrace.web.casework import case_of_alert
from aidtrace.web.csrf import verify_csrf
from aidtrace.web.evidence import present
from aidtrace.web.hitview import KIND as _SCREENING  # noqa: F401  (registers its presenter)
from aidtrace.web.pages import render
from aidtrace.web.personal import people_of_alert, show_people, show_person
from aidtrace.web.policy import Permission
from aidtrace.web.queue import QueueFilter, alert_kinds, get_alert, query_alerts
from aidtrace.web.recordview import KINDS as _RECORDS  # noqa: F401  (registers its presenters)
from aidtrace.web.users import User

router = APIRouter()
Reader = Annotated[User, Depends(require(Permission.VIEW_ALERTS))]
AlertId = Annotated[str, Path(pattern=r"^[0-9a-f]{8,64}$")]
PersonalReader = Annotated[User, Depends(require(Permission.VIEW_PERSONAL))]
PersonId = Annotated[str, Path(pattern=r"^[A-Za-z0-9_.:-]{1,64}$")]
Filter = Annotated[QueueFilter, Query()]


def _queue(request: Request, flt: QueueFilter) -> dict[str, Any]:
    desk = desk_of(request)
    size = desk.settings.page_size
    with desk.reader() as ws:
        rows, total = query_alerts(ws, flt, size)
        kinds = alert_kinds(ws)
    pages = max(1, -(-total // size))
    return {"alerts": rows, "total": total, "page": flt.page, "pages": pages, "kinds": kinds}


@router.get("/alerts", response_class=HTMLResponse, include_in_schema=False)
def queue_page(request: Request, user: Reader, flt: Filter) -> HTMLResponse:
    return render(request, "alerts.html", user, flt=flt, **_queue(request, flt))


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
