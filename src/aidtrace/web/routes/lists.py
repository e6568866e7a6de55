"""The lists page: watchlist snapshots and the differences between them."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Depends, Path, Query, Request
from fastapi.responses import HTMLResponse

from aidtrace.web.auth import desk_of, require
from aidtrace.web.pages import render
from aidtrace.web.policy import Permission
from aidtrace.web.users import User
from aidtrace.web.watchlists import snapshot_diff, snapshots_overview

router = APIRouter()
ListReader = Annotated[User, Depends(require(Permission.VIEW_LISTS))]
SNAPSHOT = r"^[a-z0-9_]{1,32}@[0-9]{1,9}$"
SnapshotId = Annotated[str, Path(pattern=SNAPSHOT)]
Against = Annotated[str | None, Query(pattern=SNAPSHOT)]


def _overview(request: Request) -> dict[str, Any]:
    with desk_of(request).reader() as ws:
        return snapshots_overview(ws)


def _diff(request: Request, snapshot_id: str, against: str | None) -> dict[str, Any]:
    with desk_of(request).reader() as ws:
        view = snapshot_diff(ws, snapshot_id, against)
        view["ids"] = snapshots_overview(ws)["ids"]
    return view


@router.get("/lists", response_class=HTMLResponse, include_in_schema=False)
def lists_page(request: Request, user: ListReader) -> HTMLResponse:
    return render(request, "lists.html", user, **_overview(request))


@router.get("/api/lists")
def lists_api(request: Request, user: ListReader) -> dict[str, Any]:
    """Every loaded snapshot, newest first, with its diff counts."""
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
    """What changed when this snapshot was loaded (or since ``against``), entry by entry."""
    return _diff(request, snapshot_id, against)
