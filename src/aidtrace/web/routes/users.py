"""Account administration for admins: list, add, disable, re-enable users and change roles."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Depends, Form, Path, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response
from pydantic import BaseModel, Field

from aidtrace.accounts.users import Role, User, add_user, list_users, set_active, set_role
from aidtrace.web.auth import desk_of, require
from aidtrace.web.csrf import verify_csrf
from aidtrace.web.pages import render
from aidtrace.web.policy import Permission

router = APIRouter()
Admin = Annotated[User, Depends(require(Permission.MANAGE_USERS))]
Username = Annotated[str, Path(pattern=r"^[a-z][a-z0-9._-]{1,31}$")]


class UserOut(BaseModel):
    username: str
    display_name: str
    role: Role
    active: bool
    locked: bool


class NewUser(BaseModel):
    username: str = Field(pattern=r"^[a-z][a-z0-9._-]{1,31}$")
    display_name: str = Field(default="", max_length=100)
    role: Role
    password: str = Field(min_length=12, max_length=256)


def _out(request: Request, user: User) -> UserOut:
    now = desk_of(request).clock()
    locked = user.locked_until is not None and user.locked_until > now
    return UserOut(
        username=user.username,
        display_name=user.display_name,
        role=user.role,
        active=user.active,
        locked=locked,
    )


def _all(request: Request) -> list[UserOut]:
    with desk_of(request).reader() as ws:
        return [_out(request, u) for u in list_users(ws)]


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
    return _out(request, created)


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
    return _out(request, changed)


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
    return _out(request, changed)


@router.post("/users/{username}/role", include_in_schema=False, dependencies=[Depends(verify_csrf)])
def set_role_form(
    request: Request, user: Admin, username: Username, role: Annotated[Role, Form()]
) -> Response:
    set_role_api(request, user, username, RoleChange(role=role))
    return RedirectResponse("/users", status_code=303)
