"""The audit page: the current signed tree head, verification of the log, inclusion proofs."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Depends, Request
from fastapi.responses import HTMLResponse

from aidtrace.web.auth import desk_of, require
from aidtrace.web.ledger import audit_overview
from aidtrace.web.pages import render
from aidtrace.web.policy import Permission
from aidtrace.web.users import User

router = APIRouter()
Auditor = Annotated[User, Depends(require(Permission.VIEW_AUDIT))]


def _overview(request: Request) -> dict[str, Any]:
    with desk_of(request).workspace() as ws:
        return audit_overview(ws)


@router.get("/audit", response_class=HTMLResponse, include_in_schema=False)
def audit_page(request: Request, user: Auditor) -> HTMLResponse:
    return render(request, "audit.html", user, **_overview(request))


@router.get("/api/audit")
def audit_api(request: Request, user: Auditor) -> dict[str, Any]:
    """The current signed tree head and the latest events."""
    return _overview(request)
