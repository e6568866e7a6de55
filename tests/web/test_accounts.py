"""Accounts: every change and sign-in in the audit log (desk and command line alike), the
password policy, the last admin kept, and X-Forwarded-For believed only from a trusted proxy."""

from __future__ import annotations

import threading
import time
from collections.abc import Callable, Iterable
from pathlib import Path

import pytest
from fastapi.testclient import TestClient
from typer.testing import CliRunner
from uvicorn.middleware.proxy_headers import ProxyHeadersMiddleware

from aidtrace import audit
from aidtrace.accounts.passwords import common_passwords, is_common
from aidtrace.accounts.users import Role, add_user, set_active, set_role, validate_password
from aidtrace.cli import app as cli
from aidtrace.errors import InputError
from aidtrace.events import Event
from aidtrace.web import create_app
from aidtrace.web.settings import WebSettings
from aidtrace.workspace import Workspace

from .conftest import CHEAP, PASSWORD, audit_events, sign_in

Login = Callable[[TestClient, Role], str]


def _events(path: Path) -> list[tuple[str, dict[str, object]]]:
    with Workspace.open(path, read_only=True) as ws:
        return [(e.kind.value, vars(e)) for e in audit_events(ws)]


def _login(client: TestClient, username: str, password: str, **headers: str) -> int:
    token = client.get("/api/csrf").json()["csrf_token"]
    r = client.post("/api/session", json={"username": username, "password": password},
                    headers={"x-csrf-token": token, **headers})  # fmt: skip
    return r.status_code


def test_desk_account_events_are_audited(app_factory, desk_path: Path) -> None:  # type: ignore[no-untyped-def]
    with app_factory() as client:
        token = sign_in(client, Role.ADMIN)
        new = {"username": "farida", "role": "analyst", "password": "lapis river kettle"}
        assert (
            client.post("/api/users", json=new, headers={"x-csrf-token": token}).status_code == 201
        )
        r = client.post("/api/users/farida/role", json={"role": "reviewer"},
                        headers={"x-csrf-token": token})  # fmt: skip
        assert r.json()["role"] == "reviewer"
        assert client.post("/api/users/farida/active?active=false",
                           headers={"x-csrf-token": token}).status_code == 200  # fmt: skip
        assert _login(client, "farida", "lapis river kettle") == 403  # disabled
        assert _login(client, "no.such.user", "my password here") == 403
        for _ in range(5):
            _login(client, "auditor", "wrong password!")
    events = _events(desk_path)
    kinds = [k for k, _ in events]
    assert kinds.count("signed_in") == 1  # the admin
    created = [(e["actor"], e["role"]) for k, e in events if k == "account_created"
               and e["username"] == "farida"]  # fmt: skip
    assert created == [("admin", "analyst")]
    changed = [e for k, e in events if k == "account_role_changed"]
    assert [(e["actor"], e["old_role"], e["new_role"]) for e in changed] == [
        ("admin", "analyst", "reviewer")
    ]
    assert [(e["actor"], e["active"]) for k, e in events if k == "account_status_changed"] == [
        ("admin", False)
    ]
    refused = [(e["username"], e["locked"]) for k, e in events if k == "sign_in_refused"]
    # The unknown name is not kept (it may be a password typed in the wrong box); the fifth
    # wrong password locks the account.
    assert refused == [("farida", False), ("", False), *[("auditor", False)] * 4,
                       ("auditor", True)]  # fmt: skip


def test_command_line_account_changes_are_audited(desk_path: Path) -> None:
    run = CliRunner().invoke
    base = ["--workspace", str(desk_path), "users"]
    assert run(cli, [*base, "add", "omid", "--role", "auditor", "--password",
                     "amber cactus violin"]).exit_code == 0  # fmt: skip
    assert run(cli, [*base, "disable", "omid"]).exit_code == 0
    events = [(k, e["actor"], e["username"]) for k, e in _events(desk_path)
              if k.startswith("account_") and e["username"] == "omid"]  # fmt: skip
    assert events == [("account_created", "command-line", "omid"),
                      ("account_status_changed", "command-line", "omid")]  # fmt: skip


