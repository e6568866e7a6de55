"""The TOTP second factor: RFC 6238's codes, enrolment sealed in the store, sign-in with a code,
refusals audited and counted towards the lockout, and `aidtrace users totp` from the command
line."""

from __future__ import annotations

import base64
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from pathlib import Path
from urllib.parse import parse_qs, unquote, urlparse, urlunparse

import pyotp
import pytest
from argon2 import PasswordHasher
from typer.testing import CliRunner

from aidtrace.accounts.signin import (
    Lockout,
    SecondFactorError,
    authenticate,
    credentials,
    settle,
)
from aidtrace.accounts.totp import (
    code_at,
    disable_totp,
    enable_totp,
    matching_step,
    provisioning_uri,
    second_factor,
    time_step,
)
from aidtrace.accounts.users import Role, add_user, get_user
from aidtrace.cli import app
from aidtrace.errors import InputError, NotFound, PermissionDenied
from aidtrace.keyring.rotate import rotate_keys
from aidtrace.keyring.shred import destroy_keys
from aidtrace.workspace import Workspace

from .conftest import audit_events

CHEAP = PasswordHasher(time_cost=1, memory_cost=1024, parallelism=1)
PASSWORD = "correct horse battery"
NOW = datetime(2026, 3, 2, 9, 0, 10, tzinfo=UTC)
# RFC 6238, appendix B: the SHA-1 key and its eight-digit codes at these Unix times.
RFC_SECRET = base64.b32encode(b"12345678901234567890").decode()


@pytest.mark.parametrize(
    ("unix", "code"),
    [
        (59, "94287082"),
        (1111111109, "07081804"),
        (1111111111, "14050471"),
        (1234567890, "89005924"),
        (2000000000, "69279037"),
        (20000000000, "65353130"),
    ],
)
def test_codes_are_rfc_6238s(unix: int, code: str) -> None:
    step = time_step(datetime.fromtimestamp(unix, UTC))
    assert code_at(RFC_SECRET, step, digits=8) == code


@pytest.mark.parametrize(
    ("offset", "after", "accepted"),
    [
        (0, 0, True),
        (-1, 0, True),  # the phone's clock a little behind
        (1, 0, True),  # or ahead
        (-2, 0, False),  # a code a minute old has expired
        (2, 0, False),
        (0, "now", False),  # the code of a step already used
        (-1, "now", False),  # and every earlier one
    ],
)
def test_a_code_counts_near_now_and_once(offset: int, after: object, accepted: bool) -> None:
    now = time_step(NOW)
    code = code_at(RFC_SECRET, now + offset)
    used = now if after == "now" else 0
    assert (matching_step(RFC_SECRET, code, NOW, used) == now + offset) is accepted


@pytest.mark.parametrize("typed", ["", "12345", "1234567", "abcdef", "12345a"])
def test_what_is_not_six_digits_never_matches(typed: str) -> None:
    assert matching_step(RFC_SECRET, typed, NOW, 0) is None


def test_a_code_may_be_typed_with_a_space() -> None:
    code = code_at(RFC_SECRET, time_step(NOW))
    assert matching_step(RFC_SECRET, f"{code[:3]} {code[3:]}", NOW, 0) == time_step(NOW)


def test_the_uri_is_what_authenticator_apps_read() -> None:
    secret = "JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP"  # 160 bits
    uri = urlparse(provisioning_uri(secret, "omid@desk"))
    assert (uri.scheme, uri.netloc, unquote(uri.path)) == ("otpauth", "totp", "/aidtrace:omid@desk")
    query = {k: v[0] for k, v in parse_qs(uri.query).items()}
    # SHA-1, 6 digits and 30 s are the defaults apps assume when the URI leaves them out
    assert query == {"secret": secret, "issuer": "aidtrace"}
    assert code_at(secret, 1) == pyotp.parse_uri(urlunparse(uri)).generate_otp(1)


class Clock:
    def __init__(self) -> None:
        self.now = NOW

    def __call__(self) -> datetime:
        return self.now


