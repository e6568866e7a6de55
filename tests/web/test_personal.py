"""Personal data on the desk: only for roles allowed, only with a reason, every view logged."""

from __future__ import annotations

import csv
from collections.abc import Callable, Iterator
from datetime import timedelta
from pathlib import Path

import pytest
from fastapi.testclient import TestClient

from aidtrace.accounts.users import Role
from aidtrace.alerts.model import Alert, Severity
from aidtrace.alerts.store import save_alerts
from aidtrace.events import EventKind
from aidtrace.ingest import get_importer
from aidtrace.people.access import access_log
from aidtrace.progress import no_progress
from aidtrace.web import create_app
from aidtrace.web.personal import RevealLimit
from aidtrace.web.settings import WebSettings
from aidtrace.workspace import Workspace

from .conftest import audit_events

Login = Callable[[TestClient, Role], str]
COLUMNS = {  # header → HXL, as in docs/formats.md
    "member_id": "#beneficiary+id",
    "household_id": "#household+id",
    "list_id": "#meta+list",
    "agency_org_id": "#org+id",
    "given_name": "#beneficiary+name+given",
    "father_name": "#beneficiary+name+father",
    "grandfather_name": "#beneficiary+name+grandfather",
    "family_name": "#beneficiary+name+family",
    "name_fa": "#beneficiary+name+i_fa",
    "gender": "#beneficiary+gender",
    "birth_year": "#beneficiary+birth+year",
    "birth_year_sh": "#beneficiary+birth+year+solar_hijri",
    "age": "#beneficiary+age",
    "phone": "#contact+phone",
    "tazkira": "#beneficiary+id+tazkira",
    "district_code": "#adm2+code",
    "village": "#loc+village",
    "enumerator_id": "#enumerator+id",
    "registered_on": "#date+registered",
    "household_size": "#household+size",
}
ROW = {
    "member_id": "M000001", "household_id": "H0001", "list_id": "L1", "agency_org_id": "ORG-1",
    "given_name": "Gul Ahmad", "father_name": "Noor Mohammad", "grandfather_name": "Sher",
    "family_name": "Ahmadzai", "name_fa": "گل احمد", "gender": "m", "birth_year": "1984",
    "birth_year_sh": "1363", "age": "41", "phone": "0700123456", "tazkira": "1399-0101-12345",
    "district_code": "AF0101", "village": "Qala-e Now", "enumerator_id": "E1",
    "registered_on": "2025-01-05", "household_size": "6",
}  # fmt: skip


@pytest.fixture
def person_client(seeded_path: Path, tmp_path: Path, clock) -> Iterator[tuple[TestClient, str]]:  # type: ignore[no-untyped-def]
    source = tmp_path / "beneficiaries.csv"
    with source.open("w", newline="", encoding="utf-8") as fh:
        out = csv.writer(fh)
        out.writerows([list(COLUMNS), list(COLUMNS.values()), [ROW[c] for c in COLUMNS]])
    with Workspace.open(seeded_path, clock=clock) as ws:
        get_importer("beneficiaries").load(ws, source, no_progress)
        alert = Alert("integrity", "1", "ghost_beneficiary", "beneficiary:M000001", 0.9,
                      "possible ghost beneficiary", severity=Severity.HIGH)  # fmt: skip
        save_alerts(ws, [alert], "test")
    app = create_app(seeded_path, settings=WebSettings(secure_cookies=False), clock=clock)
    with TestClient(app, raise_server_exceptions=False) as client:
        yield client, alert.alert_id


def test_reveal_needs_the_right_role_and_a_reason(person_client, login: Login) -> None:  # type: ignore[no-untyped-def]
    client, alert_id = person_client
    token = login(client, Role.AUDITOR)
    url = "/api/people/beneficiary:M000001/reveal"
    assert (
        client.post(
            url, json={"reason": "case review"}, headers={"x-csrf-token": token}
        ).status_code
        == 403
    )
    page = client.get(f"/alerts/{alert_id}")
    assert "Gul" not in page.text
    assert 'data-testid="personal"' not in page.text
    token = login(client, Role.ANALYST)
    assert (
        client.post(url, json={"reason": "why"}, headers={"x-csrf-token": token}).status_code == 422
    )
    page = client.get(f"/alerts/{alert_id}")
    assert 'data-testid="personal"' in page.text
    assert "Gul Ahmad" not in page.text  # nothing shown until asked, with a reason
    shown = client.post(
        f"/alerts/{alert_id}/reveal",
        data={"reason": "checking a ghost beneficiary alert", "csrf_token": token},
    )
    assert shown.status_code == 200
    assert "Gul Ahmad" in shown.text
    assert "گل احمد" in shown.text


def test_every_view_is_logged(person_client, login: Login, seeded_path: Path) -> None:  # type: ignore[no-untyped-def]
    client, _ = person_client
    token = login(client, Role.REVIEWER)
    r = client.post(
        "/api/people/beneficiary:M000001/reveal",
        json={"reason": "four-eyes review of case"},
        headers={"x-csrf-token": token},
    )
    assert r.status_code == 200
    assert r.json()["fields"]["phone"] == "0700123456"
    client.close()
    with Workspace.open(seeded_path) as ws:
        (row,) = access_log(ws, "beneficiary:M000001")
    assert (row["actor"], row["reason"], row["outcome"]) == (
        "reviewer",
        "four-eyes review of case",
        "shown",
    )


