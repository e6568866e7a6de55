"""CSRF protection for every state-changing request (forms and JSON alike).

Each browser gets a random nonce in an HttpOnly, SameSite=Strict cookie; pages embed the HMAC of
that nonce as a hidden form field (or the ``X-CSRF-Token`` header for scripts). A POST whose token
does not match its own nonce is refused before the route runs.
"""

from __future__ import annotations

from fastapi import Request

from aidtrace.errors import PermissionDenied
from aidtrace.web.auth import desk_of
from aidtrace.web.sessions import CSRF_COOKIE, CSRF_FIELD, CSRF_HEADER

FORM_TYPES = ("application/x-www-form-urlencoded", "multipart/form-data")


class CsrfRefused(PermissionDenied):
    code = "csrf"


def csrf_nonce(request: Request) -> str:
    """This browser's nonce: from its cookie, or the fresh one the middleware will set."""
    nonce = request.cookies.get(CSRF_COOKIE) or request.scope.get("state", {}).get("csrf_nonce")
    return str(nonce or "")


def csrf_token(request: Request) -> str:
    return desk_of(request).codec.csrf_token(csrf_nonce(request))


async def verify_csrf(request: Request) -> None:
    """Dependency for every POST: the token must be the one issued to this browser."""
    token = request.headers.get(CSRF_HEADER)
    content_type = request.headers.get("content-type", "")
    if token is None and content_type.startswith(FORM_TYPES):
        value = (await request.form()).get(CSRF_FIELD)
        token = value if isinstance(value, str) else None
    if not desk_of(request).codec.csrf_ok(request.cookies.get(CSRF_COOKIE), token):
        raise CsrfRefused("the form has expired or did not come from this site; reload the page")
