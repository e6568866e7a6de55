"""The lists page: watchlist snapshots, the differences between them, their entries, and a
rescreen of every organisation against what a list update changed."""

from __future__ import annotations

from dataclasses import asdict
from typing import Annotated, Any

from fastapi import APIRouter, Depends, Path, Query, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response

from aidtrace.accounts.users import User
from aidtrace.errors import NotFound
from aidtrace.web import rescreen
from aidtrace.web.auth import desk_of, require
from aidtrace.web.csrf import verify_csrf
from aidtrace.web.pages import render
from aidtrace.web.policy import Permission
from aidtrace.web.watchlists import entry_view, snapshot_diff, snapshots_overview

router = APIRouter()
ListReader = Annotated[User, Depends(require(Permission.VIEW_LISTS))]
Worker = Annotated[User, Depends(require(Permission.WORK_CASES))]
SNAPSHOT = r"^[a-z0-9_]{1,32}@[0-9]{1,9}$"
SnapshotId = Annotated[str, Path(pattern=SNAPSHOT)]
SourceId = Annotated[str, Path(pattern=r"^[A-Za-z0-9_.:-]{1,64}$")]
JobId = Annotated[str, Path(pattern=r"^[0-9a-f]{16}$")]
Against = Annotated[str | None, Query(pattern=SNAPSHOT)]
Csrf = [Depends(verify_csrf)]


def _overview(request: Request) -> dict[str, Any]:
    with desk_of(request).reader() as ws:
        return snapshots_overview(ws)


def _job(job: rescreen.RescreenJob | None) -> dict[str, Any] | None:
    if job is None:
        return None
    return {**asdict(job), "started_at": job.started_at.isoformat(), "percent": job.percent}


def _diff(request: Request, snapshot_id: str, against: str | None) -> dict[str, Any]:
    desk = desk_of(request)
    with desk.reader() as ws:
        view = snapshot_diff(ws, snapshot_id, against)
        view["ids"] = snapshots_overview(ws)["ids"]
    view["rescreen"] = _job(desk.rescreens.latest(view["snapshot"]["snapshot_id"]))
    return view


@router.get("/lists", response_class=HTMLResponse, include_in_schema=False)
def lists_page(request: Request, user: ListReader) -> HTMLResponse:
    return render(request, "lists.html", user, **_overview(request))


@router.get("/api/lists")
def lists_api(request: Request, user: ListReader) -> dict[str, Any]:
    """Every loaded snapshot, newest first, with its diff counts and each list's age."""
    return _overview(request)


@router.get("/lists/{snapshot_id}", response_class=HTMLResponse, include_in_schema=False)
def diff_page(
    request: Request, user: ListReader, snapshot_id: SnapshotId, against: Against = None
) -> HTMLResponse:
    return render(request, "list_diff.html", user, **_diff(request, snapshot_id, against))


@router.get("/api/lists/{snapshot_id}")
def diff_api(
    request: Request, user: ListReader, snapshot_id: SnapshotId, against: Against = None
) -> dict[str, Any]:
    """What changed when this snapshot was loaded (or since ``against``), entry by entry, with
    names and the old and new values of every amended field."""
    return _diff(request, snapshot_id, against)


def _entry(request: Request, snapshot_id: str, source_id: str) -> dict[str, Any]:
    with desk_of(request).reader() as ws:
        return entry_view(ws, snapshot_id, source_id)


@router.get(
    "/lists/{snapshot_id}/entries/{source_id}", response_class=HTMLResponse, include_in_schema=False
)
def entry_page(
    request: Request, user: ListReader, snapshot_id: SnapshotId, source_id: SourceId
) -> HTMLResponse:
    return render(request, "list_entry.html", user, **_entry(request, snapshot_id, source_id))


@router.get("/api/lists/{snapshot_id}/entries/{source_id}")
def entry_api(
    request: Request, user: ListReader, snapshot_id: SnapshotId, source_id: SourceId
) -> dict[str, Any]:
    """One listed entry as the snapshot holds it, with the source's own text."""
    return _entry(request, snapshot_id, source_id)


@router.post("/api/lists/{snapshot_id}/rescreen", status_code=202, dependencies=Csrf)
def rescreen_api(request: Request, user: Worker, snapshot_id: SnapshotId) -> dict[str, Any]:
    """Rescreen every organisation against the entries this (current) snapshot added or
    amended; answers at once with the job, whose progress ``GET /api/rescreens/{id}`` gives."""
    job = rescreen.start(desk_of(request), snapshot_id, user.username)
    return _job(job) or {}


@router.post("/lists/{snapshot_id}/rescreen", include_in_schema=False, dependencies=Csrf)
def rescreen_form(request: Request, user: Worker, snapshot_id: SnapshotId) -> Response:
    job = rescreen.start(desk_of(request), snapshot_id, user.username)
    return RedirectResponse(f"/rescreens/{job.job_id}", status_code=303)


def _status(request: Request, job_id: str) -> dict[str, Any]:
    job = _job(desk_of(request).rescreens.get(job_id))
    if job is None:
        raise NotFound(f"no rescreen {job_id} (the desk keeps the last ones since it started)")
    return job


@router.get("/api/rescreens/{job_id}")
def rescreen_status_api(request: Request, user: ListReader, job_id: JobId) -> dict[str, Any]:
    """How far a rescreen is: organisations screened of all, and the alerts it raised."""
    return _status(request, job_id)


@router.get("/rescreens/{job_id}", response_class=HTMLResponse, include_in_schema=False)
def rescreen_status_page(request: Request, user: ListReader, job_id: JobId) -> HTMLResponse:
    return render(request, "rescreen.html", user, job=_status(request, job_id))
