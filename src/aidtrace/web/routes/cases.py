"""Cases: open one from an alert, assign, comment, decide (four-eyes), and read its history."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Depends, Form, Path, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response
from pydantic import BaseModel, Field

from aidtrace import audit, cases
from aidtrace.cases import Outcome
from aidtrace.errors import PermissionDenied
from aidtrace.events import ApprovalRefused
from aidtrace.web.auth import desk_of, require
from aidtrace.web.casework import case_view, case_workers, check_decision
from aidtrace.web.csrf import verify_csrf
from aidtrace.web.pages import render
from aidtrace.web.policy import Permission
from aidtrace.web.queue import get_alert
from aidtrace.web.users import User

router = APIRouter(dependencies=[])
Reader = Annotated[User, Depends(require(Permission.VIEW_ALERTS))]
Worker = Annotated[User, Depends(require(Permission.WORK_CASES))]
CaseId = Annotated[str, Path(pattern=r"^[0-9a-f]{8,32}$")]
AlertId = Annotated[str, Path(pattern=r"^[0-9a-f]{8,64}$")]
Csrf = [Depends(verify_csrf)]
Text = Field(min_length=1, max_length=4000)


class NewCase(BaseModel):
    alert_ids: list[str] = Field(min_length=1, max_length=100)
    title: str = Field(default="", max_length=200)


class Assignment(BaseModel):
    assignee: str = Field(pattern=r"^[a-z][a-z0-9._-]{1,31}$")


class Comment(BaseModel):
    body: str = Text


class DecisionIn(BaseModel):
    outcome: Outcome
    rationale: str = Text


class CaseRef(BaseModel):
    case_id: str


def _view(request: Request, case_id: str) -> dict[str, Any]:
    desk = desk_of(request)
    with desk.reader() as ws:
        view = case_view(ws, case_id)
        view["alerts"] = [get_alert(ws, a) for a in view["case"]["alert_ids"]]
        view["workers"] = case_workers(desk.users.all(ws).values())
    return view


@router.get("/api/cases/{case_id}")
def case_api(request: Request, user: Reader, case_id: CaseId) -> dict[str, Any]:
    """A case with its alerts, decisions, notes and SLA."""
    return _view(request, case_id)


@router.get("/cases/{case_id}", response_class=HTMLResponse, include_in_schema=False)
def case_page(request: Request, user: Reader, case_id: CaseId) -> HTMLResponse:
    return render(request, "case_file.html", user, **_view(request, case_id))


@router.post("/api/cases", status_code=201, dependencies=Csrf)
def open_case_api(request: Request, user: Worker, new: NewCase) -> CaseRef:
    with desk_of(request).workspace() as ws:
        return CaseRef(case_id=cases.open_case(ws, new.alert_ids, user.username, new.title))


@router.post("/alerts/{alert_id}/case", include_in_schema=False, dependencies=Csrf)
def open_case_form(request: Request, user: Worker, alert_id: AlertId) -> Response:
    ref = open_case_api(request, user, NewCase(alert_ids=[alert_id]))
    return RedirectResponse(f"/cases/{ref.case_id}", status_code=303)


@router.post("/api/cases/{case_id}/assign", dependencies=Csrf)
def assign_api(request: Request, user: Worker, case_id: CaseId, body: Assignment) -> CaseRef:
    with desk_of(request).workspace() as ws:
        cases.assign(ws, case_id, body.assignee, user.username)
    return CaseRef(case_id=case_id)


@router.post("/api/cases/{case_id}/comment", dependencies=Csrf)
def comment_api(request: Request, user: Worker, case_id: CaseId, body: Comment) -> CaseRef:
    with desk_of(request).workspace() as ws:
        cases.comment(ws, case_id, body.body, user.username)
    return CaseRef(case_id=case_id)


@router.post("/api/cases/{case_id}/decide", dependencies=Csrf)
def decide_api(request: Request, user: Worker, case_id: CaseId, body: DecisionIn) -> dict[str, Any]:
    """Record a decision; clearing or blocking needs a second person with the approve right.
    A refusal is recorded in the audit log."""
    with desk_of(request).workspace() as ws:
        try:
            check_decision(ws, user, case_id, body.outcome)
            decision = cases.decide(ws, case_id, body.outcome, user.username, body.rationale)
        except PermissionDenied as exc:
            refused = ApprovalRefused(at=ws.clock(), actor=user.username, case_id=case_id,
                                      outcome=body.outcome.value, why=exc.message)  # fmt: skip
            audit.record(ws, refused)
            raise
    return {"decision_id": decision.decision_id, "state": decision.state.value}


def _back(case_id: str) -> Response:
    return RedirectResponse(f"/cases/{case_id}", status_code=303)


@router.post("/cases/{case_id}/assign", include_in_schema=False, dependencies=Csrf)
def assign_form(
    request: Request, user: Worker, case_id: CaseId, assignee: Annotated[str, Form(max_length=32)]
) -> Response:
    assign_api(request, user, case_id, Assignment(assignee=assignee))
    return _back(case_id)


@router.post("/cases/{case_id}/comment", include_in_schema=False, dependencies=Csrf)
def comment_form(
    request: Request, user: Worker, case_id: CaseId, body: Annotated[str, Form(max_length=4000)]
) -> Response:
    comment_api(request, user, case_id, Comment(body=body))
    return _back(case_id)


@router.post("/cases/{case_id}/decide", include_in_schema=False, dependencies=Csrf)
def decide_form(
    request: Request,
    user: Worker,
    case_id: CaseId,
    outcome: Annotated[Outcome, Form()],
    rationale: Annotated[str, Form(max_length=4000)],
) -> Response:
    decide_api(request, user, case_id, DecisionIn(outcome=outcome, rationale=rationale))
    return _back(case_id)
