"""Stopping the desk waits for whoever still uses the store (the warm-up loading the screening
index, a last request) instead of closing read cursors under a running query."""

from __future__ import annotations

import threading
import time
from pathlib import Path

from aidtrace.web.desk import Desk
from aidtrace.web.settings import WebSettings

from .conftest import FakeClock


def test_close_waits_for_the_last_user_to_leave(seeded_path: Path, clock: FakeClock) -> None:
    desk = Desk(seeded_path, WebSettings(secure_cookies=False, warm_up=False), clock)
    left: list[float] = []
    desk.enter()
    with desk.reader() as ws:  # a reading user, as the warm-up is
        assert ws.engine.query("SELECT 1 AS one").num_rows == 1

    def finish_reading() -> None:
        time.sleep(0.3)
        left.append(time.monotonic())
        desk.leave()

    user = threading.Thread(target=finish_reading)
    user.start()
    desk.close()
    closed = time.monotonic()
    user.join()
    assert left
    assert left[0] <= closed  # closed only after the user left


def test_close_with_nobody_using_the_store_does_not_wait(
    seeded_path: Path, clock: FakeClock
) -> None:
    desk = Desk(seeded_path, WebSettings(secure_cookies=False, warm_up=False), clock)
    with desk.hold(), desk.reader() as ws:
        assert ws.engine.query("SELECT 1 AS one").num_rows == 1
    started = time.monotonic()
    desk.close()
    assert time.monotonic() - started < 20  # far from the 60 s it waits for a last user
