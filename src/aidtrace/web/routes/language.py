"""The language picker: a choice kept in a cookie for a year, signed in or not, and on the
account of an officer who is signed in (their pages speak it from then on, in any browser)."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Depends, Form, Request
from fastapi.responses import RedirectResponse, Response

from aidtrace.errors import InputError
from aidtrace.web.auth import desk_of, signed_in_user
from aidtrace.web.csrf import verify_csrf
from aidtrace.web.i18n import LANG_COOKIE, LANGUAGES, normalise
from aidtrace.web.preferences import set_language

router = APIRouter()

YEAR = 365 * 24 * 3600


def _safe_next(target: str) -> str:
    # Only local paths: an open redirect would let a phishing link bounce through the desk.
    return target if target.startswith("/") and not target.startswith("//") else "/"


@router.post("/language", include_in_schema=False, dependencies=[Depends(verify_csrf)])
def choose_language(
    request: Request,
    lang: Annotated[str, Form(max_length=16)],
    next: Annotated[str, Form(max_length=512)] = "/",
) -> Response:
    """Remember the language picked in the header and go back to the page it was picked on."""
    code = normalise(lang)
    if code is None:
        raise InputError(f"unknown language {lang!r}; the desk speaks {', '.join(LANGUAGES)}")
    user = signed_in_user(request)
    if user is not None:
        desk = desk_of(request)
        with desk.workspace() as ws:
            set_language(ws, user.username, code)
        desk.languages.forget()
    response = RedirectResponse(_safe_next(next), status_code=303)
    response.set_cookie(
        LANG_COOKIE,
        code,
        max_age=YEAR,
        httponly=True,
        secure=desk_of(request).settings.secure_cookies,
        samesite="lax",
    )
    return response