@pytest.fixture
def ws(tmp_path: Path) -> Iterator[Workspace]:
    clock = Clock()
    with Workspace.create(tmp_path / "ws", key_file=tmp_path / "k" / "root.key", clock=clock) as w:
        add_user(w, "omid", PASSWORD, Role.ANALYST, hasher=CHEAP)
        add_user(w, "zara", PASSWORD, Role.ADMIN, hasher=CHEAP)
        yield w


def _code(secret: str, ws: Workspace, steps: int = 0) -> str:
    return code_at(secret, time_step(ws.clock()) + steps)


def test_the_secret_is_stored_sealed_only(ws: Workspace) -> None:
    enrolment = enable_totp(ws, "omid")
    assert enrolment.secret in enrolment.uri
    assert len(base64.b32decode(enrolment.secret)) == 20
    (row,) = ws.engine.query("SELECT * FROM account_totp").to_pylist()
    assert row["secret"] is None
    assert enrolment.secret.encode() not in row["secret_sealed"]
    factor = second_factor(ws, "omid")
    assert factor is not None
    assert factor.secret(ws, "omid") == enrolment.secret


def test_enrolment_ends_the_accounts_sessions(ws: Workspace) -> None:
    before = get_user(ws, "omid").session_epoch
    enable_totp(ws, "omid")
    assert get_user(ws, "omid").session_epoch == before + 1


@pytest.mark.parametrize(
    ("steps", "error"),
    [
        (["enable", "enable"], "already has a second factor"),
        (["disable"], "has no second factor"),
        (["enable", "disable", "disable"], "has no second factor"),
    ],
)
def test_enrolment_is_refused_twice(ws: Workspace, steps: list[str], error: str) -> None:
    *first, last = steps
    for step in first:
        (enable_totp if step == "enable" else disable_totp)(ws, "omid")
    with pytest.raises(InputError, match=error):
        (enable_totp if last == "enable" else disable_totp)(ws, "omid")


def test_an_unknown_account_cannot_be_enrolled(ws: Workspace) -> None:
    with pytest.raises(NotFound):
        enable_totp(ws, "nobody")


def test_enrolled_accounts_sign_in_with_a_code(ws: Workspace) -> None:
    secret = enable_totp(ws, "omid").secret
    user = authenticate(ws, "omid", PASSWORD, code=_code(secret, ws))
    assert user.username == "omid"
    assert authenticate(ws, "zara", PASSWORD).username == "zara"  # not enrolled: password only


@pytest.mark.parametrize(
    ("code", "why", "counted"),
    [
        ("", "missing", False),
        ("000000", "wrong", True),
        ("previous", "wrong", True),  # the code just used, replayed
    ],
)
def test_a_missing_wrong_or_replayed_code_is_refused(
    ws: Workspace, code: str, why: str, counted: bool
) -> None:
    secret = enable_totp(ws, "omid").secret
    if code == "previous":
        code = _code(secret, ws)
        authenticate(ws, "omid", PASSWORD, code=code)
    elif code == "000000" and _code(secret, ws) == code:
        code = "000001"
    with pytest.raises(SecondFactorError):
        authenticate(ws, "omid", PASSWORD, code=code)
    assert get_user(ws, "omid").failed_logins == (1 if counted else 0)
    refused = [e for e in audit_events(ws) if e.kind == "second_factor_refused"]
    assert [(vars(e)["username"], vars(e)["why"]) for e in refused] == [("omid", why)]


def test_two_sign_ins_racing_with_one_code_let_one_in(ws: Workspace) -> None:
    # Both read the account (and their passwords were checked) before either recorded its code.
    secret = enable_totp(ws, "omid").secret
    first, second = credentials(ws, "omid"), credentials(ws, "omid")
    code = _code(secret, ws)
    assert settle(ws, "omid", first, True, Lockout(), code=code).username == "omid"
    with pytest.raises(SecondFactorError, match="already used"):
        settle(ws, "omid", second, True, Lockout(), code=code)


