"""The one error edge of the web desk: one JSON shape for the API, one page for people.

Every deliberate error (``AidtraceError``) keeps its message; request validation failures name
the field; anything unexpected becomes a bare "internal error" — never a stack trace.
"""

from __future__ import annotations

import logging
from collections.abc import Mapping
from typing import Any
from urllib.parse import quote

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse, RedirectResponse, Response
from pydantic import BaseModel, ValidationError
from starlette.exceptions import HTTPException

from aidtrace.errors import AidtraceError
from aidtrace.web.pages import render_error

log = logging.getLogger(__name__)


class ErrorDetail(BaseModel):
    code: str
    message: str
    source: str | None = None
    record: str | int | None = None


class ErrorBody(BaseModel):
    """The one error shape of the API."""

    error: ErrorDetail


# What any API route may answer besides success (documented in the OpenAPI schema).
ERROR_RESPONSES: dict[int | str, dict[str, Any]] = {
    status: {"model": ErrorBody, "description": text}
    for status, text in (
        (401, "not signed in"),
        (403, "not allowed, or the CSRF token is missing or wrong"),
        (404, "no such thing"),
        (409, "integrity problem"),
        (422, "invalid input"),
        (429, "too many sign-in attempts"),
        (500, "internal error"),
        (503, "the workspace or its key is unavailable"),
    )
}

# HTTP status per error code; codes not named here are the client's fault (400).
STATUS: dict[str, int] = {
    "input": 422,
    "not_found": 404,
    "permission": 403,
    "csrf": 403,
    "unauthenticated": 401,
    "rate_limited": 429,
    "integrity": 409,
    "workspace": 503,
    "store": 500,
    "key": 503,
}


def is_api(request: Request) -> bool:
    return request.url.path.startswith("/api/")


def respond(request: Request, status: int, error: Mapping[str, object]) -> Response:
    if is_api(request):
        return JSONResponse(status_code=status, content={"error": error})
    if status == 401:
        target = quote(request.url.path, safe="/")
        return RedirectResponse(f"/login?next={target}", status_code=303)
    return render_error(request, status, error)


async def _aidtrace_error(request: Request, exc: Exception) -> Response:
    assert isinstance(exc, AidtraceError)
    return respond(request, STATUS.get(exc.code, 400), exc.as_dict())


async def _validation_error(request: Request, exc: Exception) -> Response:
    assert isinstance(exc, RequestValidationError)
    first = exc.errors()[0] if exc.errors() else {}
    field = ".".join(str(p) for p in first.get("loc", ()) if p not in ("body", "query", "path"))
    message = f"{field}: {first.get('msg', 'invalid')}" if field else "invalid request"
    error = {"code": "input", "message": message, "source": None, "record": None}
    return respond(request, 422, error)


async def _model_error(request: Request, exc: Exception) -> Response:
    # A form handler building an API model from form fields: the same message as the API's.
    assert isinstance(exc, ValidationError)
    return await _validation_error(request, RequestValidationError(exc.errors()))


async def _http_error(request: Request, exc: Exception) -> Response:
    assert isinstance(exc, HTTPException)
    error = {"code": "http", "message": str(exc.detail), "source": None, "record": None}
    return respond(request, exc.status_code, error)


async def _internal_error(request: Request, exc: Exception) -> Response:
    # A bug: log it for the operator, tell the user nothing about the internals.
    log.error("internal error on %s", request.url.path, exc_info=exc)
    error = {"code": "internal", "message": "internal error", "source": None, "record": None}
    return respond(request, 500, error)


def install(app: FastAPI) -> None:
    app.add_exception_handler(AidtraceError, _aidtrace_error)
    app.add_exception_handler(RequestValidationError, _validation_error)
    app.add_exception_handler(ValidationError, _model_error)
    app.add_exception_handler(HTTPException, _http_error)
    app.add_exception_handler(Exception, _internal_error)
