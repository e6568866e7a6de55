"""The lists page: watchlist snapshots and the differences between them."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Depends, Request
from fastapi.responses import HTMLResponse

from aidtrace.web.auth import desk_of, require
from aidtrace.web.pages import render
from aidtrace.web.policy import Permission
from aidtrace.web.users import User
from aidtrace.web.watchlists import snapshots_overview

router = APIRouter()
ListReader = Annotated[User, Depends(require(Permission.VIEW_LISTS))]


def _overview(request: Request) -> dict[str, Any]:
    with desk_of(request).workspace() as ws:
        return snapshots_overview(ws)


@router.get("/lists", response_class=HTMLResponse, include_in_schema=False)
def lists_page(request: Request, user: ListReader) -> HTMLResponse:
    return render(request, "lists.html", user, **_overview(request))


@router.get("/api/lists")
def lists_api(request: Request, user: ListReader) -> dict[str, Any]:
    """Every loaded snapshot, newest first, with its diff against the one before."""
    return _overview(request)
