"""A ``cross_agency_duplicate`` alert opens on the desk for every role allowed to read alerts,
shows the other agency and what agreed, and becomes a case of this agency's own.

(``tests/web/test_every_alert.py`` opens every kind the demo scenario raises; the demo has no
second agency, so this kind is opened here the same way.)"""

from __future__ import annotations

import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest
from argon2 import PasswordHasher
from fastapi.testclient import TestClient

from aidtrace.accounts.users import Role, add_user
from aidtrace.consortium import findings, resultfile
from aidtrace.web import create_app
from aidtrace.web.policy import Permission, allows
from aidtrace.web.settings import WebSettings
from aidtrace.workspace import Workspace

from .conftest import Linked, Round

PASSWORD = "correct horse battery"
CHEAP = PasswordHasher(time_cost=1, memory_cost=1024, parallelism=1)


@pytest.fixture(scope="module")
def desk_workspace(
    exported: Round, linked: Linked, tmp_path_factory: pytest.TempPathFactory
) -> Path:
    path = tmp_path_factory.mktemp("desk") / "ws"
    shutil.copytree(exported.workspaces[0], path)
    with Workspace.open(path) as ws:
        findings.import_result(ws, resultfile.read(linked.result))
        for role in Role:
            add_user(ws, role.value, PASSWORD, role, display_name=role.value, hasher=CHEAP)
    return path


@pytest.fixture
def client(desk_workspace: Path, tmp_path: Path) -> Iterator[TestClient]:
    path = tmp_path / "ws"
    shutil.copytree(desk_workspace, path)
    app = create_app(path, settings=WebSettings(secure_cookies=False))
    with TestClient(app, raise_server_exceptions=False) as c:
        yield c


def _sign_in(client: TestClient, role: Role) -> str:
    token: str = client.get("/api/csrf").json()["csrf_token"]
    r = client.post(
        "/api/session",
        json={"username": role.value, "password": PASSWORD},
        headers={"x-csrf-token": token},
    )
    assert r.status_code == 200, r.text
    return token


def _alert_id(path: Path) -> str:
    with Workspace.open(path, read_only=True) as ws:
        rows = ws.engine.query(
            "SELECT alert_id FROM alerts WHERE kind = ? ORDER BY alert_id LIMIT 1",
            (findings.KIND,),
        ).to_pylist()
    return str(rows[0]["alert_id"])


@pytest.mark.parametrize("role", list(Role))
def test_the_alert_opens_for_every_role(
    client: TestClient, desk_workspace: Path, role: Role
) -> None:
    _sign_in(client, role)
    alert_id = _alert_id(desk_workspace)
    want = 200 if allows(role, Permission.VIEW_ALERTS) else 403
    for url in (f"/alerts/{alert_id}", f"/api/alerts/{alert_id}"):
        assert client.get(url).status_code == want, url


def test_the_page_names_the_other_agency_and_what_agreed(
    client: TestClient, desk_workspace: Path
) -> None:
    token = _sign_in(client, Role.ANALYST)
    alert_id = _alert_id(desk_workspace)
    page = client.get(f"/alerts/{alert_id}")
    assert page.status_code == 200
    assert "AGENCY-B" in page.text
    assert "also registered with AGENCY-B" in page.text
    assert "other agencies" in page.text  # the evidence, as a table of facts
    assert "agreed" in page.text
    api = client.get(f"/api/alerts/{alert_id}").json()
    assert api["alert"]["kind"] == findings.KIND
    # The subject is this agency's own person: the desk can reveal them, on need to know.
    assert str(api["person_id"]).startswith("beneficiary:A")
    case = client.post(f"/alerts/{alert_id}/case", data={"csrf_token": token})
    assert case.status_code == 200
