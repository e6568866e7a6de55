"""Case queues: what awaits my approval, what is mine, what is overdue (SLA per severity, set by
the desk), with assignee and age; bulk actions on alerts and cases; CSV exports a spreadsheet
opens without running formulas."""

from __future__ import annotations

import csv
import io
import re
from collections.abc import Callable, Iterator
from datetime import datetime, timedelta
from pathlib import Path

import pytest
from fastapi.testclient import TestClient
from openpyxl import load_workbook  # type: ignore[import-untyped]

from aidtrace.accounts.users import Role
from aidtrace.alerts.model import Alert, Severity
from aidtrace.alerts.store import save_alerts
from aidtrace.cases import SLA
from aidtrace.web import create_app
from aidtrace.web.export import XLSX_TYPE, safe_cell
from aidtrace.web.settings import WebSettings
from aidtrace.workspace import Workspace

from .conftest import USERS, FakeClock, sign_in

ANALYST, REVIEWER = USERS[Role.ANALYST], USERS[Role.REVIEWER]


def _alert(subject: str, severity: Severity, summary: str = "a finding") -> Alert:
    return Alert("integrity", "1", "duplicate_person", subject, 0.9, summary, severity=severity)


ALERTS = [
    _alert("cluster:beneficiary:B0001", Severity.CRITICAL),
    _alert("cluster:beneficiary:B0002", Severity.HIGH),
    _alert('=HYPERLINK("http://evil")', Severity.LOW, summary="@SUM(1+1)"),
]


@pytest.fixture
def queue_app(desk_path: Path, clock: FakeClock) -> Callable[..., TestClient]:
    with Workspace.open(desk_path, clock=clock) as ws:
        save_alerts(ws, ALERTS, "run-1")

    def make(**settings: object) -> TestClient:
        app = create_app(desk_path, settings=WebSettings(secure_cookies=False, **settings),
                         clock=clock)  # type: ignore[arg-type]  # fmt: skip
        return TestClient(app, raise_server_exceptions=False)

    return make


@pytest.fixture
def desk(queue_app: Callable[..., TestClient]) -> Iterator[TestClient]:
    with queue_app() as c:
        yield c


def _open_all(
    client: TestClient, token: str, **extra: object
) -> dict[str, list[dict[str, object]]]:
    ids = [a.alert_id for a in ALERTS]
    r = client.post("/api/alerts/bulk", json={"alert_ids": ids, **extra},
                    headers={"x-csrf-token": token})  # fmt: skip
    assert r.status_code == 200, r.text
    result: dict[str, list[dict[str, object]]] = r.json()
    return result


def _bulk(client: TestClient, token: str, **body: object) -> dict[str, list[object]]:
    r = client.post("/api/cases/bulk", json=body, headers={"x-csrf-token": token})
    assert r.status_code == 200, r.text
    result: dict[str, list[object]] = r.json()
    return result


def _queue(client: TestClient, queue: str = "") -> dict[str, object]:
    r = client.get(f"/api/cases?queue={queue}" if queue else "/api/cases")
    assert r.status_code == 200, r.text
    body: dict[str, object] = r.json()
    return body


def _case_of(client: TestClient, subject_alert: Alert) -> str:
    rows = _queue(client, "all")["cases"]
    assert isinstance(rows, list)
    for row in rows:
        case = client.get(f"/api/cases/{row['case_id']}").json()
        if subject_alert.alert_id in case["case"]["alert_ids"]:
            return str(row["case_id"])
    raise AssertionError("no case for the alert")


def test_bulk_open_assigns_each_new_case_and_refuses_alerts_already_in_one(
    desk: TestClient,
) -> None:
    token = sign_in(desk, Role.ANALYST)
    first = _open_all(desk, token, assignee=ANALYST)
    assert len(first["opened"]) == 3
    assert not first["refused"]
    again = _open_all(desk, token)
    assert not again["opened"]
    assert len(again["refused"]) == 3
    assert "already in an open case" in str(again["refused"][0]["why"])
    mine = _queue(desk, "mine")
    assert mine["counts"]["mine"] == 3  # type: ignore[index]
    rows = mine["cases"]
    assert isinstance(rows, list)
    assert [r["severity"] for r in rows] == ["critical", "high", "low"]  # most urgent first
    assert {r["assignee"] for r in rows} == {ANALYST}


