"""Signing in: the password checked against its Argon2id hash, and a lockout after repeated
failures.

A wrong password counts towards a lockout; a locked or disabled account cannot sign in, and the
answer to a failed sign-in never says which of the reasons applied. Every sign-in, refused or
not, is an event in the audit log. The slow part (``password_matches``) runs outside the store's
lock; reading the account (``credentials``) and recording the outcome (``settle``) inside it.
"""

from __future__ import annotations

import functools
from dataclasses import dataclass
from datetime import timedelta

from argon2.exceptions import InvalidHashError, VerificationError

from aidtrace import audit
from aidtrace.accounts.passwords import HASHER
from aidtrace.accounts.users import User, get_user
from aidtrace.errors import PermissionDenied
from aidtrace.events import SignedIn, SignInRefused
from aidtrace.workspace import Workspace


@dataclass(frozen=True)
class Lockout:
    """After ``max_failures`` wrong passwords in a row the account locks for ``duration``."""

    max_failures: int = 5
    duration: timedelta = timedelta(minutes=15)


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
        return bool(HASHER.verify(hashed, password))
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
    return HASHER.hash("not a real password, only for timing")
