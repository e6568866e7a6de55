"""User accounts of the web desk: roles, Argon2id passwords, lockout after repeated failures.

Accounts are never deleted (decisions name who made them); an account is disabled instead.
A wrong password counts towards a lockout; a locked or disabled account cannot sign in, and the
answer to a failed sign-in never says which of the reasons applied.

Every change to an account and every sign-in, refused or not, is an event in the audit log,
recorded here so that the desk and the command line (which calls these same functions) log
alike. The last active admin can be neither disabled nor given another role.
"""

from __future__ import annotations

import functools
import re
import threading
from dataclasses import dataclass
from datetime import datetime, timedelta
from enum import StrEnum

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError

from aidtrace import audit
from aidtrace.errors import InputError, NotFound, PermissionDenied
from aidtrace.events import (
    AccountCreated,
    AccountRoleChanged,
    AccountStatusChanged,
    SignedIn,
    SignInRefused,
)
from aidtrace.web.passwords import is_common
from aidtrace.workspace import Workspace

USERNAME = re.compile(r"^[a-z][a-z0-9._-]{1,31}$")
MIN_PASSWORD = 12
COMMAND_LINE = "command-line"  # the actor of account changes made with `aidtrace users`

# Argon2id with the library's RFC 9106 "low memory" profile: 64 MiB, 3 passes.
_HASHER = PasswordHasher()


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


@dataclass(frozen=True)
class Lockout:
    """After ``max_failures`` wrong passwords in a row the account locks for ``duration``."""

    max_failures: int = 5
    duration: timedelta = timedelta(minutes=15)


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
    hasher: PasswordHasher = _HASHER,
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


@dataclass(frozen=True)
class Credentials:
    """What a sign-in is checked against (read under the store lock, verified outside it)."""

    password_hash: str
    active: bool
    locked: bool


def credentials(ws: Workspace, username: str) -> Credentials | None:
    rows = ws.engine.query(
        "SELECT password_hash, active, locked_until FROM web_users WHERE username = ?",
        (username,),
    ).to_pylist()
    if not rows:
        return None
    row = rows[0]
    locked = row["locked_until"] is not None and row["locked_until"] > ws.clock()
    return Credentials(str(row["password_hash"]), bool(row["active"]), locked)


def password_matches(creds: Credentials | None, password: str) -> bool:
    """The slow part (Argon2id), done outside any lock; unknown users cost the same time."""
    if creds is None:
        _burn_time(password)
        return False
    return _verify(creds.password_hash, password)


def settle(
    ws: Workspace, username: str, creds: Credentials | None, matched: bool, lockout: Lockout
) -> User:
    """Record the attempt's outcome: the user if they may sign in, else ``PermissionDenied``."""
    refused = PermissionDenied("wrong username or password, or the account is locked")
    if creds is None:
        _refused(ws, "", locked=False)
        raise refused
    if not creds.active or creds.locked or not matched:
        locks = creds.active and not creds.locked and _record_failure(ws, username, lockout)
        _refused(ws, username, locked=creds.locked or locks)
        raise refused
    audit.record(ws, SignedIn(at=ws.clock(), actor=username, username=username))
    ws.engine.execute(
        "UPDATE web_users SET failed_logins = 0, locked_until = NULL, last_login = ? "
        "WHERE username = ?",
        (ws.clock(), username),
    )
    return get_user(ws, username)


def authenticate(
    ws: Workspace, username: str, password: str, lockout: Lockout | None = None
) -> User:
    """The user if the password is right and the account may sign in; else ``PermissionDenied``."""
    creds = credentials(ws, username)
    matched = password_matches(creds, password)
    return settle(ws, username, creds, matched, lockout or Lockout())


def _verify(hashed: str, password: str) -> bool:
    try:
        return bool(_HASHER.verify(hashed, password))
    except (VerificationError, InvalidHashError):
        return False


def _burn_time(password: str) -> None:
    # An unknown username costs as much as a known one, so timing does not reveal accounts.
    _verify(_dummy_hash(), password)


def _refused(ws: Workspace, username: str, *, locked: bool) -> None:
    # An unknown name is left out: people type their password into the username box.
    audit.record(ws, SignInRefused(at=ws.clock(), actor=username or "unknown",
                                   username=username, locked=locked))  # fmt: skip


def _record_failure(ws: Workspace, username: str, policy: Lockout) -> bool:
    """Count a wrong password; True if it locked the account."""
    ws.engine.execute(
        "UPDATE web_users SET failed_logins = failed_logins + 1 WHERE username = ?", (username,)
    )
    user = get_user(ws, username)
    if user.failed_logins < policy.max_failures:
        return False
    ws.engine.execute(
        "UPDATE web_users SET locked_until = ?, failed_logins = 0 WHERE username = ?",
        (ws.clock() + policy.duration, username),
    )
    return True


@functools.cache
def _dummy_hash() -> str:
    return _HASHER.hash("not a real password, only for timing")


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
