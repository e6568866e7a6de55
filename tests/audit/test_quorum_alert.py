"""A missing witness quorum is an alert in the queue (``audit.witnesses`` monitor, kind
``witness_quorum_missing``): raised when too few witnesses cosigned the latest checkpoint, not
raised when the quorum cosigned, and opened on the desk, page and API, by every role allowed to
read alerts."""

from __future__ import annotations

import subprocess
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import UTC, datetime
from pathlib import Path

import pytest
from argon2 import PasswordHasher
from fastapi.testclient import TestClient

from aidtrace import audit
from aidtrace.accounts.users import Role, add_user
from aidtrace.audit.witnesses import add_witness
from aidtrace.events import ImportRecorded
from aidtrace.monitors import all_monitors
from aidtrace.pipeline import run_monitors
from aidtrace.web import create_app
from aidtrace.web.policy import Permission, allows
from aidtrace.web.settings import WebSettings
from aidtrace.witness_quorum import KIND, MONITOR
from aidtrace.workspace import Workspace

from .witness_helpers import make_witness, serving

PASSWORD = "correct horse battery"
CHEAP = PasswordHasher(time_cost=1, memory_cost=1024, parallelism=1)  # verification is tested
USERS = {role: role.value.replace("_", "-") for role in Role}
AT = datetime(2026, 3, 2, 9, 0, tzinfo=UTC)


def sign_in(client: TestClient, role: Role) -> None:
    token = client.get("/api/csrf").json()["csrf_token"]
    answer = client.post(
        "/api/session",
        json={"username": USERS[role], "password": PASSWORD},
        headers={"x-csrf-token": token},
    )
    assert answer.status_code == 200, answer.text


def _event(ws: Workspace, n: int) -> ImportRecorded:
    return ImportRecorded(
        at=ws.clock(), actor="test", import_id=f"imp{n}", import_kind="ledger",
        source="x.csv", sha256="0" * 64, rows=n,
    )  # fmt: skip


def _alerts(ws: Workspace) -> list[dict[str, object]]:
    rows = ws.engine.query("SELECT alert_id, kind, summary, severity FROM alerts WHERE kind = ?",
                           (KIND,))  # fmt: skip
    return rows.to_pylist()


@contextmanager
def _witnessed(ws: Workspace, tmp_path: Path, up: int) -> Iterator[None]:
    """Two witnesses, ``up`` of them answering while the block records its events."""
    vkey = audit.log_vkey(ws)
    one, two = (make_witness(tmp_path / f"w{i}", f"donor{i}.example/w", vkey) for i in (1, 2))
    with serving(one) as url1:
        add_witness(ws, url1, one.verifier.vkey(), "admin")
        if up == 2:
            with serving(two) as url2:
                add_witness(ws, url2, two.verifier.vkey(), "admin")
                audit.record(ws, _event(ws, 1))
                yield
                return
        add_witness(ws, "http://127.0.0.1:9", two.verifier.vkey(), "admin")  # nobody there
        audit.record(ws, _event(ws, 2))  # the second witness is down: no quorum of two
        yield


def test_the_monitor_is_registered() -> None:
    assert MONITOR in all_monitors()


@pytest.mark.parametrize(("up", "raised"), [(2, 0), (1, 1)])
def test_an_alert_exactly_when_the_quorum_is_missing(
    workspace: Workspace, tmp_path: Path, up: int, raised: int
) -> None:
    with _witnessed(workspace, tmp_path, up):
        at_send = len(_alerts(workspace))
        outcome = run_monitors(workspace, [MONITOR])
    assert at_send == raised  # raised when the checkpoint went out, before any monitor ran
    assert outcome.per_monitor[MONITOR] == (raised, 0)  # the monitor finds the same alert
    alerts = _alerts(workspace)
    assert len(alerts) == raised
    if raised:
        assert "1 of the 2 witness cosignatures required" in str(alerts[0]["summary"])
        assert alerts[0]["severity"] == "high"


