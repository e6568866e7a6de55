"""Security headers, the one error shape, pages that render on an empty workspace."""

from __future__ import annotations

from collections.abc import Callable

import pytest
from fastapi.testclient import TestClient

from aidtrace.accounts.users import Role

Login = Callable[[TestClient, Role], str]


@pytest.mark.parametrize("path", ["/login", "/api/health", "/static/app.css", "/api/alerts"])
def test_security_headers_on_every_response(client: TestClient, path: str) -> None:
    r = client.get(path)
    csp = r.headers["content-security-policy"]
    assert "frame-ancestors 'none'" in csp
    assert "script-src 'self'" in csp
    assert "unsafe" not in csp
    assert r.headers["x-content-type-options"] == "nosniff"
    assert r.headers["x-frame-options"] == "DENY"


def test_pages_are_not_cached_but_static_files_may_be(client: TestClient) -> None:
    assert client.get("/login").headers["cache-control"] == "no-store"
    assert "cache-control" not in client.get("/static/app.css").headers


@pytest.mark.parametrize(
    ("path", "status", "code"),
    [
        ("/api/alerts?page=0", 422, "input"),
        ("/api/alerts?severity=apocalyptic", 422, "input"),
        ("/api/alerts?sort=;drop table alerts", 422, "input"),
        ("/api/alerts/0123456789abcdef", 404, "not_found"),
        ("/api/alerts/NOT-HEX", 422, "input"),
        ("/api/screening?q=" + "x" * 300, 422, "input"),
        ("/api/nowhere", 404, "http"),
    ],
)
def test_one_error_shape(
    client: TestClient, login: Login, path: str, status: int, code: str
) -> None:
    login(client, Role.ANALYST)
    r = client.get(path)
    assert r.status_code == status
    body = r.json()
    assert set(body) == {"error"}
    assert body["error"]["code"] == code
    assert body["error"]["message"]
    assert "Traceback" not in r.text


def test_error_pages_for_people(client: TestClient, login: Login) -> None:
    login(client, Role.DONOR_VIEWER)
    r = client.get("/alerts")
    assert r.status_code == 403
    assert "Not allowed" in r.text
    assert "Traceback" not in r.text
    r = client.get("/alerts?page=-3")
    assert r.status_code == 403  # authorisation comes before validation


def test_anonymous_pages_redirect_to_sign_in(client: TestClient) -> None:
    r = client.get("/alerts?kind=x", follow_redirects=False)
    assert r.status_code == 303
    assert r.headers["location"] == "/login?next=/alerts"


@pytest.mark.parametrize("role", list(Role))
def test_every_page_in_the_nav_renders_for_its_role(
    client: TestClient, login: Login, role: Role
) -> None:
    login(client, role)
    home = client.get("/")
    assert home.status_code == 200
    links = [
        seg.split('"')[0]
        for seg in home.text.split("<nav>")[1].split("</nav>")[0].split('href="')[1:]
    ]
    assert links[0] == "/"
    for link in links:
        assert client.get(link).status_code == 200, link
    if role is Role.DONOR_VIEWER:
        assert links == ["/"]
