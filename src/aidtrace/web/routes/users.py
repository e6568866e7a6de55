"""Account administration for admins: list, add, disable, re-enable users and change roles, and
set up or remove an account's second factor (TOTP)."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Depends, Form, Path, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response
from pydantic import BaseModel, Field

from aidtrace.accounts.totp import Enrolment, disable_totp, enable_totp, enrolled, removal_reason
from aidtrace.accounts.users import Role, User, add_user, get_user, list_users, set_active, set_role
from aidtrace.web.auth import desk_of, require
from aidtrace.web.csrf import verify_csrf
from aidtrace.web.i18n import N_, translations
from aidtrace.web.pages import reader_language, render
from aidtrace.web.policy import Permission
from aidtrace.web.qr import qr_svg

router = APIRouter()
Admin = Annotated[User, Depends(require(Permission.MANAGE_USERS))]
Username = Annotated[str, Path(pattern=r"^[a-z][a-z0-9._-]{1,31}$")]


class UserOut(BaseModel):
    username: str
    display_name: str
    role: Role
    active: bool
    locked: bool
    totp: bool  # signs in with a second factor (an authenticator app's code)


class NewUser(BaseModel):
    username: str = Field(pattern=r"^[a-z][a-z0-9._-]{1,31}$")
    display_name: str = Field(default="", max_length=100)
    role: Role
    password: str = Field(min_length=12, max_length=256)


def _out(request: Request, user: User, totp: set[str]) -> UserOut:
    now = desk_of(request).clock()
    locked = user.locked_until is not None and user.locked_until > now
    return UserOut(
        username=user.username,
        display_name=user.display_name,
        role=user.role,
        active=user.active,
        locked=locked,
        totp=user.username in totp,
    )


def _one(request: Request, username: str) -> UserOut:
    with desk_of(request).reader() as ws:
        return _out(request, get_user(ws, username), enrolled(ws))


def _all(request: Request) -> list[UserOut]:
    with desk_of(request).reader() as ws:
        totp = enrolled(ws)
        return [_out(request, u, totp) for u in list_users(ws)]


@router.get("/users", response_class=HTMLResponse, include_in_schema=False)
def users_page(request: Request, user: Admin) -> HTMLResponse:
    return render(request, "users.html", user, users=_all(request), roles=list(Role))


@router.get("/api/users")
def users_api(request: Request, user: Admin) -> list[UserOut]:
    return _all(request)


@router.post("/api/users", status_code=201, dependencies=[Depends(verify_csrf)])
def add_user_api(request: Request, user: Admin, new: NewUser) -> UserOut:
    desk = desk_of(request)
    with desk.workspace() as ws:
        created = add_user(
            ws, new.username, new.password, new.role, new.display_name, actor=user.username
        )
        desk.users.forget()
    return _one(request, created.username)


@router.post("/users", include_in_schema=False, dependencies=[Depends(verify_csrf)])
def add_user_form(
    request: Request,
    user: Admin,
    username: Annotated[str, Form(max_length=32)],
    role: Annotated[Role, Form()],
    password: Annotated[str, Form(max_length=256)],
    display_name: Annotated[str, Form(max_length=100)] = "",
) -> Response:
    new = NewUser(username=username, role=role, password=password, display_name=display_name)
    add_user_api(request, user, new)
    return RedirectResponse("/users", status_code=303)


@router.post("/api/users/{username}/active", dependencies=[Depends(verify_csrf)])
def set_active_api(request: Request, user: Admin, username: Username, active: bool) -> UserOut:
    """Disable (``active=false``) or re-enable an account; disabling ends its sessions."""
    desk = desk_of(request)
    with desk.workspace() as ws:
        changed = set_active(ws, username, active, actor=user.username)
        desk.users.forget()
    return _one(request, changed.username)


@router.post(
    "/users/{username}/active", include_in_schema=False, dependencies=[Depends(verify_csrf)]
)
def set_active_form(
    request: Request, user: Admin, username: Username, active: Annotated[bool, Form()]
) -> Response:
    set_active_api(request, user, username, active)
    return RedirectResponse("/users", status_code=303)


class RoleChange(BaseModel):
    role: Role


@router.post("/api/users/{username}/role", dependencies=[Depends(verify_csrf)])
def set_role_api(request: Request, user: Admin, username: Username, body: RoleChange) -> UserOut:
    """Give an account another role (its sessions end); the last admin stays an admin."""
    desk = desk_of(request)
    with desk.workspace() as ws:
        changed = set_role(ws, username, body.role, actor=user.username)
        desk.users.forget()
    return _one(request, changed.username)


@router.post("/users/{username}/role", include_in_schema=False, dependencies=[Depends(verify_csrf)])
def set_role_form(
    request: Request, user: Admin, username: Username, role: Annotated[Role, Form()]
) -> Response:
    set_role_api(request, user, username, RoleChange(role=role))
    return RedirectResponse("/users", status_code=303)


class TotpEnrolment(BaseModel):
    """Shown once: the secret and the ``otpauth://`` URI an authenticator app takes."""

    username: str
    secret: str
    uri: str


class TotpRemoval(BaseModel):
    reason: str = Field(max_length=500)


def _enrol(request: Request, user: User, username: str) -> Enrolment:
    desk = desk_of(request)
    with desk.workspace() as ws:
        enrolment = enable_totp(ws, username, actor=user.username)
        desk.users.forget()
    return enrolment


@router.post("/api/users/{username}/totp", status_code=201, dependencies=[Depends(verify_csrf)])
def enable_totp_api(request: Request, user: Admin, username: Username) -> TotpEnrolment:
    """Set up the account's second factor: a new secret, returned this once (its open sessions
    end). An account that has one keeps it until it is removed."""
    e = _enrol(request, user, username)
    return TotpEnrolment(username=e.username, secret=e.secret, uri=e.uri)


@router.post("/users/{username}/totp", include_in_schema=False, dependencies=[Depends(verify_csrf)])
def enable_totp_form(request: Request, user: Admin, username: Username) -> HTMLResponse:
    """The enrolment page: the QR code to scan and the secret to type, shown this once."""
    e = _enrol(request, user, username)
    say = translations(reader_language(request, user).code).gettext
    label = say(N_("QR code for %(user)s's authenticator app")) % {"user": username}
    return render(request, "totp.html", user, enrolment=e, qr=qr_svg(e.uri, label))


@router.post("/api/users/{username}/totp/remove", dependencies=[Depends(verify_csrf)])
def remove_totp_api(
    request: Request, user: Admin, username: Username, body: TotpRemoval
) -> UserOut:
    """Remove the account's second factor, with the reason the audit log keeps (at least eight
    characters); the account signs in with its password alone until a new one is set up."""
    reason = removal_reason(body.reason)
    desk = desk_of(request)
    with desk.workspace() as ws:
        disable_totp(ws, username, actor=user.username, reason=reason)
        desk.users.forget()
    return _one(request, username)


@router.get("/users/{username}/totp/remove", response_class=HTMLResponse, include_in_schema=False)
def remove_totp_page(request: Request, user: Admin, username: Username) -> HTMLResponse:
    """The confirmation step: who loses their second factor, and a reason to give."""
    return render(request, "totp.html", user, removing=_one(request, username))


@router.post(
    "/users/{username}/totp/remove", include_in_schema=False, dependencies=[Depends(verify_csrf)]
)
def remove_totp_form(
    request: Request, user: Admin, username: Username, reason: Annotated[str, Form(max_length=500)]
) -> Response:
    remove_totp_api(request, user, username, TotpRemoval(reason=reason))
    return RedirectResponse("/users", status_code=303)
