"""The optional second factor: time-based one-time codes (TOTP, RFC 6238) from an authenticator
app.

An admin enrols an account on the desk's Users page (the URI shown as a QR code) or from the
command line (``aidtrace users totp enable NAME``): a fresh random secret, shown once as an
``otpauth://`` URI (and in base32, to type in), sealed with the
workspace's field-encryption key before it reaches the store (``schema.TOTP_SECRET``), re-sealed
when the keys rotate. At sign-in an enrolled account gives the code of the current 30-second
step; the steps just before and after count too (phone clocks drift), and a step once used is
never accepted again, so a code read over a shoulder cannot be replayed.
"""

from __future__ import annotations

import hmac
from dataclasses import dataclass
from datetime import datetime

import pyotp

from aidtrace import audit
from aidtrace.accounts.schema import TOTP_SECRET
from aidtrace.accounts.users import COMMAND_LINE, end_sessions, get_user
from aidtrace.errors import InputError
from aidtrace.events import SecondFactorDisabled, SecondFactorEnabled
from aidtrace.keyring.ring import KeyRing
from aidtrace.privacy.crypto import FieldCipher
from aidtrace.workspace import Workspace

STEP_SECONDS = 30
DIGITS = 6
DRIFT_STEPS = 1  # steps either side of now that still count
SECRET_BYTES = 20  # 160 bits, the length RFC 4226 recommends for HMAC-SHA1
ISSUER = "aidtrace"
MIN_REASON, MAX_REASON = 8, 500  # characters of an admin's reason for removing a second factor


def new_secret() -> str:
    """A fresh random secret in base32 (what authenticator apps take), without padding."""
    return pyotp.random_base32(length=SECRET_BYTES * 8 // 5)


def _totp(secret: str, digits: int = DIGITS) -> pyotp.TOTP:
    return pyotp.TOTP(secret, digits=digits, interval=STEP_SECONDS)


def time_step(at: datetime) -> int:
    """The number of 30-second steps since the Unix epoch at ``at``."""
    return int(at.timestamp()) // STEP_SECONDS


def code_at(secret: str, step: int, digits: int = DIGITS) -> str:
    """The code of ``step`` (RFC 4226's HOTP over the step counter, HMAC-SHA1)."""
    return _totp(secret, digits).generate_otp(step)


def matching_step(secret: str, code: str, at: datetime, after: int) -> int | None:
    """The step within the allowed drift around ``at``, later than ``after`` (the last step
    used), whose code ``code`` is; None if there is none."""
    typed = "".join(code.split())
    if len(typed) != DIGITS or not typed.isdigit():
        return None
    now = time_step(at)
    for step in range(max(now - DRIFT_STEPS, after + 1), now + DRIFT_STEPS + 1):
        if hmac.compare_digest(code_at(secret, step), typed):
            return step
    return None


def provisioning_uri(secret: str, account: str, issuer: str = ISSUER) -> str:
    """The ``otpauth://`` URI an authenticator app reads (as a QR code, or pasted)."""
    return _totp(secret).provisioning_uri(name=account, issuer_name=issuer)


@dataclass(frozen=True)
class Enrolment:
    """What an admin hands to the user once: the secret and the URI holding it."""

    username: str
    secret: str
    uri: str


@dataclass(frozen=True)
class SecondFactor:
    """An account's enrolment as the store holds it: the sealed secret and the last step used."""

    sealed: bytes
    last_step: int

    def secret(self, ws: Workspace, username: str) -> str:
        """The secret in plaintext (memory only); ``KeyMaterialError`` without the keys."""
        cipher = FieldCipher(KeyRing.open(ws))
        return cipher.open(TOTP_SECRET.record_id(username), TOTP_SECRET.plain, self.sealed)


def second_factor(ws: Workspace, username: str) -> SecondFactor | None:
    """The account's enrolment, or None when it signs in with its password alone."""
    rows = ws.engine.query(
        "SELECT secret_sealed, last_step FROM account_totp WHERE username = ?", (username,)
    ).to_pylist()
    if not rows:
        return None
    return SecondFactor(bytes(rows[0]["secret_sealed"]), int(rows[0]["last_step"]))


def enable_totp(ws: Workspace, username: str, *, actor: str = COMMAND_LINE) -> Enrolment:
    """Enrol ``username``: a new secret, sealed in the store and returned this once. The
    account's open sessions end (they were opened without the second factor)."""
    get_user(ws, username)  # NotFound for an unknown account
    if second_factor(ws, username) is not None:
        raise InputError(
            f"{username} already has a second factor; disable it first "
            f"(`aidtrace users totp disable {username}`) to enrol a new one"
        )
    secret = new_secret()
    sealed = FieldCipher(KeyRing.open(ws)).seal(
        TOTP_SECRET.record_id(username), TOTP_SECRET.plain, secret
    )
    audit.record(ws, SecondFactorEnabled(at=ws.clock(), actor=actor, username=username))
    ws.engine.execute(
        "INSERT INTO account_totp (username, secret_sealed, last_step, enabled_at) "
        "VALUES (?, ?, 0, ?)",
        (username, sealed, ws.clock()),
    )
    end_sessions(ws, username)
    account = f"{username}@{ws.path.name}"
    return Enrolment(username, secret, provisioning_uri(secret, account))


def enrolled(ws: Workspace) -> set[str]:
    """The accounts that sign in with a second factor."""
    rows = ws.engine.query("SELECT username FROM account_totp").to_pylist()
    return {str(r["username"]) for r in rows}


def removal_reason(text: str) -> str:
    """Why an admin removes someone's second factor, as the audit log keeps it: a few words
    (an account left with its password alone is a weaker account, and the log says why)."""
    reason = " ".join(text.split())
    if len(reason) < MIN_REASON:
        raise InputError(
            f"say why the second factor is removed, in at least {MIN_REASON} characters "
            "(for example: phone lost, enrolling a new one)"
        )
    return reason[:MAX_REASON]


def disable_totp(
    ws: Workspace, username: str, *, actor: str = COMMAND_LINE, reason: str = ""
) -> None:
    """Remove the account's second factor (its secret is deleted, not kept); ``reason`` goes
    into the audit log with the removal."""
    get_user(ws, username)
    if second_factor(ws, username) is None:
        raise InputError(f"{username} has no second factor")
    event = SecondFactorDisabled(at=ws.clock(), actor=actor, username=username, reason=reason)
    audit.record(ws, event)
    ws.engine.execute("DELETE FROM account_totp WHERE username = ?", (username,))


def use_step(ws: Workspace, username: str, step: int) -> None:
    """Record ``step`` as used: its code (and every earlier one) is refused from now on."""
    ws.engine.execute("UPDATE account_totp SET last_step = ? WHERE username = ?", (step, username))