def test_the_send_raises_the_alert_once_and_logs_it(workspace: Workspace, tmp_path: Path) -> None:
    """Each short send refreshes the one alert; its own event is in the log, which verifies,
    and is checkpointed with the next batch (no send loop)."""
    with _witnessed(workspace, tmp_path, 1):
        for n in range(3, 6):
            audit.record(workspace, _event(workspace, n))
        replies = audit.notify_witnesses(workspace)
    assert [r.status.value for r in replies] == ["cosigned", "unreachable"]
    [alert] = _alerts(workspace)
    assert "donor2.example/w" in str(alert["summary"])
    raised = workspace.engine.query(
        "SELECT count(*) AS n FROM alert_sightings WHERE alert_id = ? AND sighting = 'new'",
        (alert["alert_id"],),
    ).to_pylist()
    assert raised == [{"n": 1}]
    entry = audit.find_event(audit.open_log(workspace), str(alert["alert_id"]))
    assert 0 < entry < audit.verify(workspace).entries  # its event, in a log that verifies
    lost = {c.ref for c in audit.reconcile(workspace, "auditor")}  # (the test's imports are)
    assert alert["alert_id"] not in lost  # the alert's event reached the store


def test_a_quorum_met_at_send_raises_nothing(workspace: Workspace, tmp_path: Path) -> None:
    with _witnessed(workspace, tmp_path, 2):
        audit.record(workspace, _event(workspace, 7))
    assert _alerts(workspace) == []


def test_without_witnesses_nothing_is_raised(workspace: Workspace) -> None:
    audit.record(workspace, _event(workspace, 1))
    assert run_monitors(workspace, [MONITOR]).per_monitor[MONITOR] == (0, 0)


def test_the_same_witness_missing_again_is_the_same_alert(
    workspace: Workspace, tmp_path: Path
) -> None:
    with _witnessed(workspace, tmp_path, 1):
        run_monitors(workspace, [MONITOR])
        audit.record(workspace, _event(workspace, 3))  # a new checkpoint, the same one down
        again = run_monitors(workspace, [MONITOR])
    assert again.per_monitor[MONITOR] == (1, 0)
    assert len(_alerts(workspace)) == 1


def test_the_desk_opens_the_quorum_alert_for_every_role(tmp_path: Path) -> None:
    path, clock = tmp_path / "ws", lambda: AT
    with Workspace.create(path, key_file=tmp_path / "keys" / "root.key", clock=clock) as ws:
        for role, name in USERS.items():
            add_user(ws, name, PASSWORD, role, hasher=CHEAP)
        with _witnessed(ws, tmp_path, 1):
            run_monitors(ws, [MONITOR])
        [alert] = _alerts(ws)
    alert_id = str(alert["alert_id"])
    app = create_app(path, settings=WebSettings(secure_cookies=False), clock=clock)
    failures = []
    for role in Role:
        with TestClient(app, raise_server_exceptions=False) as client:
            sign_in(client, role)
            allowed = allows(role, Permission.VIEW_ALERTS)
            for url in (f"/alerts/{alert_id}", f"/api/alerts/{alert_id}", "/api/alerts"):
                response = client.get(url)
                if response.status_code != (200 if allowed else 403):
                    failures.append(f"{role} {url}: {response.status_code}")
            if allowed:
                page = client.get(f"/alerts/{alert_id}").text
                api = client.get(f"/api/alerts/{alert_id}").json()
                assert "not cosigned" in page
                assert "donor2.example/w" in page
                assert api["alert"]["kind"] == KIND
                queue = client.get("/api/alerts").json()
                assert alert_id in str(queue)
    assert not failures, failures


def test_the_log_finds_the_quorum_alert_without_importing_it() -> None:
    """The audit log sits below the alerts (no import of the monitor, so no import cycle), yet a
    short send in a fresh process reaches ``raise_if_short`` through the log's registry."""
    script = (
        "import sys\n"
        "from aidtrace import audit\n"
        "assert 'aidtrace.witness_quorum' not in sys.modules\n"
        "answers = audit.SHORT_OF_QUORUM.all()\n"
        "from aidtrace.witness_quorum import raise_if_short\n"
        "assert answers == {'witness_quorum': raise_if_short}, answers\n"
    )
    done = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True)
    assert done.returncode == 0, done.stderr
