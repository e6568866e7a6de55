"""Signing in to the desk with a second factor: the code field, a computed code accepted, a wrong
one refused, audited and rate-limited like a password, and roles that must have one."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest
from fastapi.testclient import TestClient

from aidtrace.accounts.totp import code_at, enable_totp, time_step
from aidtrace.accounts.users import Role
from aidtrace.workspace import Workspace

from .conftest import PASSWORD, USERS, FakeClock, audit_events, csrf

ANALYST = USERS[Role.ANALYST]


def _enrol(path: Path, username: str = ANALYST) -> str:
    with Workspace.open(path) as ws:
        return enable_totp(ws, username).secret


def _post(client: TestClient, code: str | None, username: str = ANALYST) -> tuple[int, str]:
    body = {"username": username, "password": PASSWORD}
    if code is not None:
        body["code"] = code
    r = client.post("/api/session", json=body, headers={"x-csrf-token": csrf(client)})
    return r.status_code, r.text


def _now_code(secret: str, clock: FakeClock) -> str:
    return code_at(secret, time_step(clock()))


def _refusals(path: Path) -> list[tuple[str, bool]]:
    with Workspace.open(path, read_only=True) as ws:
        return [(vars(e)["why"], vars(e)["locked"]) for e in audit_events(ws)
                if e.kind == "second_factor_refused"]  # fmt: skip


def test_the_sign_in_form_asks_for_a_code(client: TestClient) -> None:
    page = client.get("/login").text
    assert 'name="code"' in page
    assert 'autocomplete="one-time-code"' in page


def test_an_enrolled_account_signs_in_with_its_code(
    app_factory: Callable[..., TestClient], desk_path: Path, clock: FakeClock
) -> None:
    secret = _enrol(desk_path)
    with app_factory() as client:
        status, text = _post(client, _now_code(secret, clock))
        assert status == 200, text
        assert client.get("/api/session").json()["username"] == ANALYST


def test_the_form_signs_in_with_a_code(
    app_factory: Callable[..., TestClient], desk_path: Path, clock: FakeClock
) -> None:
    secret = _enrol(desk_path)
    with app_factory() as client:
        form = {"username": ANALYST, "password": PASSWORD, "code": _now_code(secret, clock),
                "csrf_token": csrf(client), "next": "/alerts"}  # fmt: skip
        r = client.post("/login", data=form, follow_redirects=False)
        assert (r.status_code, r.headers["location"]) == (303, "/alerts")
        assert client.get("/api/session").status_code == 200


@pytest.mark.parametrize(
    ("code", "why"), [(None, "missing"), ("", "missing"), ("wrong", "wrong"), ("used", "wrong")]
)
def test_a_missing_wrong_or_used_code_is_refused(
    app_factory: Callable[..., TestClient],
    desk_path: Path,
    clock: FakeClock,
    code: str | None,
    why: str,
) -> None:
    secret = _enrol(desk_path)
    right = _now_code(secret, clock)
    with app_factory() as client:
        if code == "used":
            assert _post(client, right)[0] == 200
            client.post("/logout", data={"csrf_token": csrf(client)})
            code = right
        elif code == "wrong":
            code = f"{(int(right) + 1) % 1_000_000:06d}"
        status, text = _post(client, code)
        assert status == 403, text
        assert client.get("/api/session").status_code == 401
    assert _refusals(desk_path) == [(why, False)]


def test_guessed_codes_are_rate_limited_like_passwords(
    app_factory: Callable[..., TestClient], desk_path: Path, clock: FakeClock
) -> None:
    secret = _enrol(desk_path)
    wrong = f"{(int(_now_code(secret, clock)) + 1) % 1_000_000:06d}"
    with app_factory(login_attempts=3) as client:
        assert [_post(client, wrong)[0] for _ in range(4)] == [403, 403, 403, 429]
        assert _post(client, _now_code(secret, clock))[0] == 429


def test_guessed_codes_lock_the_account(
    app_factory: Callable[..., TestClient], desk_path: Path, clock: FakeClock
) -> None:
    secret = _enrol(desk_path)
    wrong = f"{(int(_now_code(secret, clock)) + 1) % 1_000_000:06d}"
    with app_factory() as client:
        assert [_post(client, wrong)[0] for _ in range(5)] == [403] * 5
        clock.advance(seconds=30)
        status, text = _post(client, _now_code(secret, clock))
        assert status == 403
        assert "locked" in text
    assert _refusals(desk_path)[-1] == ("wrong", True)


def test_a_role_that_requires_a_second_factor(
    app_factory: Callable[..., TestClient], desk_path: Path, clock: FakeClock
) -> None:
    with app_factory(require_totp=frozenset({Role.ADMIN})) as client:
        status, text = _post(client, None, USERS[Role.ADMIN])
        assert status == 403
        assert "users totp enable admin" in text
        assert _post(client, None, ANALYST)[0] == 200  # other roles as before
    assert _refusals(desk_path) == [("required", False)]
