"""Saved filters of the alert and case queues: save the view on screen under a name, open it
from the queue, delete it. Each officer sees only their own."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Depends, Form, Request
from fastapi.responses import RedirectResponse

from aidtrace.accounts.users import User
from aidtrace.web.auth import desk_of, require
from aidtrace.web.csrf import verify_csrf
from aidtrace.web.filters import Queue, SavedFilter, delete_filter, save_filter
from aidtrace.web.policy import Permission

router = APIRouter()
Reader = Annotated[User, Depends(require(Permission.VIEW_ALERTS))]
Csrf = [Depends(verify_csrf)]


@router.post("/filters", include_in_schema=False, dependencies=Csrf)
def save(
    request: Request,
    user: Reader,
    queue: Annotated[Queue, Form()],
    name: Annotated[str, Form(max_length=200)],
    query: Annotated[str, Form(max_length=2000)] = "",
) -> RedirectResponse:
    """Save the queue's current view under ``name`` and open it."""
    desk = desk_of(request)
    with desk.workspace() as ws:
        saved = save_filter(ws, user.username, queue, name, query)
    desk.filters.forget()  # after the commit: a page read meanwhile is not kept
    return RedirectResponse(saved.link, status_code=303)


@router.post("/filters/delete", include_in_schema=False, dependencies=Csrf)
def delete(
    request: Request,
    user: Reader,
    queue: Annotated[Queue, Form()],
    name: Annotated[str, Form(max_length=200)],
) -> RedirectResponse:
    desk = desk_of(request)
    with desk.workspace() as ws:
        delete_filter(ws, user.username, queue, name)
    desk.filters.forget()
    return RedirectResponse(f"/{queue.value}", status_code=303)


@router.get("/api/filters")
def list_filters(request: Request, user: Reader) -> dict[str, list[dict[str, str]]]:
    """The signed-in officer's saved filters, per queue: name, query string and link."""
    desk = desk_of(request)
    with desk.reader() as ws:
        return {q.value: [_plain(f) for f in desk.filters.of(ws, user.username, q)] for q in Queue}


def _plain(saved: SavedFilter) -> dict[str, str]:
    return {"name": saved.name, "query": saved.query, "link": saved.link}


def filters_of(request: Request, user: User, queue: Queue) -> list[SavedFilter]:
    """The filters a queue page lists for ``user``."""
    desk = desk_of(request)
    with desk.reader() as ws:
        return desk.filters.of(ws, user.username, queue)
