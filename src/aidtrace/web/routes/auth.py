"""Signing in and out, as a form for people and as JSON for scripts."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Depends, Form, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response
from pydantic import BaseModel, Field

from aidtrace.accounts.signin import credentials, password_matches, settle
from aidtrace.accounts.users import User, end_sessions
from aidtrace.web.auth import current_user, desk_of, signed_in_user
from aidtrace.web.csrf import csrf_token, verify_csrf
from aidtrace.web.pages import render
from aidtrace.web.ratelimit import client_address
from aidtrace.web.sessions import SESSION_COOKIE

router = APIRouter()


class Credentials(BaseModel):
    username: str = Field(min_length=1, max_length=64)
    password: str = Field(min_length=1, max_length=256)
    # the one-time code of an account with a second factor (TOTP); ignored for the others
    code: str = Field(default="", max_length=16)


class SessionInfo(BaseModel):
    username: str
    role: str
    csrf_token: str


def _sign_in(request: Request, response: Response, creds: Credentials) -> User:
    desk = desk_of(request)
    desk.limiter.hit(client_address(request, desk.settings.trusted_proxies))
    with desk.reader() as ws:
        found = credentials(ws, creds.username)
    matched = password_matches(found, creds.password)  # slow on purpose: not under the lock
    with desk.workspace() as ws:
        try:
            user = settle(ws, creds.username, found, matched, desk.settings.lockout,
                          code=creds.code, require_totp=desk.settings.require_totp)  # fmt: skip
        finally:
            desk.users.forget()  # after the write, so that no reader reloads the old row
    response.set_cookie(
        SESSION_COOKIE,
        desk.codec.issue(user.username, user.session_epoch),
        httponly=True,
        secure=desk.settings.secure_cookies,
        samesite="lax",
        max_age=int(desk.settings.session_ttl.total_seconds()),
    )
    return user


def _safe_next(target: str) -> str:
    # Only local paths: an open redirect would let a phishing link bounce through the desk.
    return target if target.startswith("/") and not target.startswith("//") else "/"


@router.get("/login", response_class=HTMLResponse, include_in_schema=False)
def login_page(request: Request, next: str = "/") -> Response:
    if signed_in_user(request) is not None:
        return RedirectResponse(_safe_next(next), status_code=303)
    return render(request, "login.html", None, next=_safe_next(next), error=None)


@router.post("/login", include_in_schema=False, dependencies=[Depends(verify_csrf)])
def login_form(
    request: Request,
    username: Annotated[str, Form(max_length=64)],
    password: Annotated[str, Form(max_length=256)],
    next: Annotated[str, Form(max_length=512)] = "/",
    code: Annotated[str, Form(max_length=16)] = "",
) -> Response:
    response = RedirectResponse(_safe_next(next), status_code=303)
    _sign_in(request, response, Credentials(username=username, password=password, code=code))
    return response


@router.post("/logout", include_in_schema=False, dependencies=[Depends(verify_csrf)])
def logout_form(request: Request) -> Response:
    user = signed_in_user(request)
    if user is not None:
        desk = desk_of(request)
        with desk.workspace() as ws:
            end_sessions(ws, user.username)
            desk.users.forget()
    response = RedirectResponse("/login", status_code=303)
    response.delete_cookie(SESSION_COOKIE)
    return response


@router.post("/api/session", dependencies=[Depends(verify_csrf)])
def api_login(request: Request, response: Response, creds: Credentials) -> SessionInfo:
    """Sign in; the session cookie comes back with the CSRF token further calls must send."""
    user = _sign_in(request, response, creds)
    return SessionInfo(username=user.username, role=user.role, csrf_token=csrf_token(request))


@router.get("/api/session")
def api_whoami(request: Request, user: Annotated[User, Depends(current_user)]) -> SessionInfo:
    return SessionInfo(username=user.username, role=user.role, csrf_token=csrf_token(request))


class CsrfInfo(BaseModel):
    csrf_token: str


@router.get("/api/csrf")
def api_csrf(request: Request) -> CsrfInfo:
    """The CSRF token for this client's nonce cookie (set on this response if it had none)."""
    return CsrfInfo(csrf_token=csrf_token(request))