def test_refused_approval_is_audited(seeded_client: TestClient, seeded_path: Path) -> None:
    token = sign_in(seeded_client, Role.ANALYST)
    alert = seeded_client.get("/api/alerts").json()["alerts"][0]
    case = seeded_client.post("/api/cases", json={"alert_ids": [alert["alert_id"]]},
                              headers={"x-csrf-token": token}).json()["case_id"]  # fmt: skip
    decide = f"/api/cases/{case}/decide"
    body = {"outcome": "cleared", "rationale": "a different person: other birth year"}
    first = seeded_client.post(decide, json=body, headers={"x-csrf-token": token})
    assert first.status_code == 200, first.text
    again = seeded_client.post(decide, json=body, headers={"x-csrf-token": token})
    assert again.status_code == 403  # four-eyes: not the same person twice
    seeded_client.close()
    refused = [e for k, e in _events(seeded_path) if k == "approval_refused"]
    assert [(e["actor"], e["case_id"], e["outcome"]) for e in refused] == [
        ("analyst", case, "cleared")
    ]


@pytest.mark.parametrize(
    "password",
    ["Password123456", "P@ssw0rd2026!", "qwertyuiop12", "1q2w3e4r5t6y", "aaaaaaaaaaaa",
     "Welcome2026!!", "kabul12345678", "adminadminadmin", "123456789012", "Changeme!2025",
     "ILOVEYOU1234", "iloveyou 1234", "afghanistan1", "abcdefghijkl"],
)  # fmt: skip
def test_common_passwords_are_refused(password: str) -> None:
    assert is_common(password)
    with pytest.raises(InputError, match="first any attacker tries"):
        validate_password(password)


@pytest.mark.parametrize(
    "password",
    [
        PASSWORD,
        "lapis river kettle",
        "amber cactus violin",
        "Tw3lve-chars-ok",
        "کابل باغ بالا ۱۴۰۲",
    ],
)
def test_ordinary_passwords_pass(password: str) -> None:
    assert validate_password(password) == password


def test_the_bundled_list_is_a_few_hundred_and_all_refused() -> None:
    listed = common_passwords()
    assert 150 <= len(listed) <= 400
    assert all(is_common(p) for p in listed)


def test_password_naming_the_user_is_refused(desk_path: Path) -> None:
    with Workspace.open(desk_path) as ws, pytest.raises(InputError):
        add_user(ws, "nasrin", "nasrin-at-the-desk", Role.ANALYST, hasher=CHEAP)


def test_the_last_admin_stays(desk_path: Path) -> None:
    with Workspace.open(desk_path) as ws:
        with pytest.raises(InputError, match="last active admin"):
            set_active(ws, "admin", False)
        with pytest.raises(InputError, match="last active admin"):
            set_role(ws, "admin", Role.ANALYST)
        add_user(ws, "second", "lapis river kettle", Role.ADMIN, hasher=CHEAP)
        assert set_role(ws, "admin", Role.AUDITOR).role is Role.AUDITOR
        with pytest.raises(InputError, match="last active admin"):
            set_active(ws, "second", False)


def test_the_last_admin_stays_on_the_desk(client: TestClient) -> None:
    token = sign_in(client, Role.ADMIN)
    r = client.post("/api/users/admin/active?active=false", headers={"x-csrf-token": token})
    assert r.status_code == 422
    assert "last active admin" in r.json()["error"]["message"]
    assert client.get("/api/session").status_code == 200  # still signed in, still admin


def test_a_made_up_forwarded_address_gains_no_attempts(desk_path: Path, clock) -> None:  # type: ignore[no-untyped-def]
    # As `aidtrace serve` runs it: uvicorn believes X-Forwarded-For from loopback and puts the
    # header's address where the app reads the client's (here it trusts the test client).
    app = create_app(desk_path, settings=WebSettings(secure_cookies=False, login_attempts=3),
                     clock=clock)  # fmt: skip
    served = ProxyHeadersMiddleware(app, trusted_hosts="*")
    with TestClient(served, raise_server_exceptions=False) as client:  # type: ignore[arg-type]
        statuses = [
            _login(client, "nobody", "wrong password!", **{"x-forwarded-for": f"10.0.0.{i}"})
            for i in range(6)
        ]
    assert statuses == [403, 403, 403, 429, 429, 429]