def test_together_opens_one_case_over_every_selected_alert(desk: TestClient) -> None:
    token = sign_in(desk, Role.ANALYST)
    result = _open_all(desk, token, together=True)
    assert len(result["opened"]) == 1
    assert len(result["opened"][0]["alert_ids"]) == 3
    assert _queue(desk, "unassigned")["counts"]["unassigned"] == 1  # type: ignore[index]


@pytest.mark.parametrize("assignee", [USERS[Role.DONOR_VIEWER], USERS[Role.AUDITOR], "nobody"])
def test_a_case_goes_only_to_someone_who_works_cases(desk: TestClient, assignee: str) -> None:
    token = sign_in(desk, Role.ANALYST)
    refused = desk.post("/api/alerts/bulk", json={"alert_ids": [ALERTS[0].alert_id],
                        "assignee": assignee}, headers={"x-csrf-token": token})  # fmt: skip
    assert refused.status_code == 422
    _open_all(desk, token)
    case_id = _case_of(desk, ALERTS[0])
    r = desk.post(f"/api/cases/{case_id}/assign", json={"assignee": assignee},
                  headers={"x-csrf-token": token})  # fmt: skip
    assert r.status_code == 422, r.text
    assert desk.get(f"/api/cases/{case_id}").json()["case"]["assignee"] is None


def test_a_proposal_awaits_the_reviewers_approval_not_the_proposers(desk: TestClient) -> None:
    token = sign_in(desk, Role.ANALYST)
    _open_all(desk, token)
    case_id = _case_of(desk, ALERTS[1])
    proposed = _bulk(desk, token, case_ids=[case_id], outcome="cleared", rationale="same person")
    assert proposed == {"done": [case_id], "refused": []}
    analyst_view = _queue(desk)
    assert analyst_view["counts"]["approval"] == 0  # type: ignore[index]
    assert analyst_view["queue"] == "open"  # nothing is assigned to the analyst either
    desk.post("/logout", data={"csrf_token": token})
    token = sign_in(desk, Role.REVIEWER)
    view = _queue(desk)
    assert view["queue"] == "approval"  # the reviewer's desk opens on what awaits them
    rows = view["cases"]
    assert isinstance(rows, list)
    assert [(r["case_id"], r["proposed_by"], r["proposed_outcome"]) for r in rows] == [
        (case_id, ANALYST, "cleared")
    ]
    page = desk.get("/cases")
    assert page.status_code == 200
    assert 'data-testid="proposal"' in page.text
    confirmed = _bulk(desk, token, case_ids=[case_id], outcome="cleared", rationale="agreed")
    assert confirmed["done"] == [case_id]
    assert _queue(desk, "approval")["cases"] == []


def test_bulk_names_each_refused_case_and_does_the_rest(desk: TestClient) -> None:
    token = sign_in(desk, Role.ANALYST)
    _open_all(desk, token)
    case_id = _case_of(desk, ALERTS[0])
    _bulk(desk, token, case_ids=[case_id], outcome="cleared", rationale="one")
    other = _case_of(desk, ALERTS[1])
    # The analyst cannot confirm their own proposal; the other case is proposed all the same.
    body: dict[str, list[dict[str, str]]] = _bulk(  # type: ignore[assignment]
        desk, token, case_ids=[case_id, other], outcome="cleared", rationale="two"
    )
    assert body["done"] == [other]
    assert [x["case_id"] for x in body["refused"]] == [case_id]
    assert "four-eyes" in body["refused"][0]["why"] or "may not" in body["refused"][0]["why"]
    empty = desk.post(
        "/api/cases/bulk", headers={"x-csrf-token": token}, json={"case_ids": [other]}
    )
    assert empty.status_code == 422


