"""User accounts of the web desk: roles, Argon2id password hashes, enabling and disabling.

Accounts are never deleted (decisions name who made them); an account is disabled instead.
Signing in (the password, the lockout after repeated failures, the second factor) is
``signin``'s.

Every change to an account is an event in the audit log, recorded here so that the desk and the
command line (which calls these same functions) log alike. The last active admin can be neither
disabled nor given another role.
"""

from __future__ import annotations

import re
import threading
from dataclasses import dataclass
from datetime import datetime
from enum import StrEnum

from argon2 import PasswordHasher

from aidtrace import audit
from aidtrace.accounts.passwords import HASHER, is_common
from aidtrace.errors import InputError, NotFound
from aidtrace.events import AccountCreated, AccountRoleChanged, AccountStatusChanged
from aidtrace.workspace import Workspace

USERNAME = re.compile(r"^[a-z][a-z0-9._-]{1,31}$")
MIN_PASSWORD = 12
COMMAND_LINE = "command-line"  # the actor of account changes made with `aidtrace users`


class Role(StrEnum):
    """What a person does at the desk; permissions hang off these (see ``policy``)."""

    ADMIN = "admin"
    ANALYST = "analyst"
    REVIEWER = "reviewer"
    AUDITOR = "auditor"
    DONOR_VIEWER = "donor_viewer"


@dataclass(frozen=True)
class User:
    username: str
    display_name: str
    role: Role
    active: bool
    failed_logins: int
    locked_until: datetime | None
    session_epoch: int
    created_at: datetime
    last_login: datetime | None


_COLUMNS = (
    "username, display_name, role, active, failed_logins, locked_until, session_epoch, "
    "created_at, last_login"
)


def _user(row: dict[str, object]) -> User:
    return User(**{**row, "role": Role(str(row["role"]))})  # type: ignore[arg-type]


def validate_username(username: str) -> str:
    if not USERNAME.match(username):
        raise InputError(
            "a username is 2–32 characters: lower-case letters, digits, '.', '_' or '-', "
            "starting with a letter",
            record=username[:40],
        )
    return username


def validate_password(password: str, username: str = "") -> str:
    """At least 12 characters, not one of the passwords people pick most, not the username."""
    if len(password) < MIN_PASSWORD or len(password) > 256:
        raise InputError(f"a password needs {MIN_PASSWORD} to 256 characters")
    named = len(username) >= 4 and username.casefold() in password.casefold()
    if is_common(password) or named:
        raise InputError(
            "this password is one of the first any attacker tries; choose another "
            "(a few unrelated words make a strong one)"
        )
    return password


def get_user(ws: Workspace, username: str) -> User:
    rows = ws.engine.query(
        f"SELECT {_COLUMNS} FROM web_users WHERE username = ?", (username,)
    ).to_pylist()
    if not rows:
        raise NotFound(f"no such user: {username}")
    return _user(rows[0])


def list_users(ws: Workspace) -> list[User]:
    rows = ws.engine.query(f"SELECT {_COLUMNS} FROM web_users ORDER BY username").to_pylist()
    return [_user(r) for r in rows]


def add_user(
    ws: Workspace,
    username: str,
    password: str,
    role: Role,
    display_name: str = "",
    *,
    hasher: PasswordHasher = HASHER,
    actor: str = COMMAND_LINE,
) -> User:
    """Create an active account; refuses a username that exists (even disabled).

    ``hasher`` sets the Argon2id cost recorded in the hash (tests use a cheap one)."""
    validate_username(username)
    validate_password(password, username)
    if ws.engine.query("SELECT 1 FROM web_users WHERE username = ?", (username,)).num_rows:
        raise InputError(f"user {username} already exists")
    audit.record(ws, AccountCreated(at=ws.clock(), actor=actor, username=username,
                                    role=role.value))  # fmt: skip
    ws.engine.execute(
        "INSERT INTO web_users (username, display_name, role, password_hash, active, "
        "created_at) VALUES (?, ?, ?, ?, true, ?)",
        (username, display_name or username, role.value, hasher.hash(password), ws.clock()),
    )
    return get_user(ws, username)


def _last_admin(ws: Workspace, user: User) -> bool:
    """Is ``user`` the only active admin (whom nobody could replace if they went)?"""
    if user.role is not Role.ADMIN or not user.active:
        return False
    rows = ws.engine.query(
        "SELECT count(*) AS n FROM web_users WHERE role = 'admin' AND active"
    ).to_pylist()
    return int(rows[0]["n"]) <= 1


def set_active(ws: Workspace, username: str, active: bool, *, actor: str = COMMAND_LINE) -> User:
    """Disable (or re-enable) an account; disabling also ends its open sessions. The last
    active admin cannot be disabled: no one would be left to manage accounts."""
    user = get_user(ws, username)
    if not active and _last_admin(ws, user):
        raise InputError(f"{username} is the last active admin; make another admin first")
    audit.record(ws, AccountStatusChanged(at=ws.clock(), actor=actor, username=username,
                                          active=active))  # fmt: skip
    ws.engine.execute(
        "UPDATE web_users SET active = ?, failed_logins = 0, locked_until = NULL, "
        "session_epoch = session_epoch + 1 WHERE username = ?",
        (active, username),
    )
    return get_user(ws, username)


def set_role(ws: Workspace, username: str, role: Role, *, actor: str = COMMAND_LINE) -> User:
    """Give an account another role; its open sessions end (they carried the old rights).
    The last active admin keeps the admin role."""
    user = get_user(ws, username)
    if user.role is role:
        return user
    if _last_admin(ws, user):
        raise InputError(f"{username} is the last active admin; make another admin first")
    audit.record(ws, AccountRoleChanged(at=ws.clock(), actor=actor, username=username,
                                        old_role=user.role.value, new_role=role.value))  # fmt: skip
    ws.engine.execute(
        "UPDATE web_users SET role = ?, session_epoch = session_epoch + 1 WHERE username = ?",
        (role.value, username),
    )
    return get_user(ws, username)


def end_sessions(ws: Workspace, username: str) -> None:
    """Invalidate every session cookie issued to this user so far (sign out everywhere)."""
    ws.engine.execute(
        "UPDATE web_users SET session_epoch = session_epoch + 1 WHERE username = ?", (username,)
    )


class UserCache:
    """Every account, read once and kept until the desk changes one (``forget``).

    While the desk runs it holds the store, so it is the only writer of accounts; each request's
    session check then costs a dictionary lookup instead of a query. Loading and forgetting
    take one lock, and the desk forgets only after its write commits, so a load that raced a
    change is always forgotten after it."""

    def __init__(self) -> None:
        self._users: dict[str, User] | None = None
        self._lock = threading.Lock()

    def all(self, ws: Workspace) -> dict[str, User]:
        with self._lock:
            if self._users is None:
                self._users = {u.username: u for u in list_users(ws)}
            return self._users

    def get(self, ws: Workspace, username: str) -> User | None:
        return self.all(ws).get(username)

    def forget(self) -> None:
        with self._lock:
            self._users = None
