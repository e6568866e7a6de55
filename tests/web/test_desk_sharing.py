"""The desk holds the workspace only while it serves a request: commands run beside it, and a page
waits for a command that holds the store (then answers busy, naming it)."""

from __future__ import annotations

import subprocess
import sys
import threading
import time
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from fastapi.testclient import TestClient
from tests.web.conftest import UN_2026

from aidtrace.accounts.users import Role
from aidtrace.web.desk import Desk
from aidtrace.workspace import Patience, WorkspaceBusy

Login = Callable[[TestClient, Role], str]
AIDTRACE = Path(sys.executable).parent / "aidtrace"
# A process that opens the workspace for writing, as `aidtrace import` would, says so, and keeps
# it until the given number of seconds has passed or a line arrives on its standard input.
HOLD = """
import select, sys
from pathlib import Path
from aidtrace.workspace import Workspace
with Workspace.open(Path(sys.argv[1]), wait=60, command="aidtrace import"):
    print("held", flush=True)
    select.select([sys.stdin], [], [], float(sys.argv[2]))
"""


def _desk(client: TestClient) -> Desk:
    desk: Desk = client.app.state.desk  # type: ignore[attr-defined]
    return desk


def _store_closed(client: TestClient, within: float = 60) -> None:
    """Wait until the desk has closed the store after its last request (it lingers a moment,
    then closes it from a timer thread): a command started now finds the store free, however
    slow the machine, while a desk that kept the store open fails here."""
    desk = _desk(client)
    deadline = time.monotonic() + within
    while True:
        with desk._open_lock:  # held while the store is being closed
            if desk._base is None:
                return
        assert time.monotonic() < deadline, "the desk kept the store open"
        time.sleep(0.02)


@pytest.fixture
def holder(desk_path: Path) -> Iterator[Callable[[float], subprocess.Popen[str]]]:
    """Start a process that holds the workspace for writing for some seconds."""
    started: list[subprocess.Popen[str]] = []

    def start(seconds: float) -> subprocess.Popen[str]:
        proc = subprocess.Popen(
            [sys.executable, "-c", HOLD, str(desk_path), str(seconds)],
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
        )
        started.append(proc)
        assert proc.stdout is not None
        line = proc.stdout.readline()
        assert line == "held\n", proc.stderr.read() if proc.stderr else line
        return proc

    yield start
    for proc in started:
        proc.kill()
        proc.wait(10)


@pytest.mark.parametrize(
    "args",
    [
        ("lists", "load", str(UN_2026)),  # writes
        ("alerts",),  # reads
        ("audit", "verify"),  # reads
    ],
)
def test_a_command_runs_while_the_desk_serves(
    client: TestClient, login: Login, desk_path: Path, args: tuple[str, ...]
) -> None:
    login(client, Role.ANALYST)
    assert client.get("/api/alerts").status_code == 200  # the desk has used the store
    _store_closed(client)
    done = subprocess.run(
        [str(AIDTRACE), "--wait", "10", "-w", str(desk_path), *args],
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert done.returncode == 0, done.stderr
    assert "busy" not in done.stderr
    assert client.get("/api/alerts").status_code == 200  # and serves on afterwards


def test_the_desk_sees_what_a_command_wrote(
    client: TestClient, login: Login, desk_path: Path
) -> None:
    login(client, Role.ANALYST)
    before = client.get("/api/screening?q=Baradar").json()
    assert not before["available"]  # the desk has looked for lists: none yet
    _store_closed(client)
    done = subprocess.run(
        [str(AIDTRACE), "--wait", "10", "-w", str(desk_path), "lists", "load", str(UN_2026)],
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert done.returncode == 0, done.stderr
    after = client.get("/api/screening?q=Baradar").json()  # not a cached "no list" answer
    assert after["available"]
    assert after["results"]


def test_an_account_disabled_by_a_command_is_signed_out_of_the_desk(
    client: TestClient, login: Login, desk_path: Path
) -> None:
    login(client, Role.ANALYST)
    assert client.get("/api/session").status_code == 200  # the desk has read the accounts
    _store_closed(client)
    done = subprocess.run(
        [str(AIDTRACE), "--wait", "10", "-w", str(desk_path), "users", "disable", "analyst"],
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert done.returncode == 0, done.stderr
    assert client.get("/api/session").status_code == 401  # not the cached, active account


def test_a_page_waits_for_a_command_holding_the_store(
    client: TestClient,
    login: Login,
    holder: Callable[[float], subprocess.Popen[str]],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    login(client, Role.ANALYST)
    _desk(client).wait = 60  # ample: the holder lets go as soon as the page waits for it
    proc = holder(60.0)
    waiting, released = threading.Event(), threading.Event()
    pause = Patience.pause

    def noting(self: Patience, busy: WorkspaceBusy, delay: float) -> bool:
        waiting.set()  # the page found the store held and waits for it
        return pause(self, busy, delay)

    def let_go() -> None:
        # The command finishes only once the page waits for it: the page cannot be served
        # before, nor answer busy after, however slow the machine.
        if waiting.wait(60):
            released.set()
            assert proc.stdin is not None
            proc.stdin.write("done\n")
            proc.stdin.flush()

    monkeypatch.setattr(Patience, "pause", noting)
    command = threading.Thread(target=let_go)
    command.start()
    try:
        r = client.get("/api/alerts")
        served_after_release = released.is_set()  # it waited for the holder
    finally:
        waiting.set()  # the thread ends whatever happened
        command.join(10)
    assert r.status_code == 200, r.text  # rather than failing
    assert served_after_release
    assert proc.wait(30) == 0


@pytest.mark.parametrize(
    ("path", "kind"), [("/api/alerts", "application/json"), ("/alerts", "text/html")]
)
def test_a_page_answers_busy_naming_the_holder(
    client: TestClient,
    login: Login,
    holder: Callable[[float], subprocess.Popen[str]],
    path: str,
    kind: str,
) -> None:
    login(client, Role.ANALYST)
    _desk(client).wait = 0.3
    proc = holder(30.0)
    r = client.get(path)
    assert r.status_code == 503, r.text
    assert r.headers["content-type"].startswith(kind)
    assert f"held by PID {proc.pid}: aidtrace import" in r.text
    assert "still busy after waiting 0.3 s" in r.text
    proc.kill()
    proc.wait(10)
    assert client.get(path).status_code == 200  # the holder gone, the desk serves again