def test_overdue_follows_the_sla_per_severity_and_the_desks_setting(
    queue_app: Callable[..., TestClient], clock: FakeClock
) -> None:
    with queue_app() as desk:
        token = sign_in(desk, Role.ANALYST)
        _open_all(desk, token)
        clock.advance(days=2)  # past the critical SLA (1 day), within the high one (3 days)
        sign_in(desk, Role.ANALYST)  # the session of two days ago has expired
        overdue = _queue(desk, "overdue")["cases"]
        assert isinstance(overdue, list)
        assert [(r["severity"], r["age_days"]) for r in overdue] == [("critical", 2.0)]
        page = desk.get("/cases?queue=overdue")
        assert page.status_code == 200
        assert 'data-testid="overdue"' in page.text
        case = desk.get(f"/api/cases/{overdue[0]['case_id']}").json()
        assert case["overdue"] is True
    relaxed = {**SLA, Severity.CRITICAL: timedelta(days=5)}
    with queue_app(case_sla=relaxed) as desk:
        sign_in(desk, Role.ANALYST)
        assert _queue(desk, "overdue")["cases"] == []


def test_the_case_queue_page_works_selected_cases_from_a_form(desk: TestClient) -> None:
    token = sign_in(desk, Role.ANALYST)
    page = desk.post("/alerts/bulk?severity=critical", data={
        "csrf_token": token, "alert_id": [ALERTS[0].alert_id, ALERTS[1].alert_id]})  # fmt: skip
    assert page.status_code == 200
    assert 'data-testid="bulk-result"' in page.text
    assert "Cases opened: 2" in page.text
    ids = [str(r["case_id"]) for r in _queue(desk, "open")["cases"]]  # type: ignore[union-attr]
    page = desk.post("/cases/bulk", data={"csrf_token": token, "case_id": ids,
                     "assignee": REVIEWER, "queue": "all"})  # fmt: skip
    assert page.status_code == 200
    assert "Cases done: 2" in page.text
    assert page.text.count(f'data-testid="case-assignee">{REVIEWER}<') == 2


def _csv(text: str) -> list[dict[str, str]]:
    assert text.startswith("\ufeff")
    return list(csv.DictReader(io.StringIO(text[1:])))


def test_exports_defuse_formulas_from_imported_text(desk: TestClient) -> None:
    token = sign_in(desk, Role.ANALYST)
    alerts = _csv(desk.get("/alerts.csv").text)
    assert len(alerts) == 3  # every matching alert, not a page
    risky = next(a for a in alerts if a["alert_id"] == ALERTS[2].alert_id)
    assert risky["subject"] == '\'=HYPERLINK("http://evil")'
    assert risky["summary"] == "'@SUM(1+1)"
    assert len(_csv(desk.get("/alerts.csv?severity=critical").text)) == 1
    r = desk.post("/api/cases", json={"alert_ids": [ALERTS[2].alert_id], "title": "-2+3"},
                  headers={"x-csrf-token": token})  # fmt: skip
    assert r.status_code == 201
    export = desk.get("/cases.csv?queue=all")
    assert export.headers["content-type"].startswith("text/csv")
    assert "attachment" in export.headers["content-disposition"]
    (row,) = _csv(export.text)
    assert row["title"] == "'-2+3"
    assert row["severity"] == "low"
    assert row["overdue"] == "no"


def _xlsx(body: bytes) -> list[dict[str, object]]:
    """The rows of an exported workbook, with every cell's type checked: no formula cells."""
    book = load_workbook(io.BytesIO(body))
    (sheet,) = book.worksheets
    rows = list(sheet.iter_rows())
    header = [str(c.value) for c in rows[0]]
    for row in rows[1:]:
        for cell in row:
            assert cell.data_type != "f", (cell.coordinate, cell.value)
    return [dict(zip(header, (c.value for c in row), strict=True)) for row in rows[1:]]