def test_a_wrong_password_says_nothing_of_the_second_factor(ws: Workspace) -> None:
    enable_totp(ws, "omid")
    with pytest.raises(PermissionDenied) as refused:
        authenticate(ws, "omid", "not the password at all", code="")
    assert not isinstance(refused.value, SecondFactorError)
    assert "wrong username or password" in str(refused.value)


def test_guessing_codes_locks_the_account_like_passwords(ws: Workspace) -> None:
    secret = enable_totp(ws, "omid").secret
    right = _code(secret, ws)
    wrong = f"{(int(right) + 1) % 1_000_000:06d}"
    lockout = Lockout(max_failures=3)
    for _ in range(3):
        with pytest.raises(SecondFactorError):
            authenticate(ws, "omid", PASSWORD, lockout, code=wrong)
    with pytest.raises(PermissionDenied, match="locked"):
        authenticate(ws, "omid", PASSWORD, lockout, code=right)
    last = [vars(e) for e in audit_events(ws) if e.kind == "second_factor_refused"][-1]
    assert last["locked"] is True


def test_a_role_may_require_the_second_factor(ws: Workspace) -> None:
    with pytest.raises(SecondFactorError, match="users totp enable zara"):
        authenticate(ws, "zara", PASSWORD, require_totp=frozenset({Role.ADMIN}))
    assert authenticate(ws, "omid", PASSWORD, require_totp=frozenset({Role.ADMIN}))
    secret = enable_totp(ws, "zara").secret
    user = authenticate(ws, "zara", PASSWORD, code=_code(secret, ws),
                        require_totp=frozenset({Role.ADMIN}))  # fmt: skip
    assert user.role is Role.ADMIN


def test_enrolments_are_audited(ws: Workspace) -> None:
    enable_totp(ws, "omid", actor="zara")
    disable_totp(ws, "omid")
    events = [(e.kind.value, e.actor, vars(e)["username"]) for e in audit_events(ws)]
    assert ("second_factor_enabled", "zara", "omid") in events
    assert ("second_factor_disabled", "command-line", "omid") in events


def test_the_secret_survives_a_key_rotation(ws: Workspace) -> None:
    secret = enable_totp(ws, "omid").secret
    rotate_keys(ws)
    ws.clock.now += timedelta(minutes=1)  # type: ignore[attr-defined]
    assert authenticate(ws, "omid", PASSWORD, code=_code(secret, ws)).username == "omid"


def test_destroyed_keys_leave_the_secret_unreadable_and_an_admin_removes_it(
    ws: Workspace,
) -> None:
    secret = enable_totp(ws, "omid").secret
    destroy_keys(ws)
    with pytest.raises(SecondFactorError, match="users totp disable omid"):
        authenticate(ws, "omid", PASSWORD, code=_code(secret, ws))
    disable_totp(ws, "omid")
    assert authenticate(ws, "omid", PASSWORD).username == "omid"


RUNNER = CliRunner()


def test_the_command_line_enrols_and_removes(desk_path: Path) -> None:
    base = ["--workspace", str(desk_path), "users", "totp"]
    enabled = RUNNER.invoke(app, [*base, "enable", "analyst"])
    assert enabled.exit_code == 0, enabled.output
    uri = next(line.split()[-1] for line in enabled.output.splitlines() if "otpauth://" in line)
    secret = parse_qs(urlparse(uri).query)["secret"][0]
    with Workspace.open(desk_path) as ws:
        factor = second_factor(ws, "analyst")
        assert factor is not None
        assert factor.secret(ws, "analyst") == secret
    again = RUNNER.invoke(app, [*base, "enable", "analyst"])
    assert again.exit_code == 2
    assert "already has a second factor" in again.output
    assert RUNNER.invoke(app, [*base, "disable", "analyst"]).exit_code == 0
    with Workspace.open(desk_path) as ws:
        assert second_factor(ws, "analyst") is None
        kinds = [e.kind.value for e in audit_events(ws)]
    assert kinds[-2:] == ["second_factor_enabled", "second_factor_disabled"]
