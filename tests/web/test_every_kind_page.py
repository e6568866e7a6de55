"""Every alert kind opens on the desk, in English, Dari and Pashto: kinds the demo does not raise
(a velocity spike, a stale list, contract and funding findings…) included.

One alert of each kind, with evidence shaped as its monitor writes it (the cases of
``test_summaries``), is stored in a copy of the demo workspace; its page and its API answer 200
for an analyst, its page carries its subject, and a translated page leaves no English behind.
"""

from __future__ import annotations

import json
import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest
from fastapi.testclient import TestClient

from aidtrace.accounts.users import Role
from aidtrace.alerts.model import Alert, AlertKind
from aidtrace.alerts.store import save_alerts
from aidtrace.web.app import create_app
from aidtrace.web.settings import WebSettings
from aidtrace.workspace import Workspace

from .conftest import FakeClock, sign_in
from .test_i18n_pages import english_left
from .test_summaries import CASES


def _alert(kind: str) -> Alert:
    subject, evidence, _ = CASES[kind]
    return Alert(
        monitor="test.every_kind", monitor_version="1", kind=AlertKind(kind),
        subject=subject, score=0.9, summary=f"{kind} about {subject}", evidence=evidence,
    )  # fmt: skip


@pytest.fixture(scope="module")
def every_kind(tmp_path_factory: pytest.TempPathFactory, demo_template: Path) -> Path:
    path = tmp_path_factory.mktemp("every-kind") / "demo"
    shutil.copytree(demo_template, path)
    with Workspace.open(path, clock=FakeClock()) as ws:
        save_alerts(ws, [_alert(kind) for kind in CASES], run_id="every-kind")
    return path


@pytest.fixture
def client(every_kind: Path, clock: FakeClock) -> Iterator[TestClient]:
    app = create_app(every_kind, settings=WebSettings(secure_cookies=False), clock=clock)
    with TestClient(app, raise_server_exceptions=False) as c:
        yield c


def test_the_cases_name_every_kind() -> None:
    assert set(CASES) == {str(k) for k in AlertKind}


@pytest.mark.parametrize("tag", ["en", "fa-AF", "ps"])
def test_every_kind_opens_in_every_language(client: TestClient, tag: str) -> None:
    sign_in(client, Role.ANALYST)
    failures: dict[str, object] = {}
    for kind in CASES:
        alert = _alert(kind)
        page = client.get(f"/alerts/{alert.alert_id}", headers={"accept-language": tag})
        api = client.get(f"/api/alerts/{alert.alert_id}")
        if page.status_code != 200 or api.status_code != 200:
            failures[kind] = (page.status_code, api.status_code)
        elif api.json()["alert"]["kind"] != kind or alert.subject not in page.text:
            failures[kind] = (api.json()["alert"]["kind"], alert.subject)
        elif tag != "en" and english_left(page.text):
            failures[kind] = english_left(page.text)
    assert not failures, json.dumps(failures, ensure_ascii=False)
