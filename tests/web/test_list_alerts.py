"""A stale-list alert (``lists.freshness``) reads on the desk like any other alert."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from fastapi.testclient import TestClient

from aidtrace.accounts.users import Role
from aidtrace.alerts.store import save_alerts
from aidtrace.monitors import RunContext
from aidtrace.watchlists.freshness import FreshnessMonitor
from aidtrace.web import create_app
from aidtrace.web.settings import WebSettings
from aidtrace.workspace import Workspace

from .conftest import FakeClock

Login = Callable[[TestClient, Role], str]


def test_a_stale_list_alert_page_renders(seeded_path: Path, clock: FakeClock, login: Login) -> None:
    clock.advance(days=12)
    with Workspace.open(seeded_path, clock=clock) as ws:
        [alert] = FreshnessMonitor().run(RunContext(ws))
        save_alerts(ws, [alert], "test")
    app = create_app(seeded_path, settings=WebSettings(secure_cookies=False), clock=clock)
    with TestClient(app, raise_server_exceptions=False) as client:
        login(client, Role.ANALYST)
        page = client.get(f"/alerts/{alert.alert_id}")
        assert page.status_code == 200
        assert "un@1" in page.text
        assert "age (days)" in page.text
        api = client.get(f"/api/alerts/{alert.alert_id}").json()
        assert api["alert"]["kind"] == "list_stale"
        assert api["evidence"]["template"] == "evidence/generic.html"
    assert alert.evidence["age_days"] == 12.0
