"""The desk's write path: a comment or a decision reads neither the key records nor the audit
mark from the store once the desk has them (kept per store connection), and each is still in the
audit log, with the store's mark covering it; a log rolled back under the running desk is still
refused at the next write."""

from __future__ import annotations

import json
import shutil
from collections.abc import Callable, Iterator
from pathlib import Path

import httpx
import pytest
from fastapi.testclient import TestClient

from aidtrace.accounts.users import Role
from aidtrace.audit import record, verify
from aidtrace.audit.log import HEAD, INDEX, LOG
from aidtrace.audit.mark import read_mark
from aidtrace.errors import StoreError
from aidtrace.events import CaseCommented, DecisionRecorded
from aidtrace.keyring.ring import DESTROYED_META
from aidtrace.web import create_app
from aidtrace.web.settings import WebSettings
from aidtrace.workspace import Workspace

from .conftest import FakeClock, audit_events, sign_in

Post = Callable[[str, dict[str, str]], int]


class Desk:
    """A signed-in analyst at a desk over a private copy of the seeded workspace, with a case
    open on its first alert."""

    def __init__(self, path: Path, clock: FakeClock) -> None:
        self.path, self.clock = path, clock
        app = create_app(path, settings=WebSettings(secure_cookies=False), clock=clock)
        self.client = TestClient(app, raise_server_exceptions=False)
        # The store stays open between requests, as under steady use (a slow test machine would
        # otherwise see it closed and opened again, and everything read again).
        app.state.desk.linger = 600.0
        self.token = sign_in(self.client, Role.ANALYST)
        alert = self.client.get("/api/alerts?sort=score").json()["alerts"][0]
        r = self.post_to("/api/cases", {"alert_ids": [alert["alert_id"]]})
        assert r.status_code == 201, r.text
        self.case_id = str(r.json()["case_id"])

    def post_to(self, path: str, body: object) -> httpx.Response:
        self.clock.advance(minutes=1)
        response: httpx.Response = self.client.post(
            path, json=body, headers={"x-csrf-token": self.token}
        )
        return response

    def comment(self, text: str) -> int:
        return self.post_to(f"/api/cases/{self.case_id}/comment", {"body": text}).status_code

    def decide(self, rationale: str) -> int:
        body = {"outcome": "escalate", "rationale": rationale}
        return self.post_to(f"/api/cases/{self.case_id}/decide", body).status_code

    def close(self) -> None:
        """Close the store, as the desk does when nobody has used it for a moment."""
        self.client.app.state.desk.close()  # type: ignore[attr-defined]

    @classmethod
    def serving(cls, path: Path, clock: FakeClock) -> Iterator[Desk]:
        """A desk over ``path`` for a fixture to yield, closed after the test."""
        made = cls(path, clock)
        with made.client:
            yield made
        made.close()


@pytest.fixture
def desk(seeded_path: Path, clock: FakeClock) -> Iterator[Desk]:
    yield from Desk.serving(seeded_path, clock)


@pytest.fixture
def store_reads(store_queries: Callable[..., list[str]]) -> list[str]:
    """From now on, what every store connection is asked to read of the key records and the
    audit log's marks."""
    return store_queries("privacy_keys", "audit_marks", DESTROYED_META)


def test_writes_read_no_key_records_and_no_mark_once_the_desk_has_them(
    desk: Desk, store_reads: list[str]
) -> None:
    assert desk.comment("warming up") == 200  # the first write reads both
    assert desk.decide("warming up") == 200
    store_reads.clear()
    for n in range(3):
        assert desk.comment(f"checked the tazkira, visit {n}") == 200
        assert desk.decide(f"needs a field visit, round {n}") == 200
    assert store_reads == []


@pytest.fixture
def history_reads(store_queries: Callable[..., list[str]]) -> list[str]:
    """From now on, every store read of a case's notes (its history)."""
    return store_queries("case_notes")


def test_a_comment_reads_one_row_of_the_case_not_its_history(
    desk: Desk, history_reads: list[str]
) -> None:
    assert desk.comment("first") == 200
    assert desk.comment("second") == 200
    assert history_reads == []
    before = len(audit_events_of(desk))
    r = desk.post_to("/api/cases/ffffffffffffffff/comment", {"body": "to no case"})
    assert r.status_code == 404
    assert len(audit_events_of(desk)) == before


def audit_events_of(desk: Desk) -> list[object]:
    desk.close()
    with Workspace.open(desk.path, read_only=True) as ws:
        return list(audit_events(ws))


def test_every_comment_and_decision_is_logged_and_marked(desk: Desk) -> None:
    for n in range(4):
        assert desk.comment(f"comment {n}") == 200
        assert desk.decide(f"decision {n}") == 200
    desk.close()
    with Workspace.open(desk.path) as ws:
        events = audit_events(ws)
        mark = read_mark(ws.engine)
        checked = verify(ws)
    mine = [e for e in events if getattr(e, "case_id", None) == desk.case_id]
    assert sum(isinstance(e, CaseCommented) for e in mine) == 4
    assert sum(isinstance(e, DecisionRecorded) for e in mine) == 4
    assert all(e.actor == "analyst" for e in mine)
    assert mark is not None
    assert mark.tree_size == len(events) == checked.entries


def _rolled_back(audit_dir: Path, saved: Path) -> None:
    """Put the log's files back as they were saved (an older head, the log cut to match)."""
    for name in (LOG, INDEX, HEAD):
        shutil.copy2(saved / name, audit_dir / name)


def test_a_log_rolled_back_under_the_running_desk_is_refused(desk: Desk, tmp_path: Path) -> None:
    audit_dir = desk.path / "audit"
    assert desk.comment("before the copy") == 200
    saved = tmp_path / "saved"
    saved.mkdir()
    for name in (LOG, INDEX, HEAD):
        shutil.copy2(audit_dir / name, saved / name)
    size = json.loads((saved / HEAD).read_text())["head"]["tree_size"]
    assert desk.decide("after the copy") == 200  # the store's mark moves past the copy
    _rolled_back(audit_dir, saved)
    assert desk.comment("after the rollback") == 409
    assert desk.decide("after the rollback") == 409
    assert json.loads((audit_dir / HEAD).read_text())["head"]["tree_size"] == size


def _commented(n: int) -> CaseCommented:
    return CaseCommented(
        at=FakeClock().now, actor="analyst", case_id="c1", comment_id=f"n{n}", body_sha256="0" * 64
    )


def _logged_then_failed(ws: Workspace) -> None:
    with ws.engine.transaction():
        record(ws, _commented(1))
        ws.engine.execute("INSERT INTO no_such_table VALUES (1)")


def test_an_append_after_a_change_rolled_back_is_marked_and_verifies(
    workspace: Workspace,
) -> None:
    """The mark kept from an append whose change was rolled back is ahead of the store's: the
    next append is not refused for it, and its own mark commits."""
    record(workspace, _commented(0))  # the mark is read, then kept
    workspace.engine.execute("CHECKPOINT")
    with pytest.raises(StoreError):
        _logged_then_failed(workspace)
    assert read_mark(workspace.engine).tree_size == 1  # type: ignore[union-attr]
    assert record(workspace, _commented(2)).tree_size == 3
    workspace.engine.execute("CHECKPOINT")  # commits what joined it
    assert read_mark(workspace.engine).tree_size == 3  # type: ignore[union-attr]
    assert verify(workspace).entries == 3
