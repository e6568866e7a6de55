"""Working a case through the API and the forms: open, assign, comment, decide with four-eyes."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import httpx
from fastapi.testclient import TestClient

from aidtrace.accounts.users import Role

UN_2026 = (
    Path(__file__).resolve().parents[3]
    / "shared"
    / "data"
    / "watchlists"
    / "un"
    / "un_consolidated_2026-02-27.xml"
)

Login = Callable[[TestClient, Role], str]


def _first_alert(client: TestClient) -> dict[str, object]:
    alerts = client.get("/api/alerts?sort=score").json()["alerts"]
    assert alerts, "the seeded workspace should have screening alerts"
    return dict(alerts[0])


def test_queue_filters_and_sorts(seeded_client: TestClient, login: Login) -> None:
    login(seeded_client, Role.AUDITOR)
    every = seeded_client.get("/api/alerts?sort=score").json()
    assert every["total"] >= 5
    scores = [a["score"] for a in every["alerts"]]
    assert scores == sorted(scores, reverse=True)
    only = seeded_client.get("/api/alerts?kind=sanctions_match&severity=critical").json()
    assert all(a["severity"] == "critical" for a in only["alerts"])
    found = seeded_client.get("/api/alerts?q=V-0108").json()
    assert [a["subject"] for a in found["alerts"]] == ["vendor:V-0108"]
    page = seeded_client.get("/alerts?sort=newest&status=open")
    assert page.status_code == 200
    assert "vendor:V-0042" in page.text


def test_screening_hit_reads_side_by_side(seeded_client: TestClient, login: Login) -> None:
    login(seeded_client, Role.ANALYST)
    alert = next(
        a
        for a in seeded_client.get("/api/alerts?q=S-0007").json()["alerts"]
        if a["kind"] == "sanctions_match"
    )
    page = seeded_client.get(f"/alerts/{alert['alert_id']}")
    assert page.status_code == 200
    text = page.text
    assert "<mark>Baradar</mark>" in text or "<mark>BARADAR</mark>" in text
    assert "UN 1988 Taliban" in text
    assert 'dir="rtl"' in text  # the listed name in its original script
    assert "Source fragment" in text
    api = seeded_client.get(f"/api/alerts/{alert['alert_id']}").json()
    assert api["evidence"]["detail"]["entry"]["source_id"] == "TAi.024"


def test_four_eyes_through_the_api(
    app_factory: Callable[..., TestClient], seeded_path, clock
) -> None:  # type: ignore[no-untyped-def]
    from aidtrace.web import create_app
    from aidtrace.web.settings import WebSettings

    def client() -> TestClient:
        app = create_app(seeded_path, settings=WebSettings(secure_cookies=False), clock=clock)
        return TestClient(app, raise_server_exceptions=False)

    analyst, reviewer = client(), client()
    a_token = _login(analyst, "analyst")
    r_token = _login(reviewer, "reviewer")
    alert = _first_alert(analyst)
    r = analyst.post(
        "/api/cases", json={"alert_ids": [alert["alert_id"]]}, headers={"x-csrf-token": a_token}
    )
    assert r.status_code == 201, r.text
    case_id = r.json()["case_id"]

    def post(c: TestClient, t: str, path: str, body: dict[str, str]) -> httpx.Response:
        clock.advance(minutes=5)
        return c.post(f"/api/cases/{case_id}/{path}", json=body, headers={"x-csrf-token": t})

    assert post(analyst, a_token, "assign", {"assignee": "reviewer"}).status_code == 200
    assert (
        post(analyst, a_token, "comment", {"body": "same father's name on the tazkira"}).status_code
        == 200
    )
    assert post(analyst, a_token, "comment", {"body": ""}).status_code == 422
    proposal = post(
        analyst,
        a_token,
        "decide",
        {"outcome": "cleared", "rationale": "different person: DOB differs"},
    )
    assert proposal.json()["state"] == "proposed"
    # The analyst may not confirm their own proposal, nor holds the approve right at all.
    again = post(analyst, a_token, "decide", {"outcome": "cleared", "rationale": "confirming"})
    assert again.status_code == 403
    confirm = post(
        reviewer, r_token, "decide", {"outcome": "cleared", "rationale": "agree: DOB differs"}
    )
    assert confirm.status_code == 200, confirm.text
    assert confirm.json()["state"] == "effective"
    view = reviewer.get(f"/api/cases/{case_id}").json()
    assert view["case"]["status"] == "cleared"
    assert view["case"]["assignee"] == "reviewer"
    steps = [(h["who"], h["what"]) for h in view["history"]]
    assert steps[-2:] == [("analyst", "proposed: cleared"), ("reviewer", "effective: cleared")]
    bad = post(reviewer, r_token, "decide", {"outcome": "vanished", "rationale": "x"})
    assert bad.status_code == 422
    assert reviewer.get("/api/cases/ffffffffffffffff").status_code == 404


def _login(client: TestClient, username: str) -> str:
    token = client.get("/api/csrf").json()["csrf_token"]
    r = client.post(
        "/api/session",
        json={"username": username, "password": "correct horse battery"},
        headers={"x-csrf-token": token},
    )
    assert r.status_code == 200
    return str(token)


def test_screening_box_in_both_scripts(seeded_client: TestClient, login: Login) -> None:
    login(seeded_client, Role.ANALYST)
    latin = seeded_client.get("/api/screening?q=Abdul Ghani Baradar").json()
    assert latin["available"] is True
    assert latin["results"][0]["source_id"] == "TAi.024"
    arabic = seeded_client.get("/api/screening", params={"q": "عبدالغنی برادر"}).json()
    assert arabic["results"][0]["source_id"] == "TAi.024"
    assert seeded_client.get("/api/screening?q=a").json()["results"] == []
    fragment = seeded_client.get("/screening/results", params={"q": "Baradar"})
    assert "TAi.024" in fragment.text


def test_lists_and_diff_pages(seeded_client: TestClient, login: Login) -> None:
    login(seeded_client, Role.ADMIN)
    overview = seeded_client.get("/api/lists").json()
    assert overview["snapshots"][0]["snapshot_id"] == "un@1"
    assert overview["snapshots"][0]["entry_count"] == 1003
    diff = seeded_client.get("/api/lists/un@1").json()
    assert diff["counts"]["added"] == 1003
    assert seeded_client.get("/lists/un@1").status_code == 200
    assert seeded_client.get("/api/lists/un@9").status_code == 404
    assert seeded_client.get("/api/lists/..%2Fetc").status_code in (404, 422)


def test_audit_head_verify_and_proof(seeded_client: TestClient, login: Login) -> None:
    login(seeded_client, Role.AUDITOR)
    head = seeded_client.get("/api/audit").json()["head"]
    assert head is not None
    assert head["tree_size"] >= 1
    check = seeded_client.get("/api/audit/verify").json()
    assert check["ok"] is True
    proof = seeded_client.get("/api/audit/proof?event=0")
    assert proof.status_code == 200, proof.text
    page = seeded_client.get("/audit/verify")
    assert "Verified" in page.text


def test_diff_between_the_two_un_snapshots(seeded_client: TestClient, login: Login) -> None:
    desk = seeded_client.app.state.desk  # type: ignore[attr-defined]
    from aidtrace.watchlists.snapshots import LoadRules, load_snapshot

    older = UN_2026.with_name("un_consolidated_2025-04-19.xml")
    with desk.workspace() as ws:
        # loaded second, an older publication: refused unless forced; then it is un@2
        load_snapshot(ws, older, rules=LoadRules(force=True))
    login(seeded_client, Role.ANALYST)
    diff = seeded_client.get("/api/lists/un@1?against=un@2").json()
    # From 2025-04-19 to 2026-02-27 the UN list added 130 reference numbers and removed 4.
    assert (diff["counts"]["added"], diff["counts"]["removed"]) == (130, 4)
    page = seeded_client.get("/lists/un@1?against=un@2")
    assert "130 added" in page.text
    assert seeded_client.get("/api/lists/un@1?against=evil").status_code == 422
