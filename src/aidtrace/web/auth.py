"""Who is asking: the signed-in user behind a request, and the permission checks routes declare.

Routes depend on ``require(Permission.X)``; an anonymous request is refused with ``NotSignedIn``
(pages redirect to the sign-in form, the API answers 401) and a signed-in user without the
permission gets ``PermissionDenied`` (403).
"""

from __future__ import annotations

from collections.abc import Callable

from fastapi import Request

from aidtrace.accounts.users import User
from aidtrace.errors import AidtraceError
from aidtrace.web.desk import Desk
from aidtrace.web.policy import Permission, check
from aidtrace.web.sessions import SESSION_COOKIE


class NotSignedIn(AidtraceError):
    """The request carries no valid session."""

    code = "unauthenticated"


def desk_of(request: Request) -> Desk:
    desk: Desk = request.app.state.desk
    return desk


def signed_in_user(request: Request) -> User | None:
    """The active user whose valid, unrevoked session cookie came with the request."""
    desk = desk_of(request)
    claims = desk.codec.read(request.cookies.get(SESSION_COOKIE))
    if claims is None:
        return None
    with desk.reader() as ws:
        user = desk.users.get(ws, claims.username)
    if user is None or not user.active or user.session_epoch != claims.epoch:
        return None
    return user


def current_user(request: Request) -> User:
    user = signed_in_user(request)
    if user is None:
        raise NotSignedIn("sign in first")
    return user


def require(permission: Permission) -> Callable[[Request], User]:
    """A dependency giving the signed-in user, refusing those whose role lacks ``permission``."""

    def dependency(request: Request) -> User:
        user = current_user(request)
        check(user.role, permission)
        return user

    dependency.__name__ = f"require_{permission.value}"
    return dependency
