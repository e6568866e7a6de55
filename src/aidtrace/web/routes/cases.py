"""Cases: open one from an alert, assign, comment, decide (four-eyes), and read its history."""

from __future__ import annotations

from dataclasses import asdict, fields
from typing import Annotated, Any

from fastapi import APIRouter, Depends, Form, Path, Query, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response
from pydantic import BaseModel, Field

from aidtrace import audit, cases
from aidtrace.accounts.users import User
from aidtrace.cases import Decision, Outcome
from aidtrace.cases.queries import require_case
from aidtrace.cases.rows import CaseRow
from aidtrace.errors import AidtraceError, InputError, PermissionDenied
from aidtrace.events import ApprovalRefused
from aidtrace.web.auth import desk_of, require
from aidtrace.web.caseload import QUEUE_LABELS, CaseQueue, case_queue, queue_counts
from aidtrace.web.casework import case_view, case_workers, check_assignee, check_decision
from aidtrace.web.csrf import verify_csrf
from aidtrace.web.export import XLSX_TYPE, to_csv, to_xlsx
from aidtrace.web.filters import Queue
from aidtrace.web.pages import render
from aidtrace.web.policy import Permission
from aidtrace.web.queue import get_alert
from aidtrace.web.routes.filters import filters_of
from aidtrace.workspace import Workspace

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


CaseIds = Field(min_length=1, max_length=200)


class BulkCases(BaseModel):
    """Assign the cases, or propose (or confirm) one outcome for each, or both."""

    case_ids: list[Annotated[str, Field(pattern=r"^[0-9a-f]{8,32}$")]] = CaseIds
    assignee: str | None = Field(default=None, pattern=r"^[a-z][a-z0-9._-]{1,31}$")
    outcome: Outcome | None = None
    rationale: str | None = Field(default=None, min_length=1, max_length=4000)


class Refusal(BaseModel):
    case_id: str
    why: str


class BulkResult(BaseModel):
    """Each case is worked on its own: one refused does not stop the others."""

    done: list[str]
    refused: list[Refusal]


def _chosen_queue(counts: dict[CaseQueue, int], asked: CaseQueue | None) -> CaseQueue:
    """The queue asked for; else the first of approval, mine, open that holds anything."""
    if asked is not None:
        return asked
    return next((q for q in (CaseQueue.APPROVAL, CaseQueue.MINE) if counts[q]), CaseQueue.OPEN)


def _queue(request: Request, user: User, asked: CaseQueue | None) -> dict[str, Any]:
    desk = desk_of(request)
    sla = desk.settings.case_sla
    with desk.reader() as ws:
        every = cases.load_cases(ws)
        workers = case_workers(desk.users.all(ws).values())
    now = desk.clock()
    counts = queue_counts(every, user, now, sla)
    queue = _chosen_queue(counts, asked)
    return {
        "queue": queue.value,
        "label": QUEUE_LABELS[queue],
        "counts": {q.value: counts[q] for q in CaseQueue},
        "labels": {q.value: QUEUE_LABELS[q] for q in CaseQueue},
        "cases": [asdict(r) for r in case_queue(every, queue, user, now, sla)],
        "workers": workers,
        "outcomes": [o.value for o in Outcome],
        "four_eyes": sorted(o.value for o in cases.FOUR_EYES),
    }


QueueParam = Annotated[CaseQueue | None, Query()]


@router.get("/cases", response_class=HTMLResponse, include_in_schema=False)
def queue_page(request: Request, user: Reader, queue: QueueParam = None) -> HTMLResponse:
    saved = filters_of(request, user, Queue.CASES)
    return render(request, "cases.html", user, saved=saved, **_queue(request, user, queue))


@router.get("/api/cases")
def queue_api(request: Request, user: Reader, queue: QueueParam = None) -> dict[str, Any]:
    """A case queue (awaiting my approval, mine, overdue, ...) with assignee, age and SLA.
    Without ``queue``: the first of approval, mine and open that holds any case."""
    return _queue(request, user, queue)


_EXPORT_COLUMNS = [f.name for f in fields(CaseRow)]


@router.get("/cases.csv", include_in_schema=False)
def queue_csv(request: Request, user: Reader, queue: QueueParam = None) -> Response:
    """The queue as a CSV file (cells that a spreadsheet would run as formulas are defused)."""
    view = _queue(request, user, queue)
    rows = ([r[c] for c in _EXPORT_COLUMNS] for r in view["cases"])
    return Response(
        to_csv(_EXPORT_COLUMNS, rows),
        media_type="text/csv; charset=utf-8",
        headers={"content-disposition": f'attachment; filename="cases-{view["queue"]}.csv"'},
    )


