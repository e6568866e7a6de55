"""`aidtrace users`: the web desk's accounts (add, disable, enable, role, list, totp)."""

from __future__ import annotations

from typing import TYPE_CHECKING, Annotated, Literal

import typer
from rich.table import Table
from rich.text import Text

from aidtrace.cli.app import app, edge, state
from aidtrace.errors import InputError

if TYPE_CHECKING:
    from aidtrace.accounts.users import Role
    from aidtrace.workspace import Workspace

# The accounts (``aidtrace.accounts``) open a workspace and hash passwords: each command imports
# them itself, so that `aidtrace --help` does not. None of them imports the web desk.

# The values of ``aidtrace.accounts.users.Role`` (the CLI's tests check they agree), spelled out so
# that the option's choices need no import of the accounts.
RoleName = Literal["admin", "analyst", "reviewer", "auditor", "donor_viewer"]

users_app = typer.Typer(help="Manage the web desk's user accounts.", no_args_is_help=True)
app.add_typer(users_app, name="users")


@users_app.command("add")
@edge
def add(
    ctx: typer.Context,
    username: Annotated[str, typer.Argument(help="Login name (lower-case, 2–32 characters)")],
    role: Annotated[RoleName, typer.Option(help="What the user may do")],
    name: Annotated[str, typer.Option(help="Display name [default: the username]")] = "",
    password: Annotated[
        str | None,
        typer.Option(
            help="Password (at least 12 characters) [default: prompt; $AIDTRACE_PASSWORD]",
            envvar="AIDTRACE_PASSWORD",
            show_default=False,
        ),
    ] = None,
) -> None:
    """Add a user with a role; the password is stored only as an Argon2id hash."""
    from aidtrace.accounts.users import Role, add_user

    st = state(ctx)
    secret = password or typer.prompt("Password", hide_input=True, confirmation_prompt=True)
    with st.open() as ws:
        user = add_user(ws, username, secret, Role(role), name)
    st.console.print(f"Added [bold]{user.username}[/bold] ({user.role.value})")


def _set_active(ctx: typer.Context, username: str, active: bool) -> None:
    from aidtrace.accounts.users import set_active

    st = state(ctx)
    with st.open() as ws:
        user = set_active(ws, username, active)
    st.console.print(f"{user.username} is now {'enabled' if user.active else 'disabled'}")


@users_app.command("disable")
@edge
def disable(ctx: typer.Context, username: Annotated[str, typer.Argument()]) -> None:
    """Disable an account (it is kept: decisions name who made them); ends its sessions."""
    _set_active(ctx, username, False)


@users_app.command("enable")
@edge
def enable(ctx: typer.Context, username: Annotated[str, typer.Argument()]) -> None:
    """Re-enable a disabled account (also clears a lockout)."""
    _set_active(ctx, username, True)


@users_app.command("role")
@edge
def role(
    ctx: typer.Context,
    username: Annotated[str, typer.Argument()],
    new_role: Annotated[RoleName, typer.Argument(metavar="ROLE", help="The role to give")],
) -> None:
    """Give an account another role (audited; its open sessions end). The last active admin
    keeps the admin role."""
    from aidtrace.accounts.users import Role, set_role

    st = state(ctx)
    with st.open() as ws:
        before = _role_of(ws, username)
        user = set_role(ws, username, Role(new_role))
    if before is user.role:
        st.console.print(f"{user.username} already has the {user.role.value} role")
        return
    st.console.print(f"{user.username} is now {user.role.value} (was {before.value})")


@users_app.command("list")
@edge
def list_(ctx: typer.Context) -> None:
    """Every account with its role and state."""
    from aidtrace.accounts.users import list_users

    st = state(ctx)
    with st.open(read_only=True) as ws:
        users = list_users(ws)
        now = ws.clock()
    if not users:
        raise InputError("no users yet; add one with `aidtrace users add NAME --role admin`")
    table = Table("username", "name", "role", "state", "last sign-in")
    for u in users:
        locked = u.locked_until is not None and u.locked_until > now
        status = "disabled" if not u.active else "locked" if locked else "active"
        last = u.last_login.strftime("%Y-%m-%d %H:%M") if u.last_login else "—"
        table.add_row(u.username, u.display_name, u.role.value, status, last)
    st.console.print(table)


def _role_of(ws: Workspace, username: str) -> Role:
    from aidtrace.accounts.users import get_user

    return get_user(ws, username).role


totp_app = typer.Typer(
    help="A second factor at sign-in: codes from an authenticator app (TOTP).",
    no_args_is_help=True,
)
users_app.add_typer(totp_app, name="totp")


@totp_app.command("enable")
@edge
def totp_enable(ctx: typer.Context, username: Annotated[str, typer.Argument()]) -> None:
    """Enrol an account: prints its secret and otpauth:// URI once, for the user's
    authenticator app. From then on the desk asks for a code at sign-in. The secret is stored
    sealed with the workspace's key; its open sessions end."""
    from aidtrace.accounts.totp import enable_totp

    st = state(ctx)
    with st.open() as ws:
        enrolment = enable_totp(ws, username)
    st.console.print(f"{enrolment.username} now signs in with a code from an authenticator app.")
    st.console.print("Give them this, once (it is not shown again):")
    st.console.print(Text(f"  secret: {enrolment.secret}"))
    st.console.print(Text(f"  URI:    {enrolment.uri}"), soft_wrap=True)


@totp_app.command("disable")
@edge
def totp_disable(ctx: typer.Context, username: Annotated[str, typer.Argument()]) -> None:
    """Remove an account's second factor (a lost phone; keys destroyed): it signs in with its
    password alone until enrolled again."""
    from aidtrace.accounts.totp import disable_totp

    st = state(ctx)
    with st.open() as ws:
        disable_totp(ws, username)
    st.console.print(f"{username} signs in with the password alone now")
