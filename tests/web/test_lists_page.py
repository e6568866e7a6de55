"""The lists page: each list's age, diffs with names and old → new values, an entry's page, and
"rescreen everyone against this change" with its progress."""

from __future__ import annotations

import shutil
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from fastapi.testclient import TestClient

from aidtrace.accounts.users import Role
from aidtrace.watchlists.snapshots import load_snapshot
from aidtrace.web import create_app
from aidtrace.web.settings import WebSettings
from aidtrace.web.watchlists import shown, source_label
from aidtrace.workspace import Workspace

from .conftest import SHARED_DATA, FakeClock, audit_events, sign_in

UN = SHARED_DATA / "watchlists" / "un"


@pytest.fixture(scope="module")
def updated_template(tmp_path_factory: pytest.TempPathFactory, template_workspace: Path) -> Path:
    """The 2025 UN list (un@1), then the 2026 one (un@2: 130 added, 4 removed, 16 amended),
    and a vendor named after a man the 2026 list added (HTi.008)."""
    path = tmp_path_factory.mktemp("lists") / "ws"
    shutil.copytree(template_workspace, path)
    with Workspace.open(path, clock=FakeClock()) as ws:
        load_snapshot(ws, UN / "un_consolidated_2025-04-19.xml")
        load_snapshot(ws, UN / "un_consolidated_2026-02-27.xml")
        ws.engine.execute(
            "INSERT INTO organisations (org_id, name, name_fa, role, country, import_id) VALUES "
            "('V9', 'Dimitri Herard Security Services', NULL, 'vendor', 'HT', 'test'), "
            "('V10', 'Kabul Fresh Bakery', NULL, 'vendor', 'AF', 'test')"
        )
    return path


@pytest.fixture
def lists_client(tmp_path: Path, updated_template: Path, clock: FakeClock) -> Iterator[TestClient]:
    path = tmp_path / "ws"
    shutil.copytree(updated_template, path)
    clock.advance(days=10)
    app = create_app(path, settings=WebSettings(secure_cookies=False), clock=clock)
    with TestClient(app, raise_server_exceptions=False) as c:
        c.app.state.path = path  # type: ignore[attr-defined]
        yield c


def test_the_lists_page_shows_each_lists_age_and_no_server_path(lists_client: TestClient) -> None:
    sign_in(lists_client, Role.ANALYST)
    rows = lists_client.get("/api/lists").json()["snapshots"]
    current = next(r for r in rows if r["snapshot_id"] == "un@2")
    assert current["current"] is True
    assert current["age_days"] == 10.0
    assert current["stale"] is True  # past 8 days
    assert current["source"] == "un_consolidated_2026-02-27.xml"
    page = lists_client.get("/lists").text
    assert 'data-testid="list-age">10.0 days' in page
    assert str(SHARED_DATA) not in page


def test_a_diff_names_each_entry_and_shows_old_and_new_values(lists_client: TestClient) -> None:
    sign_in(lists_client, Role.ANALYST)
    diff = lists_client.get("/api/lists/un@2").json()
    assert diff["counts"] == {"added": 130, "removed": 4, "amended": 16}
    removed = next(c for c in diff["changes"] if c["change"] == "removed")
    assert removed["link"] == f"/lists/un@1/entries/{removed['source_id']}"  # where it still is
    assert removed["name"] != removed["source_id"]
    added = next(c for c in diff["changes"] if c["source_id"] == "HTi.008")
    assert added["name"].upper().startswith("DIMITRI")
    assert added["link"] == "/lists/un@2/entries/HTi.008"
    amended = next(c for c in diff["changes"] if c["change"] == "amended")
    (remarks,) = amended["field_changes"]
    assert remarks["field"] == "remarks"
    assert remarks["old"] != remarks["new"]
    assert remarks["removed"] == remarks["old"]
    assert remarks["added"] == remarks["new"]
    page = lists_client.get("/lists/un@2").text
    assert f">{added['name']}<" in page
    assert "<del>" in page
    assert "<ins>" in page
    assert 'href="/lists/un@2/entries/HTi.008"' in page


