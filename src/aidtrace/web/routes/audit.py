"""The audit page: the current signed tree head, verification of the log, inclusion proofs."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from typing import Annotated, Any

from fastapi import APIRouter, Depends, Query, Request
from fastapi.responses import HTMLResponse

from aidtrace.accounts.users import User
from aidtrace.web.auth import desk_of, require
from aidtrace.web.ledger import audit_overview, proof, verification
from aidtrace.web.pages import render
from aidtrace.web.policy import Permission
from aidtrace.workspace import Workspace

router = APIRouter()
Auditor = Annotated[User, Depends(require(Permission.VIEW_AUDIT))]
EventRef = Annotated[str, Query(min_length=1, max_length=80, pattern=r"^[A-Za-z0-9_.:-]+$")]


@contextmanager
def _log(request: Request) -> Iterator[Workspace]:
    """The workspace, with the searches noted so far appended first: an auditor sees every
    search made up to the moment the page was asked for."""
    desk = desk_of(request)
    desk.flush()
    with desk.workspace() as ws:
        yield ws


def _overview(request: Request) -> dict[str, Any]:
    with _log(request) as ws:
        return audit_overview(ws)


@router.get("/audit", response_class=HTMLResponse, include_in_schema=False)
def audit_page(request: Request, user: Auditor, event: str = "") -> HTMLResponse:
    found = None
    if event:
        with _log(request) as ws:
            found = proof(ws, event[:80])
    return render(request, "audit.html", user, event=event, proof=found, check=None,
                  **_overview(request))  # fmt: skip


@router.get("/audit/verify", response_class=HTMLResponse, include_in_schema=False)
def audit_verify_page(request: Request, user: Auditor) -> HTMLResponse:
    """Verification reads the whole log and changes nothing."""
    with _log(request) as ws:
        check = verification(ws)
    return render(request, "audit.html", user, event="", proof=None, check=check,
                  **_overview(request))  # fmt: skip


@router.get("/api/audit")
def audit_api(request: Request, user: Auditor) -> dict[str, Any]:
    """The current signed tree head (``null`` while the log is empty)."""
    return _overview(request)


@router.get("/api/audit/verify")
def audit_verify_api(request: Request, user: Auditor) -> dict[str, Any]:
    """Check the whole log against its signed head; ``ok`` false names the problem."""
    with _log(request) as ws:
        return verification(ws)


@router.get("/api/audit/proof")
def audit_proof_api(request: Request, user: Auditor, event: EventRef) -> dict[str, Any]:
    """An inclusion proof for one event, checkable with a few lines of SHA-256."""
    with _log(request) as ws:
        return proof(ws, event)