@router.get("/cases.xlsx", include_in_schema=False)
def queue_xlsx(request: Request, user: Reader, queue: QueueParam = None) -> Response:
    """The queue as an XLSX workbook (text cells only, risky texts defused as in the CSV)."""
    view = _queue(request, user, queue)
    rows = ([r[c] for c in _EXPORT_COLUMNS] for r in view["cases"])
    return Response(
        to_xlsx(f"cases {view['queue']}", _EXPORT_COLUMNS, rows),
        media_type=XLSX_TYPE,
        headers={"content-disposition": f'attachment; filename="cases-{view["queue"]}.xlsx"'},
    )


def _bulk_one(ws: Workspace, request: Request, user: User, case_id: str, body: BulkCases) -> None:
    if body.assignee:
        _assign(ws, request, user, case_id, body.assignee)
    if body.outcome:
        _decide(ws, user, case_id, body.outcome, body.rationale or "")


def _work_bulk(request: Request, user: User, body: BulkCases) -> BulkResult:
    if not body.assignee and not body.outcome:
        raise InputError("choose an assignee or an outcome for the selected cases")
    done, refused = [], []
    with desk_of(request).workspace() as ws:
        for case_id in dict.fromkeys(body.case_ids):
            try:
                _bulk_one(ws, request, user, case_id, body)
            except AidtraceError as exc:
                refused.append(Refusal(case_id=case_id, why=exc.message))
            else:
                done.append(case_id)
    return BulkResult(done=done, refused=refused)


@router.post("/api/cases/bulk", dependencies=Csrf)
def bulk_api(request: Request, user: Worker, body: BulkCases) -> BulkResult:
    """Assign several cases, or propose one outcome for each; every case is checked (and
    audited) as if worked alone, and the refused ones are named with the reason."""
    return _work_bulk(request, user, body)


@router.post("/cases/bulk", response_class=HTMLResponse, include_in_schema=False,
             dependencies=Csrf)  # fmt: skip
def bulk_form(
    request: Request,
    user: Worker,
    case_id: Annotated[list[str], Form(max_length=200)],
    queue: Annotated[CaseQueue | None, Form()] = None,
    assignee: Annotated[str, Form(max_length=32)] = "",
    outcome: Annotated[str, Form(max_length=32)] = "",
    rationale: Annotated[str, Form(max_length=4000)] = "",
) -> HTMLResponse:
    body = BulkCases(
        case_ids=case_id,
        assignee=assignee or None,
        outcome=Outcome(outcome) if outcome else None,
        rationale=rationale or None,
    )
    result = _work_bulk(request, user, body)
    view = _queue(request, user, queue)
    return render(request, "cases.html", user, result=result.model_dump(), **view)


def _view(request: Request, case_id: str) -> dict[str, Any]:
    desk = desk_of(request)
    with desk.reader() as ws:
        view = case_view(ws, case_id, desk.settings.case_sla)
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


def _assign(ws: Workspace, request: Request, user: User, case_id: str, assignee: str) -> None:
    require_case(ws, case_id)  # an unknown case is "not found" whoever it would go to
    check_assignee(desk_of(request).users.all(ws).values(), assignee)
    cases.assign(ws, case_id, assignee, user.username)


@router.post("/api/cases/{case_id}/assign", dependencies=Csrf)
def assign_api(request: Request, user: Worker, case_id: CaseId, body: Assignment) -> CaseRef:
    """Hand the case to an active user who works cases (anyone else is refused)."""
    with desk_of(request).workspace() as ws:
        _assign(ws, request, user, case_id, body.assignee)
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
        decision = _decide(ws, user, case_id, body.outcome, body.rationale)
    return {"decision_id": decision.decision_id, "state": decision.state.value}


def _decide(ws: Workspace, user: User, case_id: str, outcome: Outcome, rationale: str) -> Decision:
    try:
        check_decision(ws, user, case_id, outcome)
        return cases.decide(ws, case_id, outcome, user.username, rationale)
    except PermissionDenied as exc:
        refused = ApprovalRefused(at=ws.clock(), actor=user.username, case_id=case_id,
                                  outcome=outcome.value, why=exc.message)  # fmt: skip
        audit.record(ws, refused)
        raise


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
