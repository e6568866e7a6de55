"""Sign-in, sessions, CSRF, lockout and rate limiting."""

from __future__ import annotations

from collections.abc import Callable

from fastapi.testclient import TestClient

from aidtrace.accounts.users import Role
from aidtrace.web.sessions import SESSION_COOKIE

PASSWORD = "correct horse battery"
Login = Callable[[TestClient, Role], str]


def _token(client: TestClient) -> str:
    token: str = client.get("/api/csrf").json()["csrf_token"]
    return token


def _api_login(client: TestClient, username: str, password: str) -> int:
    r = client.post(
        "/api/session",
        json={"username": username, "password": password},
        headers={"x-csrf-token": _token(client)},
    )
    return r.status_code


def test_form_sign_in_sets_a_hardened_cookie_and_lands_on_next(client: TestClient) -> None:
    page = client.get("/login?next=/alerts")
    assert 'name="csrf_token"' in page.text
    token = page.text.split('name="csrf_token" value="')[1].split('"')[0]
    r = client.post(
        "/login",
        data={"username": "analyst", "password": PASSWORD, "next": "/alerts", "csrf_token": token},
        follow_redirects=False,
    )
    assert r.status_code == 303
    assert r.headers["location"] == "/alerts"
    cookie = next(
        v for k, v in r.headers.multi_items() if k == "set-cookie" and SESSION_COOKIE in v
    )
    assert "HttpOnly" in cookie
    assert "SameSite=lax" in cookie
    assert client.get("/alerts").status_code == 200


def test_open_redirects_are_refused(client: TestClient) -> None:
    token = _token(client)
    r = client.post(
        "/login",
        data={
            "username": "analyst",
            "password": PASSWORD,
            "next": "//evil.example",
            "csrf_token": token,
        },
        follow_redirects=False,
    )
    assert r.headers["location"] == "/"


def test_posts_without_a_valid_csrf_token_are_refused(client: TestClient) -> None:
    data = {"username": "analyst", "password": PASSWORD, "next": "/"}
    r = client.post("/login", data=data, follow_redirects=False)
    assert r.status_code == 403
    assert "expired" in r.text
    r = client.post("/api/session", json=data, headers={"x-csrf-token": "forged"})
    assert r.status_code == 403
    assert r.json()["error"]["code"] == "csrf"


def test_wrong_password_is_refused_without_saying_why(client: TestClient) -> None:
    assert _api_login(client, "analyst", "wrong password!") == 403
    assert _api_login(client, "nobody", "wrong password!") == 403
    assert client.get("/api/session").status_code == 401


def test_lockout_after_repeated_failures_then_expiry(app_factory, clock) -> None:  # type: ignore[no-untyped-def]
    with app_factory() as client:
        for _ in range(5):
            assert _api_login(client, "reviewer", "wrong password!") == 403
        assert _api_login(client, "reviewer", PASSWORD) == 403  # locked, right password or not
        clock.advance(minutes=16)
        assert _api_login(client, "reviewer", PASSWORD) == 200


def test_rate_limit_per_client(app_factory, clock) -> None:  # type: ignore[no-untyped-def]
    with app_factory(login_attempts=3) as client:
        for _ in range(3):
            _api_login(client, "nobody", "wrong password!")
        r = client.post(
            "/api/session",
            json={"username": "analyst", "password": PASSWORD},
            headers={"x-csrf-token": _token(client)},
        )
        assert r.status_code == 429
        assert r.json()["error"]["code"] == "rate_limited"
        clock.advance(minutes=2)
        assert _api_login(client, "analyst", PASSWORD) == 200


def test_sign_out_revokes_the_cookie_everywhere(client: TestClient, login: Login) -> None:
    token = login(client, Role.ANALYST)
    stolen = client.cookies.get(SESSION_COOKIE)
    client.post("/logout", data={"csrf_token": token}, follow_redirects=False)
    client.cookies.set(SESSION_COOKIE, str(stolen))
    assert client.get("/api/session").status_code == 401


def test_sessions_expire(client: TestClient, login: Login, clock) -> None:  # type: ignore[no-untyped-def]
    login(client, Role.AUDITOR)
    assert client.get("/api/session").json()["role"] == "auditor"
    clock.advance(hours=9)
    assert client.get("/api/session").status_code == 401


def test_tampered_cookie_is_ignored(client: TestClient, login: Login) -> None:
    login(client, Role.DONOR_VIEWER)
    value = str(client.cookies.get(SESSION_COOKIE))
    client.cookies.set(SESSION_COOKIE, value[:-2] + ("AA" if not value.endswith("AA") else "BB"))
    assert client.get("/api/session").status_code == 401


def test_disabling_a_user_ends_their_session(app_factory, login: Login) -> None:  # type: ignore[no-untyped-def]
    with app_factory() as admin, app_factory() as victim:
        login(victim, Role.ANALYST)
        token = login(admin, Role.ADMIN)
        r = admin.post("/api/users/analyst/active?active=false", headers={"x-csrf-token": token})
        assert r.status_code == 200
        assert r.json()["active"] is False
        assert victim.get("/api/session").status_code == 401
        assert _api_login(victim, "analyst", PASSWORD) == 403


def test_admin_adds_a_user_who_can_sign_in(client: TestClient, login: Login) -> None:
    token = login(client, Role.ADMIN)
    new = {"username": "farida", "role": "reviewer", "password": "a long enough secret"}
    r = client.post("/api/users", json=new, headers={"x-csrf-token": token})
    assert r.status_code == 201, r.text
    again = client.post("/api/users", json=new, headers={"x-csrf-token": token})
    assert again.status_code == 422
    assert "already exists" in again.json()["error"]["message"]
    short = {**new, "username": "zahir", "password": "short"}
    assert client.post("/api/users", json=short, headers={"x-csrf-token": token}).status_code == 422
    assert _api_login(client, "farida", "a long enough secret") == 200
