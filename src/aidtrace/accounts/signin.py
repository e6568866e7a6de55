"""Signing in: the password checked against its Argon2id hash, the second factor of an enrolled
account (``totp``), and a lockout after repeated failures.

A wrong password counts towards a lockout; a locked or disabled account cannot sign in, and the
answer to a failed sign-in never says which of the reasons applied. Only once the password is
right does the second factor speak: a wrong code counts towards the same lockout. Every sign-in,
refused or not, is an event in the audit log. The slow part (``password_matches``) runs outside
the store's lock; reading the account (``credentials``) and recording the outcome (``settle``)
inside it.
"""

from __future__ import annotations

import functools
from dataclasses import dataclass
from datetime import timedelta
from typing import NoReturn

from argon2.exceptions import InvalidHashError, VerificationError

from aidtrace import audit
from aidtrace.accounts.passwords import HASHER
from aidtrace.accounts.totp import DIGITS, matching_step, second_factor, use_step
from aidtrace.accounts.users import Role, User, get_user
from aidtrace.errors import KeyMaterialError, PermissionDenied
from aidtrace.events import SecondFactorRefused, SignedIn, SignInRefused
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
    role: Role


def credentials(ws: Workspace, username: str) -> Credentials | None:
    rows = ws.engine.query(
        "SELECT password_hash, active, locked_until, role FROM web_users WHERE username = ?",
        (username,),
    ).to_pylist()
    if not rows:
        return None
    row = rows[0]
    locked = row["locked_until"] is not None and row["locked_until"] > ws.clock()
    role = Role(str(row["role"]))
    return Credentials(str(row["password_hash"]), bool(row["active"]), locked, role)


def password_matches(creds: Credentials | None, password: str) -> bool:
    """The slow part (Argon2id), done outside any lock; unknown users cost the same time."""
    if creds is None:
        _burn_time(password)
        return False
    return _verify(creds.password_hash, password)


def settle(
    ws: Workspace,
    username: str,
    creds: Credentials | None,
    matched: bool,
    lockout: Lockout,
    *,
    code: str = "",
    require_totp: frozenset[Role] = frozenset(),
) -> User:
    """Record the attempt's outcome: the user if they may sign in, else ``PermissionDenied``.

    ``code`` is the one-time code of an account with a second factor; accounts of the roles in
    ``require_totp`` may not sign in without one."""
    refused = PermissionDenied("wrong username or password, or the account is locked")
    if creds is None:
        _refused(ws, "", locked=False)
        raise refused
    if not creds.active or creds.locked or not matched:
        locks = creds.active and not creds.locked and _record_failure(ws, username, lockout)
        _refused(ws, username, locked=creds.locked or locks)
        raise refused
    step = _second_factor(ws, username, creds, code, lockout, require_totp)
    audit.record(ws, SignedIn(at=ws.clock(), actor=username, username=username))
    ws.engine.execute(
        "UPDATE web_users SET failed_logins = 0, locked_until = NULL, last_login = ? "
        "WHERE username = ?",
        (ws.clock(), username),
    )
    if step is not None:
        use_step(ws, username, step)
    return get_user(ws, username)


def authenticate(
    ws: Workspace,
    username: str,
    password: str,
    lockout: Lockout | None = None,
    *,
    code: str = "",
    require_totp: frozenset[Role] = frozenset(),
) -> User:
    """The user if the password (and the code, for an account with a second factor) is right
    and the account may sign in; else ``PermissionDenied``."""
    creds = credentials(ws, username)
    matched = password_matches(creds, password)
    policy = lockout or Lockout()
    return settle(ws, username, creds, matched, policy, code=code, require_totp=require_totp)


class SecondFactorError(PermissionDenied):
    """The password was right, but the second factor was missing, wrong or not set up."""


# What the person signing in is told, by the ``why`` the audit log records.
_FACTOR_REFUSALS = {
    "required": "the {role} role signs in with a second factor: ask an admin to set it up on "
    "the Users page (or `aidtrace users totp enable {user}`)",
    "missing": f"enter the {DIGITS}-digit code from your authenticator app",
    "unreadable": "the second factor cannot be checked without the workspace's keys; an admin "
    "can remove it on the Users page (or `aidtrace users totp disable {user}`)",
    "wrong": "wrong code, or one already used: wait for the next one",
}


def _second_factor(
    ws: Workspace,
    username: str,
    creds: Credentials,
    code: str,
    lockout: Lockout,
    required: frozenset[Role],
) -> int | None:
    """The time step of the code that completes this sign-in (None: the account needs none);
    each refusal is audited and raised. The enrolment is read here, under the store's lock, so
    that two sign-ins racing with one code cannot both use it."""
    factor = second_factor(ws, username)
    if factor is None:
        if creds.role in required:
            _factor_refused(ws, username, creds, "required")
        return None
    if not code.strip():
        _factor_refused(ws, username, creds, "missing")
    try:
        secret = factor.secret(ws, username)
    except KeyMaterialError:
        _factor_refused(ws, username, creds, "unreadable")
    step = matching_step(secret, code, ws.clock(), factor.last_step)
    if step is None:
        locks = _record_failure(ws, username, lockout)  # a guessed code counts as a password
        _factor_refused(ws, username, creds, "wrong", locked=locks)
    return step


def _factor_refused(
    ws: Workspace, username: str, creds: Credentials, why: str, *, locked: bool = False
) -> NoReturn:
    event = SecondFactorRefused(
        at=ws.clock(), actor=username, username=username, why=why, locked=locked
    )
    audit.record(ws, event)
    raise SecondFactorError(_FACTOR_REFUSALS[why].format(role=creds.role.value, user=username))


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
