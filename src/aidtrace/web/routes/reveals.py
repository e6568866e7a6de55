"""The reveal report: who saw whose personal data, how often and why (admins and auditors)."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Depends, Path, Request
from fastapi.responses import HTMLResponse

from aidtrace.accounts.users import User
from aidtrace.web.auth import desk_of, require
from aidtrace.web.pages import render
from aidtrace.web.policy import Permission
from aidtrace.web.reveals import reveal_report, reveals_by

router = APIRouter()
Overseer = Annotated[User, Depends(require(Permission.VIEW_ACCESS_REPORT))]
Username = Annotated[str, Path(pattern=r"^[a-z][a-z0-9._-]{1,31}$")]


def _jsonable(rows: list[dict[str, Any]]) -> list[dict[str, Any]]:
    return [{k: v.isoformat() if hasattr(v, "isoformat") else v for k, v in r.items()}
            for r in rows]  # fmt: skip


def _report(request: Request) -> list[dict[str, Any]]:
    with desk_of(request).reader() as ws:
        return _jsonable(reveal_report(ws))


def _user_reveals(request: Request, username: str) -> list[dict[str, Any]]:
    with desk_of(request).reader() as ws:
        return _jsonable(reveals_by(ws, username))


@router.get("/audit/reveals", response_class=HTMLResponse, include_in_schema=False)
def report_page(request: Request, user: Overseer) -> HTMLResponse:
    return render(request, "reveals.html", user, users=_report(request), actor=None, rows=[])


@router.get("/api/audit/reveals")
def report_api(request: Request, user: Overseer) -> list[dict[str, Any]]:
    """Per user: records shown, distinct people, first and last view, refusals by kind."""
    return _report(request)


@router.get("/audit/reveals/{username}", response_class=HTMLResponse, include_in_schema=False)
def user_page(request: Request, user: Overseer, username: Username) -> HTMLResponse:
    rows = _user_reveals(request, username)
    return render(request, "reveals.html", user, users=[], actor=username, rows=rows)


@router.get("/api/audit/reveals/{username}")
def user_api(request: Request, user: Overseer, username: Username) -> list[dict[str, Any]]:
    """One user's views and refused requests, newest first, with the reasons they gave."""
    return _user_reveals(request, username)
