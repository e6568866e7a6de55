"""Second factors on the Users page: who has one, an admin setting one up (a QR code drawn as
inline SVG, shown once) and removing one (a confirmation step, a reason, audited, CSRF)."""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator
from pathlib import Path
from urllib.parse import parse_qs, urlparse

import pytest
from fastapi.testclient import TestClient

from aidtrace.accounts.totp import code_at, enable_totp, enrolled, time_step
from aidtrace.accounts.users import Role
from aidtrace.web.qr import qr_svg
from aidtrace.workspace import Workspace

from .conftest import PASSWORD, USERS, FakeClock, audit_events, csrf, sign_in
from .test_i18n_pages import english_left

ANALYST = USERS[Role.ANALYST]


@pytest.fixture
def admin(app_factory: Callable[..., TestClient]) -> Iterator[TestClient]:
    with app_factory() as client:
        sign_in(client, Role.ADMIN)
        yield client


def _enrolled(path: Path) -> set[str]:
    with Workspace.open(path, read_only=True) as ws:
        return enrolled(ws)


def _events(path: Path, kind: str) -> list[dict[str, object]]:
    with Workspace.open(path, read_only=True) as ws:
        return [vars(e) for e in audit_events(ws) if e.kind == kind]


def _signs_in(client: TestClient, code: str | None = None) -> int:
    body = {"username": ANALYST, "password": PASSWORD} | ({"code": code} if code else {})
    return client.post(
        "/api/session", json=body, headers={"x-csrf-token": csrf(client)}
    ).status_code


def test_the_users_page_says_who_has_a_second_factor(admin: TestClient, desk_path: Path) -> None:
    with Workspace.open(desk_path) as ws:
        enable_totp(ws, ANALYST)
    listed = {u["username"]: u["totp"] for u in admin.get("/api/users").json()}
    assert listed == {name: name == ANALYST for name in USERS.values()}
    html = admin.get("/users").text
    cell = html.split(f'data-testid="totp-{ANALYST}">')[1].split("</td>")[0]
    assert f'href="/users/{ANALYST}/totp/remove"' in cell
    other = html.split('data-testid="totp-reviewer">')[1].split("</td>")[0]
    assert 'action="/users/reviewer/totp"' in other
    assert 'name="csrf_token"' in other


def test_an_admin_sets_one_up_and_the_qr_code_is_inline_svg(
    admin: TestClient, desk_path: Path, clock: FakeClock, app_factory: Callable[..., TestClient]
) -> None:
    page = admin.post(f"/users/{ANALYST}/totp", data={"csrf_token": csrf(admin)})
    assert page.status_code == 200
    html = page.text
    svg = re.search(r"<svg .*?</svg>", html, re.S)
    assert svg is not None
    assert 'data-testid="totp-qr"' in svg.group(0)
    assert "<script" not in svg.group(0)
    assert "style=" not in svg.group(0)
    assert "<img" not in html  # nothing fetched from elsewhere: the code is in the page
    uri = html.split('data-testid="totp-uri">')[1].split("</code>")[0].replace("&amp;", "&")
    secret = html.split('data-testid="totp-secret">')[1].split("</code>")[0]
    assert parse_qs(urlparse(uri).query)["secret"] == [secret]
    assert str(qr_svg(uri, "x")).split("</title>")[1] in svg.group(0)  # the QR of that URI
    assert _enrolled(desk_path) == {ANALYST}
    assert [e["actor"] for e in _events(desk_path, "second_factor_enabled")] == ["admin"]
    with app_factory() as analyst:
        assert _signs_in(analyst) == 403
        assert _signs_in(analyst, code_at(secret, time_step(clock()))) == 200
    # Once set up, it stays until removed: a second enrolment is refused.
    again = admin.post(f"/api/users/{ANALYST}/totp", headers={"x-csrf-token": csrf(admin)})
    assert again.status_code == 422


def test_removing_one_asks_for_confirmation_and_a_reason(
    admin: TestClient, desk_path: Path, app_factory: Callable[..., TestClient]
) -> None:
    with Workspace.open(desk_path) as ws:
        enable_totp(ws, ANALYST)
    url = f"/users/{ANALYST}/totp/remove"
    confirm = admin.get(url).text
    assert f'action="{url}"' in confirm
    assert 'name="reason" required minlength="8"' in confirm
    assert _enrolled(desk_path) == {ANALYST}  # asking is not removing
    token = csrf(admin)
    assert admin.post(url, data={"reason": "phone lost on a field trip"}).status_code == 403
    short = admin.post(url, data={"csrf_token": token, "reason": "lost"})
    assert short.status_code == 422
    assert _enrolled(desk_path) == {ANALYST}
    done = admin.post(url, data={"csrf_token": token, "reason": "phone  lost on a field trip"},
                      follow_redirects=False)  # fmt: skip
    assert (done.status_code, done.headers["location"]) == (303, "/users")
    assert _enrolled(desk_path) == set()
    removed = _events(desk_path, "second_factor_disabled")
    assert [(e["actor"], e["username"], e["reason"]) for e in removed] == [
        ("admin", ANALYST, "phone lost on a field trip")
    ]
    with app_factory() as analyst:
        assert _signs_in(analyst) == 200  # the password alone, until set up again


def test_the_json_api_sets_up_and_removes(admin: TestClient, desk_path: Path) -> None:
    headers = {"x-csrf-token": csrf(admin)}
    made = admin.post("/api/users/reviewer/totp", headers=headers)
    assert made.status_code == 201
    assert made.json()["uri"].startswith("otpauth://totp/aidtrace:reviewer")
    body = {"reason": "new phone, enrolling again"}
    gone = admin.post("/api/users/reviewer/totp/remove", json=body, headers=headers)
    assert gone.status_code == 200
    assert gone.json()["totp"] is False
    again = admin.post("/api/users/reviewer/totp/remove", json=body, headers=headers)
    assert again.status_code == 422  # nothing left to remove


@pytest.mark.parametrize("role", [Role.ANALYST, Role.REVIEWER, Role.AUDITOR])
def test_only_admins_manage_second_factors(
    app_factory: Callable[..., TestClient], desk_path: Path, role: Role
) -> None:
    with Workspace.open(desk_path) as ws:
        enable_totp(ws, USERS[Role.DONOR_VIEWER])
    with app_factory() as client:
        headers = {"x-csrf-token": sign_in(client, role)}
        assert client.post(f"/api/users/{ANALYST}/totp", headers=headers).status_code == 403
        assert client.get("/users/donor-viewer/totp/remove").status_code == 403
        body = {"reason": "trying my luck here"}
        assert (
            client.post(
                "/api/users/donor-viewer/totp/remove", json=body, headers=headers
            ).status_code
            == 403
        )
    assert _enrolled(desk_path) == {USERS[Role.DONOR_VIEWER]}


@pytest.mark.parametrize("lang", ["fa_AF", "ps"])
def test_the_pages_speak_dari_and_pashto(admin: TestClient, lang: str) -> None:
    admin.cookies.set("lang", lang)
    enrolment = admin.post(f"/users/{ANALYST}/totp", data={"csrf_token": csrf(admin)}).text
    pages = [admin.get("/users").text, enrolment, admin.get(f"/users/{ANALYST}/totp/remove").text]
    for html in pages:
        assert 'dir="rtl"' in html
        assert not english_left(html), english_left(html)