def _people(n: int, first: int = 2) -> list[str]:
    """``n`` more beneficiaries (M000002, ...), none of them named by any alert."""
    return [f"beneficiary:M{i:06d}" for i in range(first, first + n)]


@pytest.fixture
def crowd_client(seeded_path: Path, tmp_path: Path, clock) -> Iterator[tuple[TestClient, str]]:  # type: ignore[no-untyped-def]
    """One person named by an alert (M000001) and 30 nobody has flagged (M000002...)."""
    source = tmp_path / "beneficiaries.csv"
    with source.open("w", newline="", encoding="utf-8") as fh:
        out = csv.writer(fh)
        out.writerows([list(COLUMNS), list(COLUMNS.values())])
        for i in range(1, 32):
            out.writerow([{**ROW, "member_id": f"M{i:06d}", "household_id": f"H{i:04d}",
                           "tazkira": f"1399-0101-{i:05d}"}[c] for c in COLUMNS])  # fmt: skip
    with Workspace.open(seeded_path, clock=clock) as ws:
        get_importer("beneficiaries").load(ws, source, no_progress)
        alert = Alert("integrity", "1", "ghost_beneficiary", "beneficiary:M000001", 0.9,
                      "possible ghost beneficiary", severity=Severity.HIGH)  # fmt: skip
        save_alerts(ws, [alert], "test")
    app = create_app(seeded_path, settings=WebSettings(secure_cookies=False), clock=clock)
    with TestClient(app, raise_server_exceptions=False) as client:
        yield client, alert.alert_id


REASON = "checking the ghost beneficiary alert"


def _reveal(client: TestClient, token: str, person: str, reason: str = REASON) -> int:
    r = client.post(f"/api/people/{person}/reveal", json={"reason": reason},
                    headers={"x-csrf-token": token})  # fmt: skip
    return r.status_code


def test_only_people_an_alert_names_can_be_revealed(crowd_client, login: Login) -> None:  # type: ignore[no-untyped-def]
    client, _ = crowd_client
    token = login(client, Role.ANALYST)
    # What the issue measured: 30 unrelated people, one after the other, "curious!!".
    statuses = [_reveal(client, token, p, "curious!!") for p in _people(30)]
    assert set(statuses) == {403}
    assert [_reveal(client, token, p) for p in _people(30)] == [403] * 30
    assert _reveal(client, token, "beneficiary:M000001") == 200


@pytest.mark.parametrize(
    ("person", "reason", "status"),
    [
        ("beneficiary:NOPE", REASON, 404),  # unknown ids are not found, not an empty 200
        ("M-000001", REASON, 404),
        ("beneficiary:M000001", "curious!!", 422),
        ("beneficiary:M000001", "..........", 422),
        ("beneficiary:M000001", "x x x x x x x", 422),
        ("beneficiary:M000001", "check check check", 422),
        ("beneficiary:M000001", "checking ghost alert", 200),
        ("beneficiary:M000001", "بررسی هشدار ذینفع جعلی", 200),
    ],
)
def test_unknown_people_and_empty_reasons_are_refused(  # type: ignore[no-untyped-def]
    crowd_client, login: Login, person: str, reason: str, status: int
) -> None:
    client, _ = crowd_client
    token = login(client, Role.REVIEWER)
    assert _reveal(client, token, person, reason) == status


def test_bulk_reveals_are_throttled_and_reported(  # type: ignore[no-untyped-def]
    crowd_client, login: Login, seeded_path: Path
) -> None:
    client, _ = crowd_client
    client.app.state.desk.settings = WebSettings(  # type: ignore[attr-defined]
        secure_cookies=False, reveal_limit=RevealLimit(people=3, window=timedelta(minutes=10))
    )
    token = login(client, Role.ANALYST)
    statuses = [_reveal(client, token, "beneficiary:M000001") for _ in range(5)]
    assert statuses == [200, 200, 200, 429, 429]
    login(client, Role.AUDITOR)
    flagged = client.get("/api/alerts?kind=bulk_reveal").json()["alerts"]
    assert [a["subject"] for a in flagged] == ["user:analyst"]
    report = {u["actor"]: u for u in client.get("/api/audit/reveals").json()}
    assert report["analyst"]["shown"] == 3
    assert report["analyst"]["refused"] == {"throttled": 2}
    client.close()
    with Workspace.open(seeded_path) as ws:
        kinds = [e.kind for e in audit_events(ws)]
    assert kinds.count(EventKind.REVEAL_REFUSED) == 2


def test_the_reveal_report_names_users_and_reasons_not_values(  # type: ignore[no-untyped-def]
    crowd_client, login: Login
) -> None:
    client, _ = crowd_client
    token = login(client, Role.REVIEWER)
    assert _reveal(client, token, "beneficiary:M000001") == 200
    assert _reveal(client, token, "beneficiary:M000002") == 403
    for role in (Role.ADMIN, Role.AUDITOR):
        login(client, role)
        page = client.get("/audit/reveals")
        assert page.status_code == 200
        assert 'href="/audit/reveals/reviewer"' in page.text
        detail = client.get("/audit/reveals/reviewer").text
        assert REASON in detail
        assert "refused: not needed" in detail
        assert "Gul" not in detail
        assert "0700123456" not in detail
    login(client, Role.ANALYST)
    assert client.get("/audit/reveals").status_code == 403
