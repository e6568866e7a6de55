"""The queue pages read the officers' saved filters once, not on every page: a filter saved or
deleted at the desk is listed (or gone) on the next page, and one saved by another process while
the desk had the store closed is listed once the desk opens it again."""

from __future__ import annotations

from collections.abc import Callable

import pytest
from fastapi.testclient import TestClient

from aidtrace.accounts.users import Role
from aidtrace.web.filters import Queue, save_filter
from aidtrace.workspace import Workspace

from .conftest import USERS, sign_in
from .test_saved_filters import _save, _saved


@pytest.fixture
def filter_reads(store_queries: Callable[..., list[str]]) -> list[str]:
    """From now on, every store read of the saved filters."""
    return store_queries("web_saved_filters")


@pytest.mark.parametrize("page", ["/alerts", "/alerts?sort=severity", "/cases", "/api/filters"])
def test_queue_pages_read_the_saved_filters_once(
    seeded_client: TestClient, filter_reads: list[str], page: str
) -> None:
    sign_in(seeded_client, Role.ANALYST)
    seeded_client.app.state.desk.linger = 600.0  # type: ignore[attr-defined]  # stays open
    for _ in range(4):
        assert seeded_client.get(page).status_code == 200
    assert len(filter_reads) == 1


def test_a_filter_saved_or_deleted_at_the_desk_shows_on_the_next_page(
    seeded_client: TestClient,
) -> None:
    token = sign_in(seeded_client, Role.ANALYST)
    assert _saved(seeded_client.get("/alerts").text) == []  # read, and kept
    _save(seeded_client, token, "alerts", "Critical", "severity=critical")
    assert _saved(seeded_client.get("/alerts").text) == [("Critical", "/alerts?severity=critical")]
    form = {"csrf_token": token, "queue": "alerts", "name": "Critical"}
    seeded_client.post("/filters/delete", data=form, follow_redirects=False)
    assert _saved(seeded_client.get("/alerts").text) == []


def test_a_filter_saved_by_another_process_shows_once_the_store_is_opened_again(
    seeded_client: TestClient,
) -> None:
    sign_in(seeded_client, Role.ANALYST)
    assert _saved(seeded_client.get("/alerts").text) == []  # read, and kept
    desk = seeded_client.app.state.desk  # type: ignore[attr-defined]
    desk.close()  # as after a moment nobody used it
    with Workspace.open(desk.path) as other:
        save_filter(other, USERS[Role.ANALYST], Queue.ALERTS, "High", "severity=high")
    assert _saved(seeded_client.get("/alerts").text) == [("High", "/alerts?severity=high")]
