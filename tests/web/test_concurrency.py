"""Reads run beside a write on their own read-only cursors; store-derived caches follow writes."""

from __future__ import annotations

import threading
from collections.abc import Callable

import pyarrow as pa
import pytest
from fastapi.testclient import TestClient

from aidtrace.accounts.users import Role
from aidtrace.errors import StoreError
from aidtrace.web.desk import Desk

Login = Callable[[TestClient, Role], str]


def _desk(client: TestClient) -> Desk:
    desk: Desk = client.app.state.desk  # type: ignore[attr-defined]
    return desk


def test_a_read_is_served_while_a_write_holds_the_store(
    seeded_client: TestClient, login: Login
) -> None:
    login(seeded_client, Role.ANALYST)
    desk = _desk(seeded_client)
    holding, release = threading.Event(), threading.Event()

    def writer() -> None:
        with desk.workspace():
            holding.set()
            release.wait(120)  # until the reads are done, which must not wait for it

    thread = threading.Thread(target=writer)
    thread.start()
    try:
        assert holding.wait(60)
        # Under the old single lock these would wait for the writer (and time the test out).
        assert seeded_client.get("/api/alerts").status_code == 200
        assert seeded_client.get("/api/screening?q=Baradar").json()["results"]
        assert seeded_client.get("/api/lists").status_code == 200
        assert thread.is_alive()  # the writer was still holding the store throughout
    finally:
        release.set()
        thread.join(60)


def test_the_read_only_view_refuses_writes(seeded_client: TestClient, login: Login) -> None:
    login(seeded_client, Role.ANALYST)  # opens the workspace
    with _desk(seeded_client).reader() as ws:
        assert ws.engine.query("SELECT count(*) AS n FROM alerts").num_rows == 1
        with pytest.raises(StoreError, match="read-only"):
            ws.engine.execute("DELETE FROM alerts")
        with pytest.raises(StoreError, match="read-only"):
            ws.engine.write("alerts", pa.table({"x": [1]}))
        assert ws.engine.has_table("alerts")


def test_a_reader_sees_what_the_desk_just_wrote(seeded_client: TestClient, login: Login) -> None:
    token = login(seeded_client, Role.ANALYST)
    alert_id = seeded_client.get("/api/alerts").json()["alerts"][0]["alert_id"]
    headers = {"x-csrf-token": token}
    r = seeded_client.post("/api/cases", json={"alert_ids": [alert_id]}, headers=headers)
    case_id = r.json()["case_id"]
    seeded_client.post(f"/api/cases/{case_id}/comment", json={"body": "seen"}, headers=headers)
    history = seeded_client.get(f"/api/cases/{case_id}").json()["history"]
    assert [h["text"] for h in history][-1] == "seen"
    assert seeded_client.get(f"/api/alerts/{alert_id}").json()["case_id"] == case_id


def test_each_write_moves_the_generation_on(seeded_client: TestClient, login: Login) -> None:
    login(seeded_client, Role.ANALYST)
    for thread in threading.enumerate():
        if thread.name == "desk-warm-up":
            thread.join(60)  # its dashboard build writes (a derived table) too
    desk = _desk(seeded_client)
    before = desk.generation
    with desk.reader():
        pass
    assert desk.generation == before  # reading changes nothing
    with desk.workspace():
        pass
    assert desk.generation == before + 1