def test_a_trusted_proxy_names_the_client(app_factory) -> None:  # type: ignore[no-untyped-def]
    # The in-process client connects from "testclient"; trust it as the proxy.
    with app_factory(login_attempts=2, trusted_proxies=frozenset({"testclient"})) as client:
        statuses = [
            _login(client, "nobody", "wrong password!", **{"x-forwarded-for": f"10.0.0.{i % 3}"})
            for i in range(6)
        ]
        assert statuses == [403, 403, 403, 403, 403, 403]  # three clients, two attempts each
        assert _login(client, "nobody", "x", **{"x-forwarded-for": "10.0.0.1"}) == 429


def test_a_search_is_audited_without_the_name(seeded_client: TestClient, seeded_path: Path) -> None:
    sign_in(seeded_client, Role.AUDITOR)
    assert seeded_client.get("/api/screening?q=Abdul Ghani Baradar").status_code == 200
    assert seeded_client.get("/screening?q=").status_code == 200  # an empty box is no search
    seeded_client.app.state.desk.flush()  # type: ignore[attr-defined]
    searched = [e for k, e in _events(seeded_path) if k == "screening_searched"]
    assert len(searched) == 1
    assert searched[0]["actor"] == "auditor"
    assert searched[0]["query_chars"] == len("Abdul Ghani Baradar")
    assert int(str(searched[0]["hits"])) >= 1
    assert "Baradar" not in str(searched[0])


def test_a_search_during_a_write_is_recorded_after_it(
    seeded_client: TestClient, seeded_path: Path
) -> None:
    sign_in(seeded_client, Role.ANALYST)
    desk = seeded_client.app.state.desk  # type: ignore[attr-defined]
    holding, release = threading.Event(), threading.Event()

    def writer() -> None:
        with desk.workspace():
            holding.set()
            release.wait(120)  # until the search is done, which must not wait for it

    thread = threading.Thread(target=writer)
    thread.start()
    try:
        assert holding.wait(60)
        assert seeded_client.get("/api/screening?q=Baradar").status_code == 200
        assert thread.is_alive()  # the search did not wait for the writer
    finally:
        release.set()
        thread.join(60)
    desk.flush()  # what the audit pages do before they read the log
    assert [e["actor"] for k, e in _events(seeded_path) if k == "screening_searched"] == ["analyst"]


def test_searches_are_appended_in_one_batch_not_one_append_each(
    seeded_client: TestClient, seeded_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    sign_in(seeded_client, Role.ANALYST)
    desk = seeded_client.app.state.desk  # type: ignore[attr-defined]
    desk.flush_every = 600.0  # the timer stays out of it, however long the searches take
    appends: list[int] = []
    real = audit.record_many

    def counting(ws: Workspace, events: Iterable[Event]) -> list[audit.Receipt]:
        batch = list(events)
        appends.append(len(batch))
        return real(ws, batch)

    monkeypatch.setattr(audit, "record_many", counting)
    for typed in ("Bar", "Barad", "Baradar"):  # as-you-type
        assert seeded_client.get(f"/screening/results?q={typed}").status_code == 200
    assert appends == []  # no keystroke waited for an append
    assert seeded_client.get("/api/audit").status_code == 403  # an analyst is no auditor
    desk.flush()
    assert appends == [3]
    searched = [e for k, e in _events(seeded_path) if k == "screening_searched"]
    assert [e["query_chars"] for e in searched] == [3, 5, 7]  # every search, in order


def test_noted_searches_reach_the_log_within_the_flush_interval(
    seeded_client: TestClient, seeded_path: Path
) -> None:
    sign_in(seeded_client, Role.ANALYST)
    desk = seeded_client.app.state.desk  # type: ignore[attr-defined]
    desk.flush_every = 0.05
    assert seeded_client.get("/api/screening?q=Baradar").status_code == 200
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline and desk.pending_events():
        time.sleep(0.02)
    assert desk.pending_events() == 0  # no write, no close, no audit page: the timer flushed
    assert [e["actor"] for k, e in _events(seeded_path) if k == "screening_searched"] == ["analyst"]


def test_the_audit_page_shows_searches_made_before_it(
    seeded_client: TestClient, seeded_path: Path
) -> None:
    sign_in(seeded_client, Role.AUDITOR)
    before = seeded_client.get("/api/audit").json()["head"]["tree_size"]
    assert seeded_client.get("/api/screening?q=Baradar").status_code == 200
    after = seeded_client.get("/api/audit").json()["head"]["tree_size"]
    assert after == before + 1  # the search's event is under the head the page shows