def test_xlsx_exports_hold_the_same_rows_as_text_never_formulas(desk: TestClient) -> None:
    token = sign_in(desk, Role.ANALYST)
    export = desk.get("/alerts.xlsx")
    assert export.status_code == 200
    assert export.headers["content-type"] == XLSX_TYPE
    assert 'filename="alerts.xlsx"' in export.headers["content-disposition"]
    alerts = _xlsx(export.content)
    assert len(alerts) == 3
    risky = next(a for a in alerts if a["alert_id"] == ALERTS[2].alert_id)
    assert risky["subject"] == '\'=HYPERLINK("http://evil")'
    assert risky["summary"] == "'@SUM(1+1)"
    assert len(_xlsx(desk.get("/alerts.xlsx?severity=critical").content)) == 1
    r = desk.post("/api/cases", json={"alert_ids": [ALERTS[2].alert_id], "title": "=2+3"},
                  headers={"x-csrf-token": token})  # fmt: skip
    assert r.status_code == 201
    cases = desk.get("/cases.xlsx?queue=all")
    assert 'filename="cases-all.xlsx"' in cases.headers["content-disposition"]
    (row,) = _xlsx(cases.content)
    assert row["title"] == "'=2+3"
    assert row["overdue"] == "no"
    assert row["alerts"] == 1  # numbers stay numbers
    assert isinstance(row["opened_at"], datetime)  # and times are times (UTC)
    page = desk.get("/cases?queue=all").text
    assert 'href="/cases.xlsx?queue=all"' in page
    assert 'href="/alerts.xlsx"' in desk.get("/alerts").text


@pytest.mark.parametrize(
    ("value", "cell"),
    [
        ("=1+1", "'=1+1"),
        ("+1", "'+1"),
        ("-1", "'-1"),
        ("@A1", "'@A1"),
        ("\t=1", "'\t=1"),
        ("\r=1", "'\r=1"),
        ("  =1", "'  =1"),
        ("\uff1d1", "'\uff1d1"),
        ("Ahmad Khan", "Ahmad Khan"),
        ("", ""),
        (None, ""),
        (-3, -3),
        (0.5, 0.5),
        (True, "yes"),
    ],
)
def test_safe_cell(value: object, cell: object) -> None:
    assert safe_cell(value) == cell


@pytest.mark.parametrize("role", list(Role))
def test_the_cases_page_opens_for_those_who_read_alerts(desk: TestClient, role: Role) -> None:
    sign_in(desk, role)
    status = {Role.ANALYST: 200, Role.REVIEWER: 200, Role.AUDITOR: 200}.get(role, 403)
    assert desk.get("/cases").status_code == status
    assert desk.get("/cases.csv").status_code == status
    assert desk.get("/cases.xlsx").status_code == status
    assert desk.get("/alerts.xlsx").status_code == status


def _ages(html: str) -> list[tuple[str, str]]:
    """(age, SLA note) of each row of a case queue page, most urgent first."""
    ages = re.findall(r'data-testid="case-age"[^>]*>([^<]*)<', html)
    notes = re.findall(r'data-testid="(?:overdue|sla-left)">([^<]*)<', html)
    return list(zip(ages, notes, strict=True))


@pytest.mark.parametrize(
    ("hours", "expected"),
    [
        (0.5, [("30 min", "23 h left"), ("30 min", "2 d 23 h left")]),
        (5, [("5 h", "19 h left"), ("5 h", "2 d 19 h left")]),
        (26, [("26 h", "overdue by 2 h"), ("26 h", "46 h left")]),
        (75, [("3 d 3 h", "overdue by 2 d 3 h"), ("3 d 3 h", "overdue by 3 h")]),
    ],
)
def test_case_age_and_time_left_read_in_minutes_hours_and_days(
    desk: TestClient, clock: FakeClock, hours: float, expected: list[tuple[str, str]]
) -> None:
    token = sign_in(desk, Role.ANALYST)
    _open_all(desk, token)
    clock.advance(hours=hours)
    sign_in(desk, Role.ANALYST)  # a long wait outlives the session
    html = desk.get("/cases?queue=open").text
    assert _ages(html)[:2] == expected  # the critical case, then the high one
    assert "0.0" not in re.findall(r'data-testid="case-age"[^>]*>([^<]*)<', html)
    cases = _queue(desk, "open")["cases"]
    assert isinstance(cases, list)
    (row,) = [r for r in cases if r["severity"] == "critical"]
    assert row["age_hours"] == pytest.approx(hours, abs=0.05)


def test_case_age_in_dari(desk: TestClient, clock: FakeClock) -> None:
    token = sign_in(desk, Role.ANALYST)
    _open_all(desk, token)
    clock.advance(hours=5)
    sign_in(desk, Role.ANALYST)
    html = desk.get("/cases?queue=open", headers={"accept-language": "fa-AF"}).text
    ages = re.findall(r'data-testid="case-age"[^>]*>([^<]*)<', html)
    assert ages[0] == "5 ساعت"