def test_an_entry_page_opens_from_the_diff(lists_client: TestClient) -> None:
    sign_in(lists_client, Role.AUDITOR)
    page = lists_client.get("/lists/un@2/entries/HTi.008")
    assert page.status_code == 200
    assert 'data-testid="entry-title"' in page.text
    assert "As the list publishes it" in page.text
    api = lists_client.get("/api/lists/un@2/entries/HTi.008").json()
    assert api["entry"]["source_id"] == "HTi.008"
    assert lists_client.get("/api/lists/un@1/entries/HTi.008").status_code == 404  # not yet listed
    assert lists_client.get("/api/lists/un@2/entries/..%2F..").status_code in (404, 422)


def _wait(client: TestClient, job_id: str, within: float = 120) -> dict[str, Any]:
    """The job once it has stopped running (a few seconds; far longer on a loaded machine)."""
    deadline = time.monotonic() + within
    while True:
        job: dict[str, Any] = client.get(f"/api/rescreens/{job_id}").json()
        if job["state"] != "running":
            return job
        if time.monotonic() > deadline:
            raise AssertionError(f"the rescreen did not finish in {within:g} s")
        time.sleep(0.1)


def test_rescreen_everyone_against_the_change_raises_the_new_hit(lists_client: TestClient) -> None:
    token = sign_in(lists_client, Role.ANALYST)
    page = lists_client.get("/lists/un@2").text
    assert 'data-testid="rescreen-form"' in page
    started = lists_client.post("/lists/un@2/rescreen", data={"csrf_token": token})
    assert started.status_code == 200  # the progress page, after the redirect
    assert 'data-testid="rescreen-progress"' in started.text
    job_id = str(started.url).rsplit("/", 1)[-1]
    job = _wait(lists_client, job_id)
    assert job["state"] == "done", job
    assert (job["total"], job["changed_entries"], job["alerts_new"]) == (2, 146, 1)
    done = lists_client.get(f"/rescreens/{job_id}").text
    assert "Done" in done
    assert 'http-equiv="refresh"' not in done  # it stops refreshing once done
    alerts = lists_client.get("/api/alerts?kind=sanctions_match").json()["alerts"]
    assert [(a["subject"], a["status"]) for a in alerts] == [("org:V9", "open")]
    assert "Last rescreen" in lists_client.get("/lists/un@2").text
    with Workspace.open(lists_client.app.state.path, read_only=True) as ws:  # type: ignore[attr-defined]
        runs = [e for e in audit_events(ws) if type(e).__name__ == "MonitorRun"]
    assert [(r.actor, r.params) for r in runs] == [("analyst", {"rescreen": "un@2"})]  # type: ignore[attr-defined]


def test_only_the_current_snapshot_is_rescreened(lists_client: TestClient) -> None:
    token = sign_in(lists_client, Role.REVIEWER)
    r = lists_client.post("/api/lists/un@1/rescreen", headers={"x-csrf-token": token})
    assert r.status_code == 422
    assert "not the current snapshot" in r.json()["error"]["message"]
    assert 'data-testid="rescreen-form"' not in lists_client.get("/lists/un@1").text
    assert lists_client.get("/api/rescreens/0123456789abcdef").status_code == 404


@pytest.mark.parametrize(
    ("value", "lines"),
    [(None, []), ("", []), ("text", ["text"]), ((), []), (("a", "b"), ["a", "b"])],
)
def test_shown(value: object, lines: list[str]) -> None:
    assert shown(value) == lines


@pytest.mark.parametrize(
    ("source", "label"),
    [
        ("/srv/aidtrace/inbox/un.xml", "un.xml"),
        ("https://scsanctions.un.org/resources/xml/en/consolidated.xml",
         "https://scsanctions.un.org/resources/xml/en/consolidated.xml"),
    ],
)  # fmt: skip
def test_source_label_hides_the_servers_directories(source: str, label: str) -> None:
    assert source_label(source) == label
