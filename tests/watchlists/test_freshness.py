"""The freshness monitor: one alert per list not refreshed for too long, on the workspace clock."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from pathlib import Path

import httpx
import pytest

from aidtrace.errors import MissingInput
from aidtrace.monitors import RunContext, all_monitors
from aidtrace.watchlists.freshness import KIND, MONITOR, FreshnessMonitor
from aidtrace.watchlists.snapshots import load_snapshot
from aidtrace.watchlists.sources import ListSource
from aidtrace.watchlists.update import update_lists
from aidtrace.workspace import Workspace

from .conftest import refs, un_publication

START = datetime(2026, 3, 1, 9, 0, tzinfo=UTC)


class Clock:
    def __init__(self) -> None:
        self.now = START

    def __call__(self) -> datetime:
        return self.now


@pytest.fixture
def clock(workspace: Workspace) -> Clock:
    found = Clock()
    workspace.clock = found
    return found


def _run(ws: Workspace, **params: object) -> list[dict[str, object]]:
    alerts = FreshnessMonitor().run(RunContext(ws, params))
    return [{"subject": a.subject, "kind": a.kind, **a.evidence} for a in alerts]


def _update(ws: Workspace, status: int, body: bytes = b"") -> None:
    source = ListSource("un", "un_xml", (("un.xml", "https://lists.test/un.xml"),))
    transport = httpx.MockTransport(lambda _: httpx.Response(status, content=body))
    update_lists(ws, ["un"], sources={"un": source}, transport=transport, sleep=lambda _: None)


def test_registered_and_needs_a_list(workspace: Workspace) -> None:
    assert MONITOR in all_monitors()
    with pytest.raises(MissingInput):
        _run(workspace)


@pytest.mark.parametrize(
    ("days", "params", "stale"),
    [
        (3, {}, False),
        (8, {}, False),  # exactly the limit is still fresh
        (9, {}, True),
        (3, {"max_age_days": "2"}, True),
        (20, {"max_age_days": 30}, False),
    ],
)
def test_a_list_not_refreshed_for_too_long_raises_one_alert(
    workspace: Workspace, clock: Clock, tmp_path: Path, days: int, params: dict[str, object],
    stale: bool,
) -> None:  # fmt: skip
    load_snapshot(workspace, un_publication(tmp_path / "un.xml", refs(5)))
    clock.now = START + timedelta(days=days)
    found = _run(workspace, **params)
    assert bool(found) == stale
    if stale:
        [alert] = found
        assert (alert["subject"], alert["kind"], alert["list"]) == ("list:un", KIND, "un")
        assert alert["current_snapshot"] == "un@1"
        assert alert["loaded_at"] == START.isoformat()
        assert alert["age_days"] == days


def test_an_update_that_finds_the_list_unchanged_refreshes_it(
    workspace: Workspace, clock: Clock, tmp_path: Path
) -> None:
    body = un_publication(tmp_path / "un.xml", refs(5)).read_bytes()
    _update(workspace, 200, body)
    clock.now = START + timedelta(days=7)
    _update(workspace, 200, body)  # unchanged: confirmed, not reloaded
    clock.now = START + timedelta(days=10)
    assert _run(workspace) == []
    clock.now = START + timedelta(days=14)
    _update(workspace, 503)  # the source is down: no refresh
    clock.now = START + timedelta(days=16)
    [alert] = _run(workspace)
    assert alert["age_days"] == 9
    assert alert["refreshed_at"] == (START + timedelta(days=7)).isoformat()
    assert str(alert["last_update"]).endswith("failed")
    assert "HTTP 503" in str(alert["last_update_detail"])


def test_the_limit_comes_from_lists_toml(
    workspace: Workspace, clock: Clock, tmp_path: Path
) -> None:
    load_snapshot(workspace, un_publication(tmp_path / "un.xml", refs(5)))
    (workspace.path / "lists.toml").write_text("[freshness]\nmax_age_days = 2\n")
    clock.now = START + timedelta(days=3)
    assert len(_run(workspace)) == 1
    assert _run(workspace, max_age_days="4") == []
